// Bulk send (moltflow-api.md §4): create a broadcast to a custom group, read, pause, resume, cancel it, and
// decode its SSE progress frames. Shapes beyond the create response are undocumented, so decoding is tolerant
// (unknown fields ignored, counts defaulting to 0) and list envelopes are guessed from the reference script.
import { z } from 'zod';
import type { MoltflowClient } from './client.js';
import { decodeList } from './lists.js';

export const BULK_STATUSES = ['pending', 'running', 'paused', 'completed', 'cancelled', 'failed'] as const;
export type BulkStatus = (typeof BULK_STATUSES)[number] | (string & {});
const TERMINAL = new Set<string>(['completed', 'cancelled', 'failed']);

/** completed, cancelled and failed never change again (api §4.4). */
export const isTerminalStatus = (status: string): boolean => TERMINAL.has(status);

/** Most a bulk-send text may hold (api §4.2). */
export const BULK_MESSAGE_MAX = 4096;

export interface BulkJob {
  id: string;
  status: BulkStatus;
  sessionId: string | null;
  customGroupId: string | null;
  totalRecipients: number;
  sentCount: number;
  failedCount: number;
  createdAt: Date | null;
}

export type BulkSendInput =
  | { sessionId: string; customGroupId: string; kind: 'text'; message: string }
  | { sessionId: string; customGroupId: string; kind: 'media'; mediaUrl: string };

/** One SSE frame's payload; each key may be missing (api §9 item 6 names `pending` too). */
export interface BulkProgressEvent {
  sent?: number;
  failed?: number;
  total?: number;
  status?: BulkStatus;
}

const count = z.number().int().nonnegative().nullish();
const optionalDate = z
  .string()
  .nullish()
  .transform((v) => (v && !Number.isNaN(Date.parse(v)) ? new Date(v) : null));

const JobSchema = z
  .object({
    id: z.string().min(1),
    status: z.string().min(1),
    session_id: z.string().nullish(),
    custom_group_id: z.string().nullish(),
    total_recipients: count,
    sent_count: count,
    failed_count: count,
    created_at: optionalDate,
  })
  .transform(
    (j): BulkJob => ({
      id: j.id,
      status: j.status,
      sessionId: j.session_id ?? null,
      customGroupId: j.custom_group_id ?? null,
      totalRecipients: j.total_recipients ?? 0,
      sentCount: j.sent_count ?? 0,
      failedCount: j.failed_count ?? 0,
      createdAt: j.created_at,
    }),
  );

const path = (id: string, action = '') => `/bulk-send/${encodeURIComponent(id)}${action}`;

/** POST /bulk-send. Not idempotent: the client never retries it, so a broadcast is never sent twice. */
export function createBulkSend(client: MoltflowClient, input: BulkSendInput): Promise<BulkJob> {
  const base = { session_id: input.sessionId, custom_group_id: input.customGroupId };
  const body =
    input.kind === 'text'
      ? { ...base, message_content: input.message }
      : { ...base, message_type: 'media', media_url: input.mediaUrl };
  return client.request({ method: 'POST', path: '/bulk-send', body, schema: JobSchema, idempotent: false });
}

export function getBulkSend(client: MoltflowClient, id: string, signal?: AbortSignal): Promise<BulkJob> {
  return client.request({ method: 'GET', path: path(id), schema: JobSchema, ...(signal ? { signal } : {}) });
}

export async function listBulkSends(client: MoltflowClient, limit = 10): Promise<BulkJob[]> {
  const body = await client.request({
    method: 'GET',
    path: '/bulk-send',
    query: { limit },
    schema: z.unknown(),
  });
  return decodeList(body, JobSchema, ['jobs', 'items']).items;
}

export type BulkControl = 'pause' | 'resume' | 'cancel';

/**
 * POST /bulk-send/{id}/pause|resume|cancel. The answer is undocumented (probably the job); null when it is
 * not a job, so the caller re-reads instead of guessing.
 */
export async function controlBulkSend(
  client: MoltflowClient,
  id: string,
  control: BulkControl,
): Promise<BulkJob | null> {
  const body = await client.request({ method: 'POST', path: path(id, `/${control}`), schema: z.unknown() });
  const job = JobSchema.safeParse(body);
  return job.success ? job.data : null;
}

export const progressPath = (id: string): string => path(id, '/progress');

const EventSchema = z.object({
  sent: z.number().int().nonnegative().optional().catch(undefined),
  failed: z.number().int().nonnegative().optional().catch(undefined),
  total: z.number().int().nonnegative().optional().catch(undefined),
  status: z.string().min(1).optional().catch(undefined),
});

/**
 * The progress objects in one SSE `data` string. The documented example omits the blank line between
 * frames, which makes an SSE parser join two `data:` lines with "\n"; so the whole string is tried first,
 * then each line on its own. Lines that are not JSON objects are skipped (and reported as `skipped`).
 */
export function parseProgressData(data: string): { events: BulkProgressEvent[]; skipped: number } {
  const whole = parseOne(data);
  if (whole) return { events: [whole], skipped: 0 };
  const events: BulkProgressEvent[] = [];
  let skipped = 0;
  for (const line of data.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const event = parseOne(line);
    if (event) events.push(event);
    else skipped += 1;
  }
  return { events, skipped };
}

function parseOne(text: string): BulkProgressEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = EventSchema.safeParse(value);
  if (!parsed.success || value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const out: BulkProgressEvent = {};
  for (const key of ['sent', 'failed', 'total', 'status'] as const) {
    if (parsed.data[key] !== undefined) Object.assign(out, { [key]: parsed.data[key] });
  }
  return out;
}
