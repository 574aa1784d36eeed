// The answer to `/moltflow help`: what the app does and only the commands that exist today, so no one
// is sent looking for a command that is not there yet.
import type { KnownBlock } from '@slack/types';
import { md, plain } from '../../slack/blocks.js';

export const HELP_COMMANDS = [
  '/moltflow help',
  '/moltflow status',
  '/moltflow route',
  '/moltflow routes',
  '/leads',
  '/groups',
  '/bulksend',
  '/schedule',
] as const;

export function buildHelpMessage(): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain('MoltFlow for Slack') },
    {
      type: 'section',
      text: md(
        'I bring your MoltFlow WhatsApp leads into Slack. When MoltFlow detects a lead in a monitored ' +
          'group, a card with the contact, the group, the keyword and the message shows up in the leads channel.',
      ),
    },
    {
      type: 'section',
      text: md(
        '*On each lead card*\n' +
          'Use the buttons to move the lead along: *New → Contacted → Qualified → Converted*. ' +
          '*Mark lost* takes it out of the pipeline and *Reopen* brings a lost lead back to New. ' +
          'The card shows who changed it and when, and it keeps up when someone changes the lead in MoltFlow. ' +
          '*Add to group* puts the contact into a contact group (and warns if they never wrote to you first).',
      ),
    },
    {
      type: 'section',
      text: md(
        '*Commands*\n' +
          '• `/moltflow help` shows this message\n' +
          '• `/moltflow status` checks the MoltFlow connection, your WhatsApp sessions and the lead feed\n' +
          "• `/moltflow route <group> #channel` sends a source group's new leads to that channel; `/moltflow routes` lists and removes routes\n" +
          '• `/leads` finds leads by status, search or group, shows one in detail and moves it; `/leads help` for more\n' +
          '• `/leads export csv|json [filters]` uploads the leads as a file (Pro plan); `/leads bulk` moves many leads at once or adds them to a contact group\n' +
          '• `/groups` lists, creates and edits contact groups (the audiences for outreach); `/groups help` for more\n' +
          '• `/bulksend` broadcasts a message to a contact group with live progress you can pause or cancel; `/bulksend list` shows recent ones\n' +
          '• `/schedule` schedules a WhatsApp message to a contact group, once or on a repeat; `/schedule list` to pause, resume or cancel',
      ),
    },
  ];
  return {
    text: 'MoltFlow for Slack: lead cards arrive in the leads channel. Commands: /moltflow help, /moltflow status, /moltflow route, /moltflow routes, /leads, /groups, /bulksend, /schedule',
    blocks,
  };
}
