// Plain words for a refused schedule call. Scheduled messages are a Starter+ feature (api §5.6), so a 403
// without missing scopes names that plan even when MoltFlow's own message does not. A failed save points at
// the field MoltFlow objected to (422 `loc`, a session that is not working, a group that is gone).
import { MoltflowHttpError, MoltflowRateLimitError } from '../../api/errors.js';
import type { ScheduleType } from '../../api/schedules.js';
import { escapeMrkdwn } from '../../slack/blocks.js';
import { describeMoltflowError } from '../../slack/refusal-text.js';
import { SCHEDULE_FIELDS as F, type ScheduleField } from './schedule-form.js';
import type { ScheduleNotice } from './schedule-modal.js';

const PLAN_NEEDED = 'Scheduled messages need the MoltFlow Starter plan or higher';

/** Any schedule call: `doing` reads like "pause this schedule". Returns escaped mrkdwn. */
export function describeScheduleError(err: unknown, doing: string): string {
  if (
    err instanceof MoltflowHttpError &&
    !(err instanceof MoltflowRateLimitError) &&
    err.status === 403 &&
    err.requiredScopes.length === 0
  ) {
    return `MoltFlow refused to ${doing}: ${escapeMrkdwn(err.detail)}. ${PLAN_NEEDED}; upgrade in MoltFlow or ask whoever manages the account.`;
  }
  if (err instanceof MoltflowHttpError && err.status === 400) {
    return `MoltFlow would not ${doing}: ${escapeMrkdwn(err.detail)}.`;
  }
  return describeMoltflowError(err, doing);
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
