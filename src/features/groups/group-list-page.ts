import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { listAllCustomGroups } from '../../api/custom-groups.js';
import type { AppContext } from '../../context.js';
import { describeMoltflowError } from '../../slack/refusal-text.js';
import { buildGroupList } from './group-list.js';
import { parseOffsetValue } from './group-members.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** Previous/Next on the group list: the list is read again, so the page shows what MoltFlow has now. */
export async function handleGroupListPage(ctx: AppContext, { ack, action, respond }: Args): Promise<void> {
  await ack();
  const offset = parseOffsetValue(action.value);
  if (offset === null) return;
  try {
    const list = buildGroupList(await listAllCustomGroups(ctx.moltflowInteractive), offset);
    await respond({ response_type: 'ephemeral', replace_original: true, ...list });
  } catch (err) {
    const text = describeMoltflowError(err, 'list your groups');
    await respond({ response_type: 'ephemeral', replace_original: false, text });
  }
}
