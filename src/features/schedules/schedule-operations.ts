// The MoltFlow work shared by `/schedule list|history` and the buttons under their messages: drawing a page
// of the list or of a schedule's history, finding a schedule by what was typed, and the plain words for a
// refused schedule call. Scheduled messages are a Starter+ feature (api §5.6), so a 403 without missing
// scopes names that plan even when MoltFlow's own message does not.
import type { KnownBlock } from '@slack/types';
import { MoltflowHttpError, MoltflowRateLimitError } from '../../api/errors.js';
import { getScheduleHistory, listSchedules, type ScheduledMessage } from '../../api/schedules.js';
import type { AppContext } from '../../context.js';
import { escapeMrkdwn } from '../../slack/blocks.js';
import { describeMoltflowError } from '../../slack/refusal-text.js';
import { buildScheduleHistory, buildScheduleList, SCHEDULE_PAGE_SIZE } from './schedule-messages.js';

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

/** One page of the list as a message; throws MoltFlow's error for the caller to put into words. */
export async function drawScheduleList(
  ctx: AppContext,
  offset: number,
  viewer: { canChange: boolean } = { canChange: true },
): Promise<{ text: string; blocks: KnownBlock[] }> {
  const { schedules, total } = await listSchedules(ctx.moltflowInteractive, {
    limit: SCHEDULE_PAGE_SIZE,
    offset,
  });
  const revision = String(ctx.now().getTime());
  return buildScheduleList({ schedules, total, offset, revision, canChange: viewer.canChange });
}

/** One page of a schedule's history as a message; throws MoltFlow's error. */
export async function drawScheduleHistory(
  ctx: AppContext,
  schedule: { id: string; name: string },
  offset: number,
): Promise<{ text: string; blocks: KnownBlock[] }> {
  const { entries, total } = await getScheduleHistory(ctx.moltflowInteractive, schedule.id, {
    limit: SCHEDULE_PAGE_SIZE,
    offset,
  });
  return buildScheduleHistory({ schedule, entries, total, offset });
}

/** An id, an exact name (any case), or a part of exactly one name. */
export function findSchedule(
  all: readonly ScheduledMessage[],
  query: string,
): { found: ScheduledMessage } | { candidates: ScheduledMessage[] } {
  const q = query.trim().toLowerCase();
  const exact = all.filter((s) => s.id.toLowerCase() === q || s.name.toLowerCase() === q);
  if (exact.length === 1 && exact[0]) return { found: exact[0] };
  if (exact.length > 1) return { candidates: exact };
  const partial = all.filter((s) => s.name.toLowerCase().includes(q));
  return partial.length === 1 && partial[0] ? { found: partial[0] } : { candidates: partial };
}
