import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { describeScheduleError } from './schedule-errors.js';
import { drawScheduleList } from './schedule-list-command.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** Previous / Next under `/schedule list`: redraws the same message with the other page. */
export async function handleScheduleListPage(ctx: AppContext, { ack, action, respond }: Args): Promise<void> {
  await ack();
  const offset = Number.parseInt(action.value ?? '', 10);
  if (!Number.isInteger(offset) || offset < 0) return;
  try {
    await respond({
      response_type: 'ephemeral',
      replace_original: true,
      ...(await drawScheduleList(ctx, offset)),
    });
  } catch (err) {
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: describeScheduleError(err, 'show that page'),
    });
  }
}
