// The `/leads` page: ten leads, each with its moves in an overflow menu, and Prev/Next. It is an ephemeral
// message, and Slack sends no copy of an ephemeral message with a click, so everything a redraw needs (the
// filters and the offset) travels in the click itself: in the Prev/Next values and in each row's block_id.
import type { ActionsBlock, Button, ContextBlock, KnownBlock, Overflow, SectionBlock } from '@slack/types';
import { z } from 'zod';
import type { Lead } from '../../domain/lead.js';
import {
  allowedTransitions,
  isLeadStatus,
  type LeadStatus,
  PIPELINE_STATUSES,
  statusLabel,
  transitionLabel,
} from '../../domain/pipeline.js';
import { dateToken, md, plain, uniqueBlockId } from '../../slack/blocks.js';
import { contactName, oneLine } from '../lead-feed/index.js';

export const LIST_VIEW = {
  pageSize: 10,
  prevActionId: 'lead_list_prev',
  nextActionId: 'lead_list_next',
  pageActionPattern: /^lead_list_(prev|next)$/,
  rowActionId: 'lead_list_row',
  rowBlockPrefix: 'lead_row_',
  pagerBlockPrefix: 'lead_list_pager',
} as const;

// What a page shows (filters + offset), in a compact JSON form small enough for a row's block_id (255
// characters) and read back with zod, because it comes back to us inside a click.
export type LeadStatusFilter = LeadStatus | 'all';

export interface LeadListState {
  status: LeadStatusFilter;
  /** Search text as MoltFlow receives it (Slack's entity escaping undone). */
  search: string | null;
  groupId: string | null;
  /** For the title only; dropped when a row's block_id has no room for it. */
  groupName: string | null;
  offset: number;
}

export type LeadRowAction =
  | { kind: 'move'; leadId: string; to: LeadStatus }
  | { kind: 'show'; leadId: string };

const StateWire = z.object({
  s: z.enum([...PIPELINE_STATUSES, 'all']),
  q: z.string().min(1).max(200).optional(),
  g: z.string().min(1).max(128).optional(),
  n: z.string().min(1).max(200).optional(),
  o: z.number().int().min(0).max(1_000_000),
});
type StateWire = z.infer<typeof StateWire>;

export function encodeListState(state: LeadListState, opts: { withName?: boolean } = {}): string {
  const wire: StateWire = { s: state.status, o: state.offset };
  if (state.search) wire.q = state.search;
  if (state.groupId) wire.g = state.groupId;
  if (state.groupName && opts.withName !== false) wire.n = state.groupName.slice(0, 60);
  return JSON.stringify(wire);
}

/** The state inside a Prev/Next value or after the `|` of a row's block_id; null when absent or altered. */
export function parseListState(raw: unknown): LeadListState | null {
  if (typeof raw !== 'string') return null;
  const json = raw.startsWith('{') ? raw : raw.slice(raw.indexOf('|') + 1);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  const parsed = StateWire.safeParse(value);
  if (!parsed.success) return null;
  const w = parsed.data;
  return { status: w.s, search: w.q ?? null, groupId: w.g ?? null, groupName: w.n ?? null, offset: w.o };
}

export interface LeadListPage {
  leads: readonly Lead[];
  /** MoltFlow's count of every matching lead; null when its answer had none. */
  total: number | null;
  state: LeadListState;
  /** Already-escaped mrkdwn shown above the list, e.g. the outcome of a move made from it. */
  notice?: string | null;
}

const BLOCK_ID_MAX = 255;

/**
 * What the list shows, as escaped mrkdwn: "*New* leads in *Buyers Club* matching “price”". After "No",
 * every status reads "leads" ("No leads matching “dana”"), not "No All leads".
 */
export function describeListFilters(state: LeadListState, bold = true, afterNo = false): string {
  const b = (s: string) => (bold ? `*${s}*` : s);
  const status = state.status === 'all' ? 'All' : statusLabel(state.status);
  const group = state.groupName ?? state.groupId;
  const parts = [state.status === 'all' && afterNo ? 'leads' : `${b(status)} leads`];
  if (group) parts.push(`in ${b(oneLine(group, 80))}`);
  if (state.search) parts.push(`matching “${oneLine(state.search, 80)}”`);
  return parts.join(' ');
}

/** "11–20 of 47"; without a total only the range is known. */
export function pageRange(offset: number, shown: number, total: number | null): string {
  const range = shown === 0 ? 'none' : `${offset + 1}–${offset + shown}`;
  return total === null ? range : `${range} of ${total}`;
}

