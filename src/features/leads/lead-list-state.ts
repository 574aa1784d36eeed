// What a `/leads` page shows (filters + offset), in a compact JSON form small enough for a row's block_id
// (255 characters) and read back with zod, because it comes back to us inside a click.
import { z } from 'zod';
import { type LeadStatus, PIPELINE_STATUSES } from '../../domain/pipeline.js';

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
