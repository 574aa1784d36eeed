import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { describeScheduleError } from './schedule-errors.js';
import { parseHistoryPageValue } from './schedule-history.js';
import { drawScheduleHistory } from './schedule-history-command.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** Previous / Next under `/schedule history`: redraws the same message with the other page of runs. */
export async function handleScheduleHistoryPage(
  ctx: AppContext,
  { ack, action, respond }: Args,
): Promise<void> {
  await ack();
  const page = parseHistoryPageValue(action.value);
  if (!page) return;
  try {
    const message = await drawScheduleHistory(ctx, { id: page.id, name: page.name }, page.offset);
    await respond({ response_type: 'ephemeral', replace_original: true, ...message });
  } catch (err) {
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: describeScheduleError(err, 'show that page'),
    });
  }
}
