// Turns what was typed into the modal into the request MoltFlow expects, or into words on the exact fields
// that are wrong. Everything MoltFlow would refuse with a 422 is caught here first: a bad cron, runs closer
// than five minutes, a one-time moment in the past (or one the clocks skip), an unknown zone. What MoltFlow
// still refuses on save is put on the field it objected to (422 `loc`, a session that is not working, a
// group that is gone).
import { createHash } from 'node:crypto';
import { MoltflowHttpError, MoltflowRateLimitError } from '../../api/errors.js';
import type { NewSchedule, ScheduleType } from '../../api/schedules.js';
import {
  buildCronExpression,
  MIN_INTERVAL_MINUTES,
  minimumGapMinutes,
  nextRuns,
  validateCron,
} from '../../domain/cron.js';
import { dateInZone, formatInZone, isTimeZone, resolveWallTime } from '../../domain/time.js';
import { escapeMrkdwn } from '../../slack/blocks.js';
import {
  SCHEDULE_FIELDS as F,
  type ScheduleField,
  type ScheduleFormValues,
  type ScheduleNotice,
} from './schedule-form.js';
import { describeScheduleError } from './schedule-operations.js';

export const MAX_MESSAGE_CHARS = 4096;
const PREVIEW_RUNS = 3;

export type ScheduleFormCheck =
  | { ok: true; request: NewSchedule; runs: Date[]; fingerprint: string }
  | { ok: false; errors: Partial<Record<ScheduleField, string>> };

export function checkScheduleForm(v: ScheduleFormValues, now: Date): ScheduleFormCheck {
  const errors: Partial<Record<ScheduleField, string>> = {};
  if (v.name === '') errors[F.name] = 'Give the schedule a name.';
  else if (v.name.length > 255) errors[F.name] = 'Keep the name to 255 characters or fewer.';
  if (!v.sessionId) errors[F.session] = 'Pick the WhatsApp session that sends it.';
  if (!v.groupId) errors[F.group] = 'Pick the custom group to send it to.';
  checkContent(v, errors);

  const tz = v.timezone;
  if (!tz) errors[F.timezone] = 'Pick a time zone.';
  else if (!isTimeZone(tz))
    errors[F.timezone] = `"${tz}" is not a time zone I know. Search for a city, e.g. New York.`;
  const when = tz && isTimeZone(tz) ? checkWhen(v, tz, now, errors) : null;

  if (Object.keys(errors).length > 0 || !when || !tz || !v.sessionId || !v.groupId)
    return { ok: false, errors };
  const request: NewSchedule = {
    name: v.name,
    sessionId: v.sessionId,
    customGroupId: v.groupId,
    scheduleType: v.type,
    timezone: tz,
    ...when.fields,
    ...(v.message.trim() !== '' ? { messageContent: v.message } : {}),
    ...(v.mediaUrl !== '' ? { mediaUrl: v.mediaUrl } : {}),
  };
  return { ok: true, request, runs: when.runs, fingerprint: fingerprintOf(request) };
}

/** Identifies a request, so "Save" only saves what was previewed. */
export function fingerprintOf(request: NewSchedule): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('hex').slice(0, 16);
}

function checkContent(v: ScheduleFormValues, errors: Partial<Record<ScheduleField, string>>): void {
  if (v.message.length > MAX_MESSAGE_CHARS) {
    errors[F.message] =
      `The message is ${v.message.length.toLocaleString('en-US')} characters; MoltFlow takes at most 4,096.`;
  }
  if (v.mediaUrl !== '' && !isHttpUrl(v.mediaUrl))
    errors[F.mediaUrl] = 'The media URL must be a web address starting with http:// or https://';
  if (v.message.trim() === '' && v.mediaUrl === '')
    errors[F.message] = 'Write a message, or give a media URL below.';
}

function isHttpUrl(s: string): boolean {
  try {
    const url = new URL(s);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !/\s/.test(s);
  } catch {
    return false;
  }
}

type When = { fields: Pick<NewSchedule, 'cronExpression' | 'scheduledTime'>; runs: Date[] };

