import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { getScheduleHistory, listAllSchedules, type ScheduledMessage } from '../../api/schedules.js';
import type { AppContext } from '../../context.js';
import { escapeMrkdwn, truncate } from '../../slack/blocks.js';
import { describeScheduleError } from './schedule-errors.js';
import { buildScheduleHistory } from './schedule-history.js';
import { SCHEDULE_PAGE_SIZE } from './schedule-list.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

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

/** `/schedule history <name or id>`. */
export async function runScheduleHistory(
  ctx: AppContext,
  { ack, respond }: Args,
  query: string,
): Promise<void> {
  if (query.trim() === '') {
    await ack({
      response_type: 'ephemeral',
      text: 'Which schedule? Try `/schedule history <name or id>`; `/schedule list` shows them all.',
    });
    return;
  }
  await ack();
  const typed = truncate(escapeMrkdwn(query.trim()), 100);
  try {
    const match = findSchedule(await listAllSchedules(ctx.moltflowInteractive), query);
    if ('candidates' in match) {
      const names = match.candidates
        .slice(0, 10)
        .map((s) => `• ${escapeMrkdwn(s.name)} (\`${escapeMrkdwn(s.id)}\`)`);
      const text =
        names.length === 0
          ? `I couldn't find a schedule called *${typed}*. \`/schedule list\` shows them all.`
          : `Several schedules match *${typed}*; use the id of the one you mean:\n${names.join('\n')}`;
      await respond({ response_type: 'ephemeral', text });
      return;
    }
    const { id, name } = match.found;
    await respond({ response_type: 'ephemeral', ...(await drawScheduleHistory(ctx, { id, name }, 0)) });
  } catch (err) {
    ctx.logger.info('schedule history failed', { error: err });
    await respond({
      response_type: 'ephemeral',
      text: describeScheduleError(err, `show the history of ${typed}`),
    });
  }
}
