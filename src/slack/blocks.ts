// Small Block Kit helpers shared by every view. The one rule they exist for: text that came from outside
// (WhatsApp names, group names, messages, error strings) is escaped before it meets mrkdwn, and is cut
// to Slack's limits without breaking what the escaping produced.
import type { MrkdwnElement, PlainTextElement } from '@slack/types';

const ELLIPSIS = '…';
const ENTITY_AT_START = /^&(?:amp|lt|gt);/;
const LONGEST_ENTITY = '&amp;'.length;

/** Neutralises Slack's three control characters; `&` goes first so the others are not double-escaped. */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Cuts `s` to at most `max` UTF-16 units, ending with '…'. Works on escaped text: a cut that would land
 * inside `&amp;`/`&lt;`/`&gt;` moves to before the entity, and a surrogate pair is never split.
 */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max < 1) return '';
  let head = s.slice(0, max - ELLIPSIS.length);
  const amp = head.lastIndexOf('&');
  if (amp >= 0 && amp > head.length - LONGEST_ENTITY) {
    const entity = ENTITY_AT_START.exec(s.slice(amp));
    if (entity && amp + entity[0].length > head.length) head = head.slice(0, amp);
  }
  const last = head.charCodeAt(head.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) head = head.slice(0, -1);
  return head + ELLIPSIS;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * Slack's date token, so each reader sees the time in their own time zone. The fallback (shown by
 * clients that cannot render the token, and in notifications) is UTC.
 */
export function dateToken(date: Date, format = '{date_short_pretty} at {time}'): string {
  const ms = date.getTime();
  if (Number.isNaN(ms)) return 'an unknown time';
  const fallback =
    `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
  return `<!date^${Math.floor(ms / 1000)}^${format}|${escapeMrkdwn(fallback)}>`;
}

/** A plain_text object: Slack rejects empty text, so blank input becomes a dash. */
export function plain(text: string, max = 3000): PlainTextElement & { emoji: boolean } {
  const safe = text.trim() === '' ? '—' : text;
  return { type: 'plain_text', text: truncate(safe, max), emoji: true };
}

/** Slack's limits for text objects (slack-platform.md §2): a section's or context's text, a field. */
export const TEXT_MAX = 3000;
export const FIELD_MAX = 2000;

/**
 * A mrkdwn object. The caller passes text that is already escaped (and quoted); this is the one place
 * that fits it to Slack's limit, after escaping and quoting, so no builder can exceed it.
 */
export function md(text: string, max = TEXT_MAX): MrkdwnElement {
  return { type: 'mrkdwn', text: text === '' ? ' ' : truncate(text, max) };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Escapes `raw` and bolds every case-insensitive occurrence of `term` (original casing kept), cut to
 * `max`. Matching happens on the raw text, so a term never matches inside an entity the escaping made,
 * and the bold markers never land inside one either. A match the cut would split is left unbolded.
 */
export function escapeAndHighlight(raw: string, term: string | null | undefined, max: number): string {
  const needle = term?.trim() ?? '';
  if (needle === '' || needle.includes('\n')) return truncate(escapeMrkdwn(raw), max);
  let out = '';
  let from = 0;
  const pieces: { start: number; text: string; hit: boolean }[] = [];
  for (const m of raw.matchAll(new RegExp(escapeRegExp(needle), 'gi'))) {
    if (m.index > from) pieces.push({ start: from, text: raw.slice(from, m.index), hit: false });
    pieces.push({ start: m.index, text: m[0], hit: true });
    from = m.index + m[0].length;
  }
  if (from < raw.length) pieces.push({ start: from, text: raw.slice(from), hit: false });
  for (const [i, piece] of pieces.entries()) {
    const body = escapeMrkdwn(piece.text);
    const next = piece.hit ? `*${body}*` : body;
    // Until the last piece, keep one unit spare so a later cut always has room for its '…'.
    const budget = i === pieces.length - 1 ? max : max - 1;
    if (out.length + next.length > budget) {
      return out + truncate(escapeMrkdwn(raw.slice(piece.start)), max - out.length);
    }
    out += next;
  }
  return out;
}

/**
 * A mrkdwn block quote: every line, blank ones included, gets the '>' prefix, and the result (prefixes
 * included) is cut to `max`, so a text of many short lines cannot grow past the limit after quoting.
 */
export function quote(text: string, max = TEXT_MAX): string {
  const quoted = text
    .split('\n')
    .map((line) => `>${line}`)
    .join('\n');
  return truncate(quoted, max);
}

const BLOCK_ID_MAX = 255;

/** A block_id that changes with each redraw: Slack asks for a new block_id whenever a message is updated. */
export function uniqueBlockId(base: string, revision: string | number): string {
  const rev = String(revision).slice(0, 64);
  return `${base.slice(0, BLOCK_ID_MAX - rev.length - 1)}.${rev}`;
}
