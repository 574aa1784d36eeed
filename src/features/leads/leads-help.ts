// The answers `/leads` gives without asking MoltFlow: its usage, and what was wrong with what was typed.
import type { KnownBlock } from '@slack/types';
import { escapeMrkdwn, md } from '../../slack/blocks.js';

export function buildLeadsHelp(): { text: string; blocks: KnownBlock[] } {
  const text =
    '*/leads* finds and moves leads without scrolling the channel (only you see the answers):\n' +
    '• `/leads` the newest *new* leads, 10 a page\n' +
    '• `/leads contacted` by status: `new`, `contacted`, `qualified`, `converted`, `lost` or `all`\n' +
    '• `/leads search maria` by name, phone or keyword\n' +
    '• `/leads group Buyers Club` by the WhatsApp group they came from\n' +
    '• `/leads qualified group Buyers Club search price page 2` filters combine\n' +
    '• `/leads show +15551234567` or `/leads show <lead id>` one lead in detail\n' +
    '• `/leads export csv` and `/leads bulk` export or change many leads at once';
  return {
    text: 'Usage: /leads [status] [search <text>] [group <name>] | show <id or phone>',
    blocks: [{ type: 'section', text: md(text) }],
  };
}

/** `problem` and `example` are plain text; both are escaped here, so typed text cannot ping anyone. */
export function buildLeadsProblem(problem: string, example: string): string {
  return `${escapeMrkdwn(problem)}\nFor example: ${escapeMrkdwn(example)}. \`/leads help\` shows everything.`;
}
