// The compact values the `/leads bulk` modal carries between Slack and us: its private_metadata (where it
// was opened and its filters), each picked lead's option value (id, status and phone packed into Slack's
// 75-character limit) and the chosen action's value. Everything read back here came through Slack, so it
// is checked strictly; anything altered reads as null.
import { z } from 'zod';
import { isLeadStatus, type LeadStatus, PIPELINE_STATUSES } from '../../domain/pipeline.js';

export interface LeadsBulkFilters {
  status: LeadStatus | null;
  groupId: string | null;
  search: string | null;
}

export interface LeadsBulkMeta {
  /** Where the command was typed: the result goes there, privately. */
  channel: string | null;
  filters: LeadsBulkFilters;
}

const MetaWire = z.object({
  c: z.string().max(32).nullable(),
  s: z.enum(PIPELINE_STATUSES).nullable(),
  g: z.string().max(128).nullable(),
  q: z.string().max(200).nullable(),
});

export function encodeLeadsBulkMeta(meta: LeadsBulkMeta): string {
  const { status, groupId, search } = meta.filters;
  return JSON.stringify(MetaWire.parse({ c: meta.channel, s: status, g: groupId, q: search }));
}

export function parseLeadsBulkMeta(raw: unknown): LeadsBulkMeta | null {
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

/** What to do with the picked leads: a pipeline move, or adding them to a custom group. */
export type LeadsBulkAction = { kind: 'move'; to: LeadStatus } | { kind: 'group'; groupId: string };

export function encodeLeadsBulkAction(action: LeadsBulkAction): string {
  return action.kind === 'move' ? `status:${action.to}` : `group:${action.groupId}`;
}

export function decodeLeadsBulkAction(value: unknown): LeadsBulkAction | null {
  if (typeof value !== 'string') return null;
  const [kind, ...rest] = value.split(':');
  const arg = rest.join(':');
  if (kind === 'status' && isLeadStatus(arg)) return { kind: 'move', to: arg };
  if (kind === 'group' && /^[A-Za-z0-9_-]{1,68}$/.test(arg)) return { kind: 'group', groupId: arg };
  return null;
}
