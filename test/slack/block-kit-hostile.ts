// Hostile sizes for the Block Kit limits test: texts as long as people and MoltFlow can make them, full of
// what escaping grows (`<`, `>`, `&` become four or five characters) and what a careless cut breaks
// (emoji and other surrogate pairs), plus the shape of one case in the builders' table.
import type { Lead } from '../../src/domain/lead.js';
import { escapeMrkdwn } from '../../src/slack/blocks.js';

// Escaping makes this about 2.8 times longer (a name of 1,000 becomes about 2,800 characters of mrkdwn).
const PIECES = [
  '<!channel>',
  '&&<<>>&&<<>>',
  '😀',
  '<@U0HOSTILE>',
  '&&&&>>>><<<<',
  '🦄',
  '*b*',
  '&amp;',
  '𝒳',
  '<&>&<&>&<&>',
  '_i_',
  '\u200b',
];

/** Exactly `length` UTF-16 units of hostile text; never ends inside a surrogate pair. */
export function hostile(length: number, seed = 0): string {
  let out = '';
  for (let i = seed; out.length < length; i += 1) out += PIECES[i % PIECES.length];
  const cut = out.slice(0, length);
  return /[\uD800-\uDBFF]$/.test(cut) ? `${cut.slice(0, -1)}x` : cut;
}

/** A 5,000-character message. */
export const HUGE = hostile(5000);
/** A text of 1,000 short lines, some blank: each costs a '>' when quoted, so quoting can double its length. */
export const LINES = Array.from({ length: 1000 }, (_, i) => ['<', '', '&', '😀', '>>', `${i}`][i % 6]).join(
  '\n',
);
/** Names: 255 characters (what Slack's own inputs allow) and 1,000 (what MoltFlow's types allow). */
export const NAME = hostile(255, 3);
export const LONG_NAME = hostile(1000, 5);
/** The 1,000-character name escaping grows most: five times, to 5,000 characters of mrkdwn. */
export const AMP_NAME = '&'.repeat(1000);
/** A MoltFlow error detail of 300 characters. */
export const DETAIL = hostile(300, 7);
/** The same texts escaped, for builders that take mrkdwn the caller has already escaped. */
export const HUGE_MRKDWN = escapeMrkdwn(HUGE);
export const LINES_MRKDWN = escapeMrkdwn(LINES);
export const DETAIL_MRKDWN = escapeMrkdwn(DETAIL);

export const many = <T>(n: number, make: (i: number) => T): T[] =>
  Array.from({ length: n }, (_, i) => make(i));
/** An id as MoltFlow makes them (a UUID), distinct per index. */
export const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

export const AT = new Date('2026-03-01T09:30:00Z');

export function hostileLead(i: number, over: Partial<Lead> = {}): Lead {
  return {
    id: uuid(i),
    phone: hostile(1000, i),
    name: LONG_NAME,
    status: 'new',
    score: 99,
    detectedAt: AT,
    sourceGroup: { id: uuid(9000 + i), name: LONG_NAME },
    keyword: hostile(1000, i + 1),
    preview: HUGE,
    monitorMode: hostile(1000, i + 2),
    messageCount: 1_000_000,
    ...over,
  };
}

/**
 * Where a builder's output goes, so the test knows which of Slack's limits applies:
 * - `modal`: a view for views.open/update/push (validateView);
 * - `message`: `{ text, blocks }` for chat.postMessage/response_url (blocks, and the fallback text);
 * - `blocks`: a list of blocks placed into a message or a modal;
 * - `element`: one interactive element, checked inside an actions block;
 * - `option`: one select option (or null when the builder declines), checked inside a static_select;
 * - `text`: a string, held to the limit of the place it goes (see TEXT_LIMITS).
 */
export type Check =
  | { kind: 'modal' }
  | { kind: 'message' }
  | { kind: 'blocks'; surface: 'message' | 'modal' }
  | { kind: 'element' }
  | { kind: 'option' }
  | { kind: 'text'; where: TextPlace };

/**
 * Slack's limit for each place a built string goes (slack-platform.md §2). A field error shown under a modal
 * input has no documented limit; it is held to a section's.
 */
export const TEXT_LIMITS = {
  section: 3000,
  context: 3000,
  field: 2000,
  'field error': 3000,
  'message text': 40_000,
} as const;
export type TextPlace = keyof typeof TEXT_LIMITS;

export interface Case {
  name: string;
  check: Check;
  run: () => unknown;
  /** Words the output must still contain: the cut fell on the untrusted text, not on what to do next. */
  keeps?: RegExp;
}

/** Cases by builder, keyed `path/under/src.ts#buildName`. */
export type Cases = Record<string, Case[]>;

const make =
  (check: Check) =>
  (name: string, run: () => unknown, keeps?: RegExp): Case => ({
    name,
    check,
    run,
    ...(keeps ? { keeps } : {}),
  });

export const modal = make({ kind: 'modal' });
export const message = make({ kind: 'message' });
export const messageBlocks = make({ kind: 'blocks', surface: 'message' });
export const modalBlocks = make({ kind: 'blocks', surface: 'modal' });
export const element = make({ kind: 'element' });
export const option = make({ kind: 'option' });
export const text = (where: TextPlace) => make({ kind: 'text', where });