function checkWhen(
  v: ScheduleFormValues,
  tz: string,
  now: Date,
  errors: Partial<Record<ScheduleField, string>>,
): When | null {
  const time = parseTime(v.time);
  if (v.type === 'one_time') {
    if (!v.date) errors[F.date] = 'Pick a date.';
    if (!time) errors[F.time] = 'Pick a time.';
    if (!v.date || !time || !v.time) return null;
    const at = resolveWallTime(v.date, v.time, tz);
    if (!at.exists) {
      errors[F.time] =
        `${v.time} does not happen on ${v.date} in ${tz}: the clocks move forward that night. Pick another time.`;
      return null;
    }
    if (at.instant.getTime() <= now.getTime()) {
      const field = v.date < dateInZone(now, tz) ? F.date : F.time;
      errors[field] = `That moment has passed (it is now ${formatInZone(now, tz)}). Pick a later one.`;
      return null;
    }
    return { fields: { scheduledTime: at.wall }, runs: [at.instant] };
  }

  let expression: string;
  if (v.type === 'cron') {
    const check = validateCron(v.cron);
    if (!check.ok) {
      errors[F.cron] = v.cron === '' ? 'Type a cron expression, e.g. 0 9 * * MON-FRI' : check.reason;
      return null;
    }
    expression = check.expression;
  } else {
    if (!time) errors[F.time] = 'Pick a time.';
    if (v.type === 'weekly' && v.weekdays.length === 0) errors[F.weekdays] = 'Pick at least one day.';
    if (v.type === 'monthly' && v.dayOfMonth === null) errors[F.dayOfMonth] = 'Pick a day of the month.';
    if (!time || errors[F.weekdays] || errors[F.dayOfMonth]) return null;
    expression = buildCronExpression(v.type, time, {
      weekdays: v.weekdays,
      dayOfMonth: v.dayOfMonth ?? undefined,
    });
  }
  const field = v.type === 'cron' ? F.cron : F.time;
  const gap = minimumGapMinutes(expression, tz);
  if (gap !== null && gap < MIN_INTERVAL_MINUTES) {
    errors[field] =
      `This would run ${gap} minute${gap === 1 ? '' : 's'} apart; MoltFlow allows at most one run every ${MIN_INTERVAL_MINUTES} minutes.`;
    return null;
  }
  const runs = nextRuns(expression, tz, PREVIEW_RUNS);
  if (runs.length === 0) {
    errors[field] = 'This never matches a real date (e.g. 30 February). Check the day and month.';
    return null;
  }
  return { fields: { cronExpression: expression }, runs };
}

function parseTime(time: string | null): { hour: number; minute: number } | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time ?? '');
  return m ? { hour: Number(m[1]), minute: Number(m[2]) } : null;
}

/** Which modal field a MoltFlow request field is shown on, for each schedule type. */
function fieldOf(wire: string, type: ScheduleType): ScheduleField | null {
  const when = type === 'cron' ? F.cron : F.time;
  const map: Record<string, ScheduleField> = {
    name: F.name,
    session_id: F.session,
    custom_group_id: F.group,
    schedule_type: F.type,
    timezone: F.timezone,
    cron_expression: when,
    scheduled_time: F.time,
    message_content: F.message,
    message_type: F.message,
    media_url: F.mediaUrl,
  };
  return map[wire] ?? null;
}

/** The notice for the form after a failed save. */
export function describeScheduleSaveError(err: unknown, type: ScheduleType): ScheduleNotice {
  const keep = ' Everything you typed is still here.';
  if (err instanceof MoltflowHttpError && !(err instanceof MoltflowRateLimitError)) {
    const detail = escapeMrkdwn(err.detail);
    if (err.status === 422) {
      // formatDetail renders FastAPI's list as "cron_expression: msg; name: msg" (without "body").
      const first = /^([a-z_]+)(?:\.[\w.]+)?: /.exec(err.detail)?.[1];
      return {
        text: `MoltFlow did not accept the schedule: ${detail}. Fix it and press *Save schedule* again.`,
        field: first ? fieldOf(first, type) : null,
      };
    }
    if ((err.status === 400 || err.status === 404) && /session/i.test(err.detail)) {
      return {
        text: `That WhatsApp session can't send right now (MoltFlow: ${detail}). Pick a session that is working, or reconnect it in MoltFlow.${keep}`,
        field: F.session,
      };
    }
    if (err.status === 404 && /group/i.test(err.detail)) {
      return {
        text: `That custom group no longer exists in MoltFlow (${detail}). Pick another group.${keep}`,
        field: F.group,
      };
    }
  }
  return { text: `${describeScheduleError(err, 'save this schedule')}${keep}`, field: null };
}
