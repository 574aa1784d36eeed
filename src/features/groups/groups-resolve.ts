// Which group a person means: `/groups show VIP buyers`, `/groups add "VIP" +1 415 555 2671`, or an id
// from a button. Ids match exactly, names case-insensitively; two groups with one name are never guessed.

import type { MoltflowClient } from '../../api/client.js';
import { type CustomGroup, listAllCustomGroups } from '../../api/custom-groups.js';

export type GroupMatch =
  | { kind: 'found'; group: CustomGroup }
  | { kind: 'ambiguous'; matches: CustomGroup[] }
  | { kind: 'none'; suggestions: CustomGroup[] };

const normal = (s: string) => s.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();

export function unquoteName(text: string): string {
  const t = text.trim();
  const m = /^(["“”'‘’])(.*)(["“”'‘’])$/.exec(t);
  return (m ? (m[2] ?? '') : t).trim();
}

export function matchGroup(groups: readonly CustomGroup[], query: string): GroupMatch {
  const q = unquoteName(query);
  const byId = groups.find((g) => g.id === q);
  if (byId) return { kind: 'found', group: byId };
  const named = groups.filter((g) => normal(g.name) === normal(q));
  if (named.length === 1 && named[0]) return { kind: 'found', group: named[0] };
  if (named.length > 1) return { kind: 'ambiguous', matches: named };
  const partial = normal(q) === '' ? [] : groups.filter((g) => normal(g.name).includes(normal(q)));
  return { kind: 'none', suggestions: partial.slice(0, 5) };
}

export async function lookupGroup(client: MoltflowClient, query: string): Promise<GroupMatch> {
  return matchGroup(await listAllCustomGroups(client), query);
}

// Where typed numbers start after a group name: `+…`, `00…`, an area code in brackets, or 6+ digits.
const PHONE_START = /^(?:\+\d|00\d|\(\d{2,4}\)$|[\d().-]*\d{6,})/;

/**
 * Splits `VIP buyers +1 415 555 2671, +44 20 7946 0958` into the group and the numbers (null when none were
 * typed). A quoted name may hold anything: `"Promo 2026" +1…`.
 */
export function splitGroupAndPhones(text: string): { groupQuery: string; phones: string | null } {
  const t = text.trim();
  const quoted = /^(["“”'‘’])(.*?)(["“”'‘’])(\s+|$)(.*)$/s.exec(t);
  if (quoted) {
    const rest = (quoted[5] ?? '').trim();
    return { groupQuery: (quoted[2] ?? '').trim(), phones: rest === '' ? null : rest };
  }
  const tokens = t.split(/\s+/).filter(Boolean);
  const start = tokens.findIndex((tok, i) => i > 0 && PHONE_START.test(tok));
  if (start < 0) return { groupQuery: t, phones: null };
  return { groupQuery: tokens.slice(0, start).join(' '), phones: tokens.slice(start).join(' ') };
}

/**
 * Numbers typed after a command, one per line for the parser: split at commas, semicolons and line breaks,
 * and at spaces only when every piece is a whole number on its own (`+1415… +4420…`), since a single
 * number is often written with spaces (`+1 415 555 2671`).
 */
export function inlinePhonesToLines(text: string): string {
  return text
    .split(/[,;\n]+/)
    .flatMap((piece) => {
      const tokens = piece.trim().split(/\s+/).filter(Boolean);
      return tokens.length > 1 && tokens.every((tok) => /^\+?\d{7,15}$/.test(tok)) ? tokens : [piece.trim()];
    })
    .filter(Boolean)
    .join('\n');
}

/** Names people would read as the same group: case, spacing and Unicode forms ignored. */
export const sameGroupName = (a: string, b: string): boolean => normal(a) === normal(b);
