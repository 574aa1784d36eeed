import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { getCustomGroup } from '../../api/custom-groups.js';
import type { AppContext } from '../../context.js';
import { describeGroupError } from './group-errors.js';
import { GROUP_ACTIONS, parseGroupId } from './group-list.js';
import { buildMemberPage, parseMemberPageValue } from './group-members.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * "Show members" on the group list opens page 1 as a new private message (the list stays); Previous/Next
 * on a members page redraws that page in place. Members are read fresh each time.
 */
export async function handleGroupMembersAction(
  ctx: AppContext,
  { ack, action, respond }: Args,
): Promise<void> {
  await ack();
  const fromList = action.action_id === GROUP_ACTIONS.show;
  const target = fromList
    ? { groupId: parseGroupId(action.value), page: 0 }
    : (parseMemberPageValue(action.value) ?? { groupId: null, page: 0 });
  if (!target.groupId) return;
  try {
    const group = await getCustomGroup(ctx.moltflowInteractive, target.groupId);
    const page = buildMemberPage(group, target.page);
    await respond({ response_type: 'ephemeral', replace_original: !fromList, ...page });
  } catch (err) {
    const text = describeGroupError(err, 'show the members');
    await respond({ response_type: 'ephemeral', replace_original: false, text });
  }
}
