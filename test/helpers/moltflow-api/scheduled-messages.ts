// /scheduled-messages routes (moltflow-api.md §5). Where the docs are silent the fake picks plausibly: the
// list is `{messages, total}` (the reference script's guess), history is `{history, total}`, a one-time
// `scheduled_time` is wall-clock time in `timezone`, and next_run_at carries that zone's offset.
// Rules it enforces: Starter+ plan, 422 for missing/invalid fields, bad cron or < 5 min interval, a past
// one-time moment, an unknown zone; 400 for a session that is not working; 404 for an unknown group;
// status moves (active ↔ paused, → cancelled) and DELETE only for cancelled or completed schedules.
import { randomUUID } from 'node:crypto';
import { formatInTimeZone, fromZonedTime } from 'date-fns-tz';
import { createTask, validate as validateCron } from 'node-cron';
import { customGroups } from './custom-groups.js';
import { detail, invalid, json, type Route, type RouteAnswer } from './router.js';
import type { MoltflowState } from './state.js';

export interface FakeSchedule {
  id: string;
  name: string;
  status: string;
  schedule_type: string;
  session_id: string;
  custom_group_id: string;
  message_type: string;
  message_content: string | null;
  media_url: string | null;
  cron_expression: string | null;
  scheduled_time: string | null;
  timezone: string;
  next_run_at: string | null;
  created_at: string;
}
export interface FakeExecution {
  id: string;
  executed_at: string;
  status: string;
  sent_count: number;
  failed_count: number;
  error: string | null;
}

const TYPES = ['one_time', 'daily', 'weekly', 'monthly', 'cron'];

export class ScheduledMessagesState {
  readonly schedules: FakeSchedule[] = [];
  readonly history = new Map<string, FakeExecution[]>();

  /** Seeds a schedule as if created earlier (no validation). */
  add(partial: Partial<FakeSchedule> & { name: string }): FakeSchedule {
    const s: FakeSchedule = {
      id: randomUUID(),
      status: 'active',
      schedule_type: 'cron',
      session_id: randomUUID(),
      custom_group_id: randomUUID(),
      message_type: 'text',
      message_content: 'Hello',
      media_url: null,
      cron_expression: '0 9 * * MON',
      scheduled_time: null,
      timezone: 'UTC',
      next_run_at: '2030-01-07T09:00:00+00:00',
      created_at: '2026-01-01T10:00:00Z',
      ...partial,
    };
    this.schedules.push(s);
    return s;
  }
  find(id: string | undefined): FakeSchedule | undefined {
    return this.schedules.find((s) => s.id === id);
  }
  addExecution(id: string, e: Partial<FakeExecution> = {}): FakeExecution {
    const list = this.history.get(id) ?? [];
    const entry: FakeExecution = {
      id: randomUUID(),
      executed_at: new Date(Date.UTC(2026, 0, 1 + list.length, 9)).toISOString(),
      status: 'completed',
      sent_count: 10,
      failed_count: 0,
      error: null,
      ...e,
    };
    list.push(entry);
    this.history.set(id, list);
    return entry;
  }
}

/** The schedules of a fake tenant: `scheduledMessages(fake.state).add({ name: 'Promo' })`. */
export const scheduledMessages = (state: MoltflowState): ScheduledMessagesState =>
  state.area('scheduled-messages', () => new ScheduledMessagesState());

