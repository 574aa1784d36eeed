import type { LeadStatus } from './pipeline.js';

/**
 * A lead as the app uses it, decoupled from MoltFlow's wire format (which names the status
 * `lead_status` in responses but `status` in requests). src/api/leads.ts maps the wire shape to this.
 */
export interface Lead {
  id: string;
  phone: string;
  name: string | null;
  status: LeadStatus;
  score: number | null;
  detectedAt: Date;
  sourceGroup: { id: string | null; name: string | null } | null;
  keyword: string | null;
  preview: string | null;
  monitorMode: string | null;
  messageCount: number | null;
}

/** JSON-safe form, for the store's snapshot of what a card shows. */
export interface LeadSnapshot extends Omit<Lead, 'detectedAt'> {
  detectedAt: string;
}

export function toSnapshot(lead: Lead): LeadSnapshot {
  return { ...lead, detectedAt: lead.detectedAt.toISOString() };
}

export function fromSnapshot(snapshot: LeadSnapshot): Lead {
  return { ...snapshot, detectedAt: new Date(snapshot.detectedAt) };
}
