// Leads: the wire shape (moltflow-api.md §2.3) mapped to the domain Lead. Types are checked strictly
// (a number where a string belongs is a broken item, not something to coerce), while missing optional
// fields get neutral defaults, because the detail shape is undocumented.
import { z } from 'zod';
import type { Lead } from '../domain/lead.js';
import { type LeadStatus, PIPELINE_STATUSES } from '../domain/pipeline.js';
import type { MoltflowClient } from './client.js';
import type { MoltflowValidationError } from './errors.js';
import { decodeList } from './lists.js';

const text = z.string().nullish();

const LeadWireObject = z.object({
  id: z.string().min(1),
  contact_phone: text,
  contact_name: text,
  lead_status: z.enum(PIPELINE_STATUSES),
  lead_score: z.number().nullish(),
  lead_detected_at: text,
  source_group: z.object({ id: text, name: text }).nullish(),
  trigger: z
    .object({ matched_keyword: text, message_preview: text, monitor_mode: text, detected_at: text })
    .nullish(),
  message_count: z.number().nullish(),
});

export const LeadWireSchema: z.ZodType<Lead> = LeadWireObject.transform((w, ctx): Lead => {
  const field = w.lead_detected_at != null ? 'lead_detected_at' : 'detected_at';
  const raw = w.lead_detected_at ?? w.trigger?.detected_at;
  const detectedAt = parseIsoDate(raw);
  if (detectedAt === null) {
    ctx.issues.push({
      code: 'custom',
      input: raw,
      path: field === 'lead_detected_at' ? [field] : ['trigger', field],
      message: raw == null ? 'missing (no lead_detected_at or trigger.detected_at)' : 'not an ISO date-time',
    });
    return z.NEVER;
  }
  return {
    id: w.id,
    phone: w.contact_phone ?? '',
    name: w.contact_name ?? null,
    status: w.lead_status,
    score: w.lead_score ?? null,
    detectedAt,
    sourceGroup: w.source_group ? { id: w.source_group.id ?? null, name: w.source_group.name ?? null } : null,
    keyword: w.trigger?.matched_keyword ?? null,
    preview: w.trigger?.message_preview ?? null,
    monitorMode: w.trigger?.monitor_mode ?? null,
    messageCount: w.message_count ?? null,
  };
});

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** ISO-8601 only. A date-time without an offset is read as UTC (FastAPI's naive datetimes), not local time. */
function parseIsoDate(value: string | null | undefined): Date | null {
  if (value == null) return null;
  const match = ISO_DATE.exec(value.trim());
  if (!match) return null;
  const normalized = value.trim().replace(' ', 'T');
  const withZone = match[1] === undefined && normalized.includes('T') ? `${normalized}Z` : normalized;
  const ms = Date.parse(withZone);
  return Number.isNaN(ms) ? null : new Date(ms);
}

export interface LeadPage {
  leads: Lead[];
  total: number | null;
  invalid: MoltflowValidationError[];
  limit: number;
  offset: number;
}

export interface ListLeadsQuery {
  limit?: number;
  offset?: number;
  status?: LeadStatus;
  search?: string;
  sourceGroupId?: string;
}

/**
 * GET /leads. `limit`/`offset` are the server's echo when it sends one (it may cap the page size). `signal`
 * ends the call and any wait for a retry or for the rate budget (the poller's is fired at shutdown).
 */
export async function listLeads(
  client: MoltflowClient,
  query: ListLeadsQuery = {},
  opts: { signal?: AbortSignal } = {},
): Promise<LeadPage> {
  const limit = query.limit ?? 50;
  const offset = query.offset ?? 0;
  const body = await client.request({
    method: 'GET',
    path: '/leads',
    signal: opts.signal,
    query: {
      limit,
      offset,
      status: query.status,
      search: query.search,
      source_group_id: query.sourceGroupId,
    },
    schema: z.unknown(),
  });
  const { items, total, invalid } = decodeList(body, LeadWireSchema, ['leads']);
  const echo = (key: string, fallback: number) => {
    const value =
      body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined;
    return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : fallback;
  };
  return { leads: items, total, invalid, limit: echo('limit', limit), offset: echo('offset', offset) };
}

export function getLead(client: MoltflowClient, id: string): Promise<Lead> {
  return client.request({ method: 'GET', path: `/leads/${encodeURIComponent(id)}`, schema: LeadWireSchema });
}

/**
 * PATCH /leads/{id}/status. The response body is undocumented: a lead-shaped answer is returned,
 * anything else gives null and the caller re-reads with getLead if it needs the truth. Not retried on
 * 5xx or timeouts: a second PATCH after a silent success would be refused as same-status.
 */
export async function updateLeadStatus(
  client: MoltflowClient,
  id: string,
  status: LeadStatus,
): Promise<Lead | null> {
  const body = await client.request({
    method: 'PATCH',
    path: `/leads/${encodeURIComponent(id)}/status`,
    body: { status },
    schema: z.unknown(),
    idempotent: false,
  });
  const direct = LeadWireSchema.safeParse(body);
  if (direct.success) return direct.data;
  const wrapped = body !== null && typeof body === 'object' ? (body as { lead?: unknown }).lead : undefined;
  const inner = LeadWireSchema.safeParse(wrapped);
  return inner.success ? inner.data : null;
}

// GET /leads/{id}/reciprocity (moltflow-api.md §2.6): has the contact messaged this WhatsApp session first?
// A cold first message risks a ban, so people check before writing.

export interface Reciprocity {
  hasMessagedFirst: boolean;
  /** Their latest inbound message; null when they never wrote (or MoltFlow did not say). */
  lastInboundAt: Date | null;
}

const ReciprocityWire = z
  .object({
    has_messaged_first: z.boolean(),
    last_inbound_at: z.string().nullish(),
  })
  .transform(
    (w): Reciprocity => ({
      hasMessagedFirst: w.has_messaged_first,
      lastInboundAt:
        w.last_inbound_at && !Number.isNaN(Date.parse(w.last_inbound_at))
          ? new Date(w.last_inbound_at)
          : null,
    }),
  );

export function getReciprocity(
  client: MoltflowClient,
  leadId: string,
  sessionId: string,
): Promise<Reciprocity> {
  return client.request({
    method: 'GET',
    path: `/leads/${encodeURIComponent(leadId)}/reciprocity`,
    query: { session_id: sessionId },
    schema: ReciprocityWire,
  });
}