const isZone = (tz: unknown): tz is string => {
  if (typeof tz !== 'string' || !/^(UTC|[A-Za-z]+\/[A-Za-z0-9_+/-]+)$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

function cronRuns(expr: string, tz: string, n: number): Date[] {
  const task = createTask(expr, () => undefined, { timezone: tz });
  try {
    return task.getNextRuns(n);
  } finally {
    void task.destroy();
  }
}

const withOffset = (d: Date, tz: string) => formatInTimeZone(d, tz, "yyyy-MM-dd'T'HH:mm:ssXXX");

/** Validates a create body; returns the answer to send when it is refused, else the stored schedule. */
function create(state: MoltflowState, body: Record<string, unknown>): RouteAnswer {
  const field = (name: string, msg: string, type = 'value_error') => invalid(['body', name], msg, type);
  const { name, session_id, custom_group_id, schedule_type, timezone = 'UTC' } = body;
  if (typeof name !== 'string' || name.trim() === '' || name.length > 255)
    return field('name', 'String should have between 1 and 255 characters');
  if (typeof session_id !== 'string') return field('session_id', 'Field required', 'missing');
  if (typeof custom_group_id !== 'string') return field('custom_group_id', 'Field required', 'missing');
  if (typeof schedule_type !== 'string' || !TYPES.includes(schedule_type))
    return field('schedule_type', `Input should be ${TYPES.map((t) => `'${t}'`).join(', ')}`, 'enum');
  if (!isZone(timezone)) return field('timezone', `Unknown timezone: ${String(timezone)}`);
  const content = body.message_content;
  const media = body.media_url;
  if (content === undefined && media === undefined)
    return field('message_content', 'Either message_content or media_url is required');
  if (content !== undefined && (typeof content !== 'string' || content.length > 4096))
    return field('message_content', 'String should have at most 4096 characters', 'string_too_long');
  if (media !== undefined && (typeof media !== 'string' || !/^https?:\/\/\S+$/.test(media)))
    return field('media_url', 'URL scheme should be http or https', 'url_scheme');

  let nextRun: Date;
  if (schedule_type === 'one_time') {
    const at = body.scheduled_time;
    if (typeof at !== 'string') return field('scheduled_time', 'scheduled_time is required for one_time');
    const instant = /[zZ]|[+-]\d\d:\d\d$/.test(at) ? new Date(at) : fromZonedTime(at, timezone);
    if (Number.isNaN(instant.getTime())) return field('scheduled_time', 'Input should be a valid datetime');
    if (instant.getTime() <= Date.now())
      return field('scheduled_time', 'scheduled_time must be in the future');
    nextRun = instant;
  } else {
    const cron = body.cron_expression;
    if (typeof cron !== 'string')
      return field('cron_expression', `cron_expression is required for ${schedule_type}`);
    if (cron.trim().split(/\s+/).length !== 5 || !validateCron(cron))
      return field('cron_expression', 'Invalid cron expression');
    const runs = cronRuns(cron, timezone, 50);
    for (let i = 1; i < runs.length; i++) {
      if ((runs[i]?.getTime() ?? 0) - (runs[i - 1]?.getTime() ?? 0) < 5 * 60_000)
        return field('cron_expression', 'Minimum interval between runs is 5 minutes');
    }
    nextRun = runs[0] ?? new Date(NaN);
  }

  const session = state.sessions.find((s) => s.id === session_id);
  if (!session) return detail(404, 'Session not found');
  if (session.status !== 'working')
    return detail(400, `Session is not connected (status: ${session.status}). Start it before scheduling.`);
  if (!customGroups(state).find(custom_group_id)) return detail(404, 'Custom group not found');

  const stored = scheduledMessages(state).add({
    name,
    schedule_type,
    session_id,
    custom_group_id,
    timezone,
    message_type: typeof media === 'string' ? 'media' : 'text',
    message_content: typeof content === 'string' ? content : null,
    media_url: typeof media === 'string' ? media : null,
    cron_expression: typeof body.cron_expression === 'string' ? body.cron_expression : null,
    scheduled_time: typeof body.scheduled_time === 'string' ? body.scheduled_time : null,
    next_run_at: withOffset(nextRun, timezone),
    created_at: new Date().toISOString(),
  });
  return json(201, stored);
}

const MOVES: Record<string, { from: string[]; to: string; verb: string }> = {
  pause: { from: ['active'], to: 'paused', verb: 'paused' },
  resume: { from: ['paused'], to: 'active', verb: 'resumed' },
  cancel: { from: ['active', 'paused'], to: 'cancelled', verb: 'cancelled' },
};

const gate = (state: MoltflowState): RouteAnswer | undefined => {
  const refused = state.planGate('starter', 'Scheduled messages');
  return refused ? json(403, refused) : undefined;
};
const page = (query: Record<string, string>) => ({
  offset: Number(query.offset ?? 0) || 0,
  limit: Math.min(100, Number(query.limit ?? 50) || 50),
});

export const scheduledMessageRoutes: Route[] = [
  {
    method: 'GET',
    path: '/scheduled-messages',
    handle: ({ state, query }) => {
      const refused = gate(state);
      if (refused) return refused;
      const all = scheduledMessages(state).schedules;
      const { offset, limit } = page(query);
      return json(200, { messages: all.slice(offset, offset + limit), total: all.length });
    },
  },
  {
    method: 'POST',
    path: '/scheduled-messages',
    handle: ({ state, body }) =>
      gate(state) ??
      (body !== null && typeof body === 'object'
        ? create(state, body as Record<string, unknown>)
        : invalid(['body'], 'Field required', 'missing')),
  },
  {
    method: 'GET',
    path: '/scheduled-messages/:id',
    handle: ({ state, params }) => {
      const s = scheduledMessages(state).find(params.id);
      return gate(state) ?? (s ? json(200, s) : detail(404, 'Scheduled message not found'));
    },
  },
  {
    method: 'DELETE',
    path: '/scheduled-messages/:id',
    handle: ({ state, params }) => {
      const refused = gate(state);
      if (refused) return refused;
      const area = scheduledMessages(state);
      const i = area.schedules.findIndex((s) => s.id === params.id);
      const s = area.schedules[i];
      if (!s) return detail(404, 'Scheduled message not found');
      if (s.status !== 'cancelled' && s.status !== 'completed')
        return detail(400, `Only cancelled or completed schedules can be deleted (status: ${s.status})`);
      area.schedules.splice(i, 1);
      return json(200, { status: 'deleted', id: s.id });
    },
  },
  {
    method: 'POST',
    path: '/scheduled-messages/:id/:move',
    handle: ({ state, params }) => {
      const refused = gate(state);
      if (refused) return refused;
      const move = MOVES[params.move ?? ''];
      if (!move) return detail(404, 'Not Found');
      const s = scheduledMessages(state).find(params.id);
      if (!s) return detail(404, 'Scheduled message not found');
      if (!move.from.includes(s.status))
        return detail(400, `Schedule cannot be ${move.verb} (status: ${s.status})`);
      s.status = move.to;
      if (move.to === 'cancelled') s.next_run_at = null;
      return json(200, s);
    },
  },
  {
    method: 'GET',
    path: '/scheduled-messages/:id/history',
    handle: ({ state, params, query }) => {
      const refused = gate(state);
      if (refused) return refused;
      const area = scheduledMessages(state);
      if (!area.find(params.id)) return detail(404, 'Scheduled message not found');
      const all = [...(area.history.get(params.id ?? '') ?? [])].reverse(); // newest first
      const { offset, limit } = page(query);
      return json(200, { history: all.slice(offset, offset + limit), total: all.length, limit, offset });
    },
  },
];