function rowBlockId(index: number, state: LeadListState): string {
  const prefix = `${LIST_VIEW.rowBlockPrefix}${index}`;
  for (const withName of [true, false]) {
    const id = `${prefix}|${encodeListState(state, { withName })}`;
    if (id.length <= BLOCK_ID_MAX) return id;
  }
  // Unreachable with the parser's limits; the row still works, only the list is not redrawn after a move.
  return prefix;
}

function rowText(lead: Lead): string {
  const name = oneLine(contactName(lead), 80);
  const phone = lead.name?.trim() ? ` · ${oneLine(lead.phone, 40)}` : '';
  const details = [
    oneLine(lead.sourceGroup?.name ?? '', 80) || 'no group',
    lead.keyword?.trim() ? `“${oneLine(lead.keyword, 60)}”` : null,
    dateToken(lead.detectedAt, '{date_short} {time}'),
  ].filter((part): part is string => part !== null);
  return `*${name}*${phone} · ${statusLabel(lead.status)}\n${details.join(' · ')}`;
}

function rowMenu(lead: Lead): Overflow {
  // At most four moves (from new) plus Show details: exactly Slack's limit of five options.
  const moves = allowedTransitions(lead.status).map((to) => ({
    text: plain(transitionLabel(lead.status, to), 75),
    value: `move:${to}:${lead.id}`,
  }));
  return {
    type: 'overflow',
    action_id: LIST_VIEW.rowActionId,
    options: [...moves, { text: plain('Show details', 75), value: `show:${lead.id}` }],
  };
}

function pager(page: LeadListPage): ActionsBlock | null {
  const { offset } = page.state;
  const size = LIST_VIEW.pageSize;
  const hasNext = page.total === null ? page.leads.length === size : offset + page.leads.length < page.total;
  const buttons: Button[] = [];
  if (offset > 0) {
    const value = encodeListState({ ...page.state, offset: Math.max(0, offset - size) });
    buttons.push({ type: 'button', action_id: LIST_VIEW.prevActionId, text: plain('◀ Prev', 75), value });
  }
  if (hasNext) {
    const value = encodeListState({ ...page.state, offset: offset + page.leads.length });
    buttons.push({ type: 'button', action_id: LIST_VIEW.nextActionId, text: plain('Next ▶', 75), value });
  }
  if (buttons.length === 0) return null;
  return { type: 'actions', block_id: uniqueBlockId(LIST_VIEW.pagerBlockPrefix, offset), elements: buttons };
}

export function buildLeadList(page: LeadListPage): { text: string; blocks: KnownBlock[] } {
  const { state } = page;
  // Ten rows even when MoltFlow ignores the page size and sends more: a message holds 50 blocks.
  const leads = page.leads.slice(0, LIST_VIEW.pageSize);
  const range = pageRange(state.offset, leads.length, page.total);
  const blocks: KnownBlock[] = [];
  if (page.notice) blocks.push({ type: 'context', elements: [md(page.notice)] } satisfies ContextBlock);
  if (leads.length === 0) {
    blocks.push({ type: 'section', text: md(emptyText(state)) });
    return { text: `No ${describeListFilters(state, false, true)}`, blocks };
  }
  blocks.push({ type: 'section', text: md(`${describeListFilters(state)} · ${range}`) });
  blocks.push({ type: 'divider' });
  leads.forEach((lead, i) => {
    const row: SectionBlock = {
      type: 'section',
      block_id: rowBlockId(i, state),
      text: md(rowText(lead)),
      accessory: rowMenu(lead),
    };
    blocks.push(row);
  });
  const nav = pager({ ...page, leads });
  if (nav) blocks.push(nav);
  return { text: `${describeListFilters(state, false)}: ${range}`, blocks };
}

function emptyText(state: LeadListState): string {
  if (state.offset > 0)
    return `No more ${describeListFilters(state, true, true)}. Type \`/leads\` to start over.`;
  const hints: string[] = [];
  if (state.status !== 'all') hints.push('`/leads all` for every status');
  if (state.search) hints.push('a shorter search');
  if (state.groupId) hints.push('another group');
  const hint = hints.length > 0 ? ` Try ${hints.join(', or ')}.` : '';
  return `No ${describeListFilters(state, true, true)} right now.${hint}`;
}

/** Reads an overflow choice this list built; null for anything else. */
export function parseRowChoice(value: unknown): LeadRowAction | null {
  if (typeof value !== 'string') return null;
  const show = /^show:([A-Za-z0-9_-]{1,128})$/.exec(value);
  if (show?.[1]) return { kind: 'show', leadId: show[1] };
  const move = /^move:(new|contacted|qualified|converted|lost):([A-Za-z0-9_-]{1,128})$/.exec(value);
  const to = move?.[1];
  if (move?.[2] && isLeadStatus(to)) return { kind: 'move', to, leadId: move[2] };
  return null;
}
