// `/groups help`: every group command with one line each, and how to type contacts.
import type { KnownBlock } from '@slack/types';
import { escapeMrkdwn, md } from '../../slack/blocks.js';

export const GROUPS_USAGE =
  'list | create | show | add | remove | rename | delete | export | contacts | help';

export function buildGroupsHelp(region: string | undefined): { text: string; blocks: KnownBlock[] } {
  const numbers = region
    ? `Numbers without a country code are read as ${escapeMrkdwn(region)} numbers.`
    : 'Start each number with + and its country code (an admin can set DEFAULT_PHONE_REGION to change that).';
  const lines = [
    '*Contact groups* are the MoltFlow audiences for bulk sends and scheduled messages.',
    '• `/groups` lists your groups, with buttons to show, export, rename or delete each one',
    '• `/groups create [name]` opens a form: a name, and contacts one per line (`+14155552671` or `+14155552671, Ana`)',
    '• `/groups show <group>` pages through its members',
    '• `/groups add <group>` and `/groups remove <group>` open a form, or take numbers right away: `/groups add VIP +14155552671, +442079460958`',
    '• `/groups rename <group>` · `/groups delete <group>` (asks first)',
    '• `/groups export <group> csv|json` shares the members as a file here',
    '• `/groups contacts` pages through the unique contacts across your WhatsApp sessions',
    `A group is its name (any case) or its id; put a name in quotes if it has numbers in it. ${numbers}`,
  ];
  return {
    text: `Contact groups: /groups ${GROUPS_USAGE}`,
    blocks: [{ type: 'section', text: md(lines.join('\n')) }],
  };
}
