import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { listSchedules } from '../../api/schedules.js';
import type { AppContext } from '../../context.js';
import { describeScheduleError } from './schedule-errors.js';
import { buildScheduleList, SCHEDULE_PAGE_SIZE } from './schedule-list.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** One page of the list as a message; throws MoltFlow's error for the caller to put into words. */
export async function drawScheduleList(
  ctx: AppContext,
  offset: number,
): Promise<{ text: string; blocks: KnownBlock[] }> {
  const { schedules, total } = await listSchedules(ctx.moltflowInteractive, {
    limit: SCHEDULE_PAGE_SIZE,
    offset,
  });
  return buildScheduleList({ schedules, total, offset, revision: String(ctx.now().getTime()) });
}

/** `/schedule list [page]`: acked at once, answered privately after MoltFlow replies. */
export async function runScheduleList(
  ctx: AppContext,
  { ack, respond }: Args,
  offset: number,
): Promise<void> {
  await ack();
  try {
    await respond({ response_type: 'ephemeral', ...(await drawScheduleList(ctx, offset)) });
  } catch (err) {
    ctx.logger.info('schedule list failed', { error: err });
    await respond({ response_type: 'ephemeral', text: describeScheduleError(err, 'list your schedules') });
  }
}
