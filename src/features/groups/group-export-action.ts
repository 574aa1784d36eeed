import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { exportGroup } from './group-export.js';
import { parseGroupId } from './group-list.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** "Export CSV" on the group list: the file goes to this channel (or the clicker's DM). */
export async function handleGroupExportAction(
  ctx: AppContext,
  { ack, body, action, client, respond }: Args,
): Promise<void> {
  await ack();
  const groupId = parseGroupId(action.value);
  if (!groupId) return;
  const text = await exportGroup(ctx, client, {
    groupId,
    format: 'csv',
    channelId: body.channel?.id ?? body.container?.channel_id,
    userId: body.user.id,
  });
  if (text) await respond({ response_type: 'ephemeral', replace_original: false, text });
}
