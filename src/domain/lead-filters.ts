// The filters people type after `/leads export csv` or `/leads bulk`: `status qualified` (or just
// `qualified`), `search <text>`, `group <name or id>`. A value runs until the next keyword, so group names
// with spaces need no quotes; quotes are accepted anyway. The text arrives already decoded (Slack
// entity-encodes &, < and > in command text; the /leads router undoes that once, see slack/command-text.ts).
import { isLeadStatus, type LeadStatus } from './pipeline.js';

export interface LeadFilters {
  status?: LeadStatus;
  search?: string;
  /** A monitored group's name or id, as typed; resolved against GET /groups by the caller. */
  group?: string;
}

export type FilterProblem =
  | { kind: 'unknown_status'; value: string }
  | { kind: 'missing_value'; key: FilterKey }
  | { kind: 'unexpected'; value: string };

export type FilterParse = { ok: true; filters: LeadFilters } | { ok: false; problem: FilterProblem };

type FilterKey = 'status' | 'search' | 'group';
const KEY_TOKEN = /^(status|search|group)(?:[:=](.*))?$/i;

/** Splits on whitespace, keeping "quoted values" (straight or curly quotes) together. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const m of text.matchAll(/"([^"]*)"|“([^”]*)”|(\S+)/g)) {
    tokens.push(m[1] ?? m[2] ?? m[3] ?? '');
  }
  return tokens;
}

export function parseLeadFilters(text: string): FilterParse {
  const filters: LeadFilters = {};
  const tokens = tokenize(text);
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i] ?? '';
    i += 1;
    const key = KEY_TOKEN.exec(token);
    if (!key) {
      const word = token.toLowerCase();
      if (isLeadStatus(word)) filters.status = word;
      else return { ok: false, problem: { kind: 'unexpected', value: token } };
      continue;
    }
    const name = (key[1] ?? '').toLowerCase() as FilterKey;
    const words = key[2] ? [key[2]] : [];
    // A status is one word; search text and group names run until the next keyword.
    const oneWord = name === 'status';
    while (i < tokens.length && !KEY_TOKEN.test(tokens[i] ?? '') && !(oneWord && words.length > 0)) {
      words.push(tokens[i] ?? '');
      i += 1;
    }
    const value = words.join(' ').trim();
    if (value === '') return { ok: false, problem: { kind: 'missing_value', key: name } };
    if (name === 'status') {
      const status = value.toLowerCase();
      if (!isLeadStatus(status)) return { ok: false, problem: { kind: 'unknown_status', value } };
      filters.status = status;
    } else filters[name] = value;
  }
  return { ok: true, filters };
}

/** Short words for what the filters select, e.g. "status qualified, group Buyers Club" (not escaped). */
export function describeFilters(filters: LeadFilters & { groupName?: string | null }): string {
  const parts: string[] = [];
  if (filters.status) parts.push(`status ${filters.status}`);
  if (filters.group) parts.push(`group ${filters.groupName ?? filters.group}`);
  if (filters.search) parts.push(`matching "${filters.search}"`);
  return parts.length > 0 ? parts.join(', ') : 'all leads';
}
