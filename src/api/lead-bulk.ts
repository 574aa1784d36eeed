// Lead bulk operations and exports (moltflow-api.md §2.7–2.9), all Pro-plan features. Kept beside leads.ts
// rather than in it: their answers are barely documented, so most of this file is tolerant decoding.
import { z } from 'zod';
import type { LeadStatus } from '../domain/pipeline.js';
import type { MoltflowClient } from './client.js';

export interface BulkFailure {
  /** Null when MoltFlow's entry does not name the lead. */
  leadId: string | null;
  reason: string;
}

export interface BulkStatusResult {
  updated: number;
  failed: number;
  failures: BulkFailure[];
}

export interface LeadExportFilters {
  status?: LeadStatus;
  search?: string;
  sourceGroupId?: string;
}

export type ExportFormat = 'csv' | 'json';

/** MoltFlow exports at most this many rows, without paging (api §2.9). */
export const EXPORT_ROW_CAP = 10_000;

const count = z.number().int().nonnegative().catch(0);
const BulkStatusWire = z.looseObject({
  updated: count.optional(),
  failed: count.optional(),
  errors: z.array(z.unknown()).catch([]).optional(),
});

/** POST /leads/bulk/status: partial success is a 200 with per-lead `errors` (shape undocumented). */
export async function bulkUpdateStatus(
  client: MoltflowClient,
  leadIds: readonly string[],
  status: LeadStatus,
): Promise<BulkStatusResult> {
  const body = await client.request({
    method: 'POST',
    path: '/leads/bulk/status',
    body: { lead_ids: leadIds, status },
    schema: z.unknown(),
    idempotent: false,
  });
  const wire = BulkStatusWire.safeParse(body ?? {});
  const data = wire.success ? wire.data : {};
  const failures = (data.errors ?? []).map(decodeBulkFailure);
  const failed = Math.max(data.failed ?? 0, failures.length);
  return { updated: data.updated ?? Math.max(0, leadIds.length - failed), failed, failures };
}

/** One `errors[]` entry, whatever its shape: a string, or an object naming the lead and the reason. */
export function decodeBulkFailure(entry: unknown): BulkFailure {
  if (typeof entry === 'string') return { leadId: null, reason: entry.trim() || 'no reason given' };
  if (entry === null || typeof entry !== 'object') return { leadId: null, reason: String(entry) };
  const e = entry as Record<string, unknown>;
  const id = [e.lead_id, e.id, e.leadId].find((v) => typeof v === 'string' || typeof v === 'number');
  const raw = [e.detail, e.error, e.reason, e.message, e.msg].find((v) => v !== undefined && v !== null);
  // No known reason key: show the entry itself rather than nothing (minus the id already shown).
  const rest = Object.fromEntries(
    Object.entries(e).filter(([k]) => !['lead_id', 'id', 'leadId'].includes(k)),
  );
  const reason = raw === undefined && Object.keys(rest).length > 0 ? JSON.stringify(rest) : reasonText(raw);
  return { leadId: id === undefined ? null : String(id), reason: reason.slice(0, 500) };
}

function reasonText(raw: unknown): string {
  if (typeof raw === 'string') return raw.trim() || 'no reason given';
  if (raw === undefined) return 'no reason given';
  if (Array.isArray(raw)) return raw.map(reasonText).join('; ');
  if (raw !== null && typeof raw === 'object') {
    const inner = (raw as Record<string, unknown>).msg ?? (raw as Record<string, unknown>).message;
    if (typeof inner === 'string') return inner;
  }
  return JSON.stringify(raw);
}

/**
 * POST /leads/bulk/add-to-group: copies the leads' phones into a custom group. The answer is undocumented;
 * any `errors` it carries are decoded like bulk-status ones, anything else is ignored.
 */
export async function bulkAddToGroup(
  client: MoltflowClient,
  leadIds: readonly string[],
  customGroupId: string,
): Promise<{ failures: BulkFailure[] }> {
  const body = await client.request({
    method: 'POST',
    path: '/leads/bulk/add-to-group',
    body: { lead_ids: leadIds, custom_group_id: customGroupId },
    schema: z.unknown(),
    idempotent: false,
  });
  const errors =
    body !== null && typeof body === 'object' ? (body as { errors?: unknown }).errors : undefined;
  return { failures: Array.isArray(errors) ? errors.map(decodeBulkFailure) : [] };
}

/** GET /leads/export/csv|json: the raw file, capped by MoltFlow at EXPORT_ROW_CAP rows. */
export function exportLeads(
  client: MoltflowClient,
  format: ExportFormat,
  filters: LeadExportFilters,
  timeoutMs?: number,
): Promise<string> {
  return client.requestText({
    method: 'GET',
    path: `/leads/export/${format}`,
    query: { status: filters.status, search: filters.search, source_group_id: filters.sourceGroupId },
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
}
