// What the `/leads bulk` modal carries between Slack and us: the ids of its blocks, the filters (in
// private_metadata and in its inputs), the lead options (id, status and phone packed into Slack's
// 75-character option value), and the submission read back with zod.
import { z } from 'zod';
import { isLeadStatus, type LeadStatus, PIPELINE_STATUSES } from '../../domain/pipeline.js';

export const BULK_MODAL = {
  callbackId: 'leads_bulk',
  statusBlock: 'leads_bulk_status',
  statusAction: 'leads_bulk_status_pick',
  groupBlock: 'leads_bulk_group',
  groupAction: 'leads_bulk_group_pick',
  searchBlock: 'leads_bulk_search',
  searchAction: 'leads_bulk_search_text',
  countBlock: 'leads_bulk_count',
  leadsBlock: 'leads_bulk_leads',
  leadsAction: 'leads_bulk_leads_pick',
  actionBlock: 'leads_bulk_action',
  actionAction: 'leads_bulk_action_pick',
  /** The filter inputs dispatch an action when changed: their action_ids start with this. */
  filterActionPattern: /^leads_bulk_(status_pick|group_pick|search_text)$/,
  anyValue: 'any',
  maxLeads: 100,
} as const;

export interface BulkFilters {
  status: LeadStatus | null;
  groupId: string | null;
  search: string | null;
}

export interface BulkMeta {
  /** Where the command was typed: the result goes there, privately. */
  channel: string | null;
  filters: BulkFilters;
}

const MetaWire = z.object({
  c: z.string().max(32).nullable(),
  s: z.enum(PIPELINE_STATUSES).nullable(),
  g: z.string().max(128).nullable(),
  q: z.string().max(200).nullable(),
});

export function encodeBulkMeta(meta: BulkMeta): string {
  const { status, groupId, search } = meta.filters;
  return JSON.stringify(MetaWire.parse({ c: meta.channel, s: status, g: groupId, q: search }));
}

export function parseBulkMeta(raw: unknown): BulkMeta | null {
  try {
    const w = MetaWire.parse(JSON.parse(String(raw)));
    return { channel: w.c, filters: { status: w.s, groupId: w.g, search: w.q } };
  } catch {
    return null;
  }
}

/** A picked lead as its option value carries it: status and phone are what the list said when picked. */
export interface PickedLead {
  id: string;
  status: LeadStatus | null;
  phone: string | null;
  /** The option's text (name · phone · status), for the result message. */
  label: string | null;
}

const VALUE_MAX = 75;

export function encodeLeadOption(lead: { id: string; status: LeadStatus; phone: string }): string | null {
  const phone = lead.phone.replace(/[^\d+]/g, '');
  for (const value of [`${lead.id}|${lead.status}|${phone}`, `${lead.id}|${lead.status}`, lead.id]) {
    if (value.length <= VALUE_MAX) return value;
  }
  return null;
}

export function decodeLeadOption(value: string, label: string | null = null): PickedLead | null {
  const [id = '', status = '', phone = ''] = value.split('|');
  if (!/^[A-Za-z0-9_-]{1,75}$/.test(id)) return null;
  return { id, status: isLeadStatus(status) ? status : null, phone: phone || null, label };
}

export type BulkAction = { kind: 'move'; to: LeadStatus } | { kind: 'group'; groupId: string };

export function encodeBulkAction(action: BulkAction): string {
  return action.kind === 'move' ? `status:${action.to}` : `group:${action.groupId}`;
}

export function decodeBulkAction(value: unknown): BulkAction | null {
  if (typeof value !== 'string') return null;
  const [kind, ...rest] = value.split(':');
  const arg = rest.join(':');
  if (kind === 'status' && isLeadStatus(arg)) return { kind: 'move', to: arg };
  if (kind === 'group' && /^[A-Za-z0-9_-]{1,68}$/.test(arg)) return { kind: 'group', groupId: arg };
  return null;
}

type Option = { value?: unknown; text?: { text?: unknown } } | null | undefined;
type Values = Record<
  string,
  Record<string, { selected_option?: Option; selected_options?: Option[]; value?: unknown }>
>;

const ValuesSchema = z.record(z.string(), z.record(z.string(), z.looseObject({})));

function valuesOf(state: unknown): Values {
  const parsed = ValuesSchema.safeParse((state as { values?: unknown } | null)?.values);
  return (parsed.success ? parsed.data : {}) as Values;
}

/** The filters as the modal's inputs hold them now; null when the modal has no filter inputs yet. */
export function readBulkFilters(state: unknown): BulkFilters | null {
  const v = valuesOf(state);
  const status = v[BULK_MODAL.statusBlock]?.[BULK_MODAL.statusAction];
  if (status === undefined) return null;
  const statusValue = status.selected_option?.value;
  const group = v[BULK_MODAL.groupBlock]?.[BULK_MODAL.groupAction]?.selected_option?.value;
  const search = v[BULK_MODAL.searchBlock]?.[BULK_MODAL.searchAction]?.value;
  return {
    status: isLeadStatus(statusValue) ? statusValue : null,
    groupId: typeof group === 'string' && group !== BULK_MODAL.anyValue ? group : null,
    search: typeof search === 'string' && search.trim() !== '' ? search.trim().slice(0, 200) : null,
  };
}

export interface BulkSubmission {
  leads: PickedLead[];
  action: BulkAction | null;
}

export function readBulkSubmission(state: unknown): BulkSubmission {
  const v = valuesOf(state);
  const picked = v[BULK_MODAL.leadsBlock]?.[BULK_MODAL.leadsAction]?.selected_options ?? [];
  const leads = picked
    .map((o) =>
      typeof o?.value === 'string'
        ? decodeLeadOption(o.value, typeof o.text?.text === 'string' ? o.text.text : null)
        : null,
    )
    .filter((l): l is PickedLead => l !== null);
  const action = decodeBulkAction(
    v[BULK_MODAL.actionBlock]?.[BULK_MODAL.actionAction]?.selected_option?.value,
  );
  return { leads, action };
}
