// Scheduled messages (moltflow-api.md §5). Only the create request and its 201 answer are documented; the
// list envelope and the history entries are not, so every decoder here is tolerant and keeps what it can.
import { z } from 'zod';
import type { MoltflowClient } from './client.js';
import { decodeList } from './lists.js';

export const SCHEDULE_TYPES = ['one_time', 'daily', 'weekly', 'monthly', 'cron'] as const;
export type ScheduleType = (typeof SCHEDULE_TYPES)[number];
export type ScheduleMove = 'pause' | 'resume' | 'cancel' | 'delete';

export interface NewSchedule {
  name: string;
  sessionId: string;
  customGroupId: string;
  scheduleType: ScheduleType;
  timezone: string;
  /** Every recurring type needs one, daily/weekly/monthly included (api §5.2, §9 item 3). */
  cronExpression?: string;
  /** one_time only: wall-clock time in `timezone`, no offset, e.g. 2026-02-15T09:00:00 (api §9 item 4). */
  scheduledTime?: string;
  messageContent?: string;
  mediaUrl?: string;
}

export interface ScheduledMessage {
  id: string;
  name: string;
  /** active | paused | cancelled | completed, or whatever MoltFlow says. */
  status: string;
  scheduleType: string | null;
  cronExpression: string | null;
  timezone: string | null;
  /** next_run_at carries the schedule's own offset (2026-02-17T09:00:00-05:00); parsed to an instant. */
  nextRunAt: Date | null;
  scheduledTime: string | null;
  customGroupId: string | null;
  sessionId: string | null;
  createdAt: Date | null;
}

export interface ScheduleExecution {
  at: Date | null;
  status: string | null;
  sentCount: number | null;
  failedCount: number | null;
  error: string | null;
}

const LIST_KEYS = ['messages', 'scheduled_messages', 'items'] as const;
const HISTORY_KEYS = ['history', 'executions', 'runs', 'entries', 'items'] as const;

const toDate = (v: unknown): Date | null => {
  if (typeof v !== 'string' || v === '') return null;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : new Date(ms);
};
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const count = (...vs: unknown[]): number | null => {
  for (const v of vs) if (typeof v === 'number' && Number.isFinite(v)) return v;
  return null;
};

const ScheduleSchema = z
  .looseObject({ id: z.union([z.string().min(1), z.number()]) })
  .transform((w): ScheduledMessage => {
    const r = w as Record<string, unknown>;
    const id = String(w.id);
    return {
      id,
      name: str(r.name) ?? id,
      status: str(r.status) ?? 'unknown',
      scheduleType: str(r.schedule_type),
      cronExpression: str(r.cron_expression),
      timezone: str(r.timezone),
      nextRunAt: toDate(r.next_run_at),
      scheduledTime: str(r.scheduled_time),
      customGroupId: str(r.custom_group_id),
      sessionId: str(r.session_id),
      createdAt: toDate(r.created_at),
    };
  });

const ExecutionSchema = z.looseObject({}).transform((r): ScheduleExecution => {
  const errorText = str(r.error) ?? str(r.error_message) ?? str(r.detail);
  return {
    at: toDate(r.executed_at) ?? toDate(r.run_at) ?? toDate(r.started_at) ?? toDate(r.created_at),
    status: str(r.status),
    sentCount: count(r.sent_count, r.sent, r.messages_sent),
    failedCount: count(r.failed_count, r.failed),
    error: errorText,
  };
});

function toWire(s: NewSchedule): Record<string, unknown> {
  const media = s.mediaUrl !== undefined && s.mediaUrl !== '';
  return {
    name: s.name,
    session_id: s.sessionId,
    custom_group_id: s.customGroupId,
    schedule_type: s.scheduleType,
    timezone: s.timezone,
    message_type: media ? 'media' : 'text',
    ...(s.messageContent ? { message_content: s.messageContent } : {}),
    ...(media ? { media_url: s.mediaUrl } : {}),
    ...(s.scheduleType === 'one_time'
      ? { scheduled_time: s.scheduledTime }
      : { cron_expression: s.cronExpression }),
  };
}

/** POST /scheduled-messages. Not retried after an unclear failure: a retry could create it twice. */
export function createSchedule(client: MoltflowClient, schedule: NewSchedule): Promise<ScheduledMessage> {
  return client.request({
    method: 'POST',
    path: '/scheduled-messages',
    body: toWire(schedule),
    schema: ScheduleSchema,
  });
}

export async function listSchedules(
  client: MoltflowClient,
  page: { limit?: number; offset?: number } = {},
): Promise<{ schedules: ScheduledMessage[]; total: number | null }> {
  const body = await client.request({
    method: 'GET',
    path: '/scheduled-messages',
    query: { limit: page.limit ?? 10, offset: page.offset ?? 0 },
    schema: z.unknown(),
  });
  const decoded = decodeList(body, ScheduleSchema, LIST_KEYS);
  return { schedules: decoded.items, total: decoded.total };
}

/** Every schedule (for finding one by name), paging until a short page; capped at `max`. */
export async function listAllSchedules(client: MoltflowClient, max = 500): Promise<ScheduledMessage[]> {
  const all: ScheduledMessage[] = [];
  while (all.length < max) {
    const { schedules, total } = await listSchedules(client, { limit: 100, offset: all.length });
    all.push(...schedules);
    if (schedules.length < 100 || (total !== null && all.length >= total)) break;
  }
  return all;
}

/** pause | resume | cancel (POST /scheduled-messages/{id}/{move}) or delete (DELETE /scheduled-messages/{id}). */
export async function moveSchedule(client: MoltflowClient, id: string, move: ScheduleMove): Promise<void> {
  const path = `/scheduled-messages/${encodeURIComponent(id)}`;
  if (move === 'delete') await client.request({ method: 'DELETE', path, schema: z.unknown() });
  else await client.request({ method: 'POST', path: `${path}/${move}`, schema: z.unknown() });
}

/** GET /scheduled-messages/{id}/history: "paginated", shape undocumented (api §5.5). */
export async function getScheduleHistory(
  client: MoltflowClient,
  id: string,
  page: { limit?: number; offset?: number } = {},
): Promise<{ entries: ScheduleExecution[]; total: number | null }> {
  const body = await client.request({
    method: 'GET',
    path: `/scheduled-messages/${encodeURIComponent(id)}/history`,
    query: { limit: page.limit ?? 10, offset: page.offset ?? 0 },
    schema: z.unknown(),
  });
  const decoded = decodeList(body, ExecutionSchema, HISTORY_KEYS);
  return { entries: decoded.items, total: decoded.total };
}
