import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import {
  type CustomGroupDetail,
  deleteCustomGroup,
  getCustomGroup,
  listAllCustomGroups,
} from '../../api/custom-groups.js';
import { MoltflowHttpError } from '../../api/errors.js';
import type { AppContext } from '../../context.js';
import { md } from '../../slack/blocks.js';
import { describeGroupError } from './group-errors.js';
import { buildGroupList, parseGroupId } from './group-list.js';
import { groupName, itsMembers } from './group-text.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * Delete, after Slack's confirm dialog. Limited by OUTREACH_ALLOWED; a double-clicked confirm deletes once.
 * From the group list, the list is redrawn without the group; from a prompt, the prompt becomes the answer.
 */
export async function handleGroupDeleteAction(
  ctx: AppContext,
  { ack, body, action, client, respond }: Args,
): Promise<void> {
  await ack();
  const groupId = parseGroupId(action.value);
  if (!groupId) return;
  const say = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
  if (!(await ctx.outreach.allows(client, body.user.id))) {
    await say(ctx.outreach.refusal('deleting contact groups'));
    return;
  }
  const key = `groups-delete:${groupId}`;
  if (!ctx.store.idempotency.claim(key, ctx.now())) return; // the first click answers
  let group: CustomGroupDetail;
  try {
    group = await getCustomGroup(ctx.moltflowInteractive, groupId);
    await deleteCustomGroup(ctx.moltflowInteractive, groupId);
  } catch (err) {
    const gone = err instanceof MoltflowHttpError && err.status === 404;
    if (!gone) ctx.store.idempotency.release(key); // nothing happened; the person may try again
    await say(gone ? 'That group was already deleted.' : describeGroupError(err, 'delete the group'));
    return;
  }
  ctx.logger.info('contact group deleted', { groupId, by: body.user.id });
  const text = `:wastebasket: Deleted *${groupName(group.name)}* and ${itsMembers(group.memberCount)}.`;
  if (!action.block_id.startsWith('group_actions.')) {
    await respond({ response_type: 'ephemeral', replace_original: true, text });
    return;
  }
  try {
    const list = buildGroupList(await listAllCustomGroups(ctx.moltflowInteractive));
    await respond({
      response_type: 'ephemeral',
      replace_original: true,
      text: `${text} ${list.text}`,
      blocks: [{ type: 'section', text: md(text) }, ...list.blocks],
    });
  } catch {
    await say(text);
  }
}
