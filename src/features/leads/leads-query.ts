// Reads what people type after `/leads`. Forgiving (any case, `status:new`, quotes optional, curly quotes)
// but never guessing silently: anything it cannot read becomes a short answer with an example of the right
// form. Search text and group names run until the next keyword, as in `/leads export` (domain/lead-filters),
// so `/leads contacted group Buyers Club search price` needs no quotes.
import { isLeadStatus, PIPELINE_STATUSES } from '../../domain/pipeline.js';
import { decodeCommandText } from '../../slack/command-text.js';
import type { LeadStatusFilter } from './lead-list-view.js';

export interface LeadsFilter {
  status: LeadStatusFilter;
  search: string | null;
  /** A monitored group's name or id, as typed. */
  group: string | null;
  /** 1-based. */
  page: number;
}

export type LeadTarget = { kind: 'id'; id: string } | { kind: 'phone'; typed: string };

export type LeadsRequest =
  | { kind: 'list'; filter: LeadsFilter }
  | { kind: 'show'; target: LeadTarget }
  | { kind: 'help' }
  | { kind: 'export' | 'bulk'; rest: string }
  /** `problem` is plain text (unescaped); the reply escapes it and adds the example. */
  | { kind: 'invalid'; problem: string; example: string };

/** Long enough for any real search; short enough that the filters fit in a row's block_id. */
export const MAX_SEARCH = 60;
const MAX_GROUP = 100;
const KEYWORDS = new Set(['search', 'group', 'page', 'status']);
const STATUS_WORDS: readonly string[] = [...PIPELINE_STATUSES, 'all'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PHONE = /^[+\d\s().\-\u2010-\u2015/]+$/;

export const USAGE_EXAMPLES = {
  list: '`/leads contacted`, `/leads search maria`, `/leads group Buyers Club`',
  show: '`/leads show +15551234567` or `/leads show 3f2b6c1e-9a4d-4c57-8e0f-1a2b3c4d5e6f`',
} as const;

const invalid = (problem: string, example: string = USAGE_EXAMPLES.list): LeadsRequest => ({
  kind: 'invalid',
  problem,
  example,
});

export function parseLeadsCommand(raw: string): LeadsRequest {
  const text = decodeCommandText(raw).replace(/\s+/g, ' ').trim();
  const [first = '', ...others] = text.split(' ');
  const rest = others.join(' ');
  switch (first.toLowerCase()) {
    case 'help':
      return { kind: 'help' };
    case 'export':
    case 'bulk':
      return { kind: first.toLowerCase() as 'export' | 'bulk', rest };
    case 'show':
      return parseTarget(rest);
    default:
      return parseFilter(tokenize(text));
  }
}

function parseTarget(typed: string): LeadsRequest {
  const target = typed.replace(/^["“]|["”]$/g, '').trim();
  if (target === '') return invalid('Say which lead to show.', USAGE_EXAMPLES.show);
  if (UUID.test(target)) return { kind: 'show', target: { kind: 'id', id: target } };
  const digits = target.replace(/\D/g, '').length;
  if (PHONE.test(target) && digits >= 6 && digits <= 15)
    return { kind: 'show', target: { kind: 'phone', typed: target } };
  if (/^[A-Za-z0-9_-]{1,128}$/.test(target)) return { kind: 'show', target: { kind: 'id', id: target } };
  return invalid(`"${target.slice(0, 60)}" is neither a lead id nor a phone number.`, USAGE_EXAMPLES.show);
}

function parseFilter(tokens: Token[]): LeadsRequest {
  const filter: LeadsFilter = { status: 'new', search: null, group: null, page: 1 };
  let statusSeen = false;
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i] as Token;
    i += 1;
    const keyed = token.quoted ? null : /^(status|search|group|page)(?:[:=](.*))?$/i.exec(token.text);
    const word = token.text.toLowerCase();
    if (!keyed) {
      if (token.quoted || !STATUS_WORDS.includes(word)) return unknownWord(token.text);
      if (statusSeen) return invalid('Pick one status at a time (or `all`).');
      filter.status = word as LeadStatusFilter;
      statusSeen = true;
      continue;
    }
    const key = (keyed[1] ?? '').toLowerCase();
    const words = keyed[2] ? [keyed[2]] : [];
    // status and page take one word; search text and group names run to the next keyword.
    const oneWord = key === 'status' || key === 'page';
    while (i < tokens.length && !(oneWord && words.length > 0)) {
      const next = tokens[i] as Token;
      if (!next.quoted && KEYWORDS.has(next.text.toLowerCase().split(/[:=]/)[0] ?? '')) break;
      words.push(next.text);
      i += 1;
    }
    const value = words.join(' ').trim();
    const problem = applyKey(filter, key, value, statusSeen);
    if (problem) return problem;
    if (key === 'status') statusSeen = true;
  }
  // Someone searching for "dana" means Dana, whatever her status; only a status word they typed narrows it.
  if (filter.search !== null && !statusSeen) filter.status = 'all';
  return { kind: 'list', filter };
}

