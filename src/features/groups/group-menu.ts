import type { AllMiddlewareArgs, BlockOverflowAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { exportGroup } from './group-export.js';
import { parseGroupMenu } from './group-list.js';
import { openGroupForm } from './group-open-form.js';

type Args = SlackActionMiddlewareArgs<BlockOverflowAction> & AllMiddlewareArgs;

/** The "…" menu on a group in the list: add, remove, rename (forms) or export as JSON. */
export async function handleGroupMenu(
  ctx: AppContext,
  { ack, body, action, client, respond }: Args,
): Promise<void> {
  await ack();
  const choice = parseGroupMenu(action.selected_option.value);
  if (!choice) return;
  const channelId = body.channel?.id ?? body.container?.channel_id;
  const say = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
  if (choice.verb === 'json') {
    const text = await exportGroup(ctx, client, {
      groupId: choice.groupId,
      format: 'json',
      channelId,
      userId: body.user.id,
    });
    if (text) await say(text);
    return;
  }
  const opened = await openGroupForm(ctx, client, {
    triggerId: body.trigger_id,
    kind: choice.verb,
    query: choice.groupId,
    ...(channelId ? { channelId } : {}),
  });
  if (!opened) await say('Slack did not let me open the form in time. Please try again.');
}
