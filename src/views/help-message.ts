// The answer to `/moltflow help`: what the app does and only the commands that exist today, so no one
// is sent looking for a command that is not there yet.
import type { KnownBlock } from '@slack/types';
import { md, plain } from './blocks.js';

export const HELP_COMMANDS = ['/moltflow help', '/moltflow status'] as const;

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
          'The card shows who changed it and when, and it keeps up when someone changes the lead in MoltFlow.',
      ),
    },
    {
      type: 'section',
      text: md(
        '*Commands*\n' +
          '• `/moltflow help` shows this message\n' +
          '• `/moltflow status` checks the MoltFlow connection, your WhatsApp sessions and the lead feed',
      ),
    },
  ];
  return {
    text: 'MoltFlow for Slack: lead cards arrive in the leads channel. Commands: /moltflow help, /moltflow status',
    blocks,
  };
}