function applyKey(filter: LeadsFilter, key: string, value: string, statusSeen: boolean): LeadsRequest | null {
  if (key === 'status') {
    const status = value.toLowerCase();
    if (!STATUS_WORDS.includes(status)) return unknownWord(value || 'status');
    if (statusSeen) return invalid('Pick one status at a time (or `all`).');
    filter.status = status as LeadStatusFilter;
    return null;
  }
  if (key === 'page') {
    if (!/^\d{1,4}$/.test(value) || Number(value) < 1)
      return invalid('Give a page number from 1, e.g. `page 2`.', '`/leads contacted page 2`');
    filter.page = Number(value);
    return null;
  }
  const label = key === 'search' ? 'search text' : 'group name';
  const example = key === 'search' ? '`/leads search maria`' : '`/leads group Buyers Club`';
  if (value === '') return invalid(`Add the ${label} after \`${key}\`.`, example);
  if ((key === 'search' && filter.search !== null) || (key === 'group' && filter.group !== null))
    return invalid(`Use \`${key}\` once.`, example);
  const max = key === 'search' ? MAX_SEARCH : MAX_GROUP;
  if (value.length > max)
    return invalid(`That ${label} is too long; keep it under ${max} characters.`, example);
  if (key === 'search') filter.search = value;
  else filter.group = value;
  return null;
}

function unknownWord(word: string): LeadsRequest {
  const typed = word.slice(0, 40);
  const near = STATUS_WORDS.find((s) => isLeadStatus(s) && closeTo(typed.toLowerCase(), s));
  if (near) return invalid(`"${typed}" is not a status; did you mean \`${near}\`?`, `\`/leads ${near}\``);
  return invalid(
    `I don't understand "${typed}". Statuses are ${STATUS_WORDS.join(', ')}; filters are \`search <text>\`, \`group <name>\` and \`page <n>\`.`,
    /^[\p{L}\p{N}+]+$/u.test(typed) ? `\`/leads search ${typed}\`` : USAGE_EXAMPLES.list,
  );
}

// The small text tools behind the parser: quote-aware tokens, and a typo check so "contactd" is answered
// with "did you mean contacted?".

interface Token {
  text: string;
  quoted: boolean;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(/"([^"]*)"?|“([^”]*)”?|(\S+)/g)) {
    const quoted = m[3] === undefined;
    tokens.push({ text: (m[1] ?? m[2] ?? m[3] ?? '').trim(), quoted });
  }
  return tokens;
}

/** A typo of a status: a prefix of at least 3 letters, or at most two edits away. */
function closeTo(word: string, status: string): boolean {
  if (word.length >= 3 && status.startsWith(word)) return true;
  const d: number[][] = Array.from({ length: word.length + 1 }, (_, r) =>
    Array.from({ length: status.length + 1 }, (_, c) => (r === 0 ? c : c === 0 ? r : 0)),
  );
  for (let r = 1; r <= word.length; r += 1) {
    for (let c = 1; c <= status.length; c += 1) {
      const cost = word[r - 1] === status[c - 1] ? 0 : 1;
      const row = d[r] as number[];
      const prev = d[r - 1] as number[];
      row[c] = Math.min((prev[c] as number) + 1, (row[c - 1] as number) + 1, (prev[c - 1] as number) + cost);
    }
  }
  return ((d[word.length] as number[])[status.length] as number) <= 2;
}
