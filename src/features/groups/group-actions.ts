// The buttons and the "…" menu on /groups messages. Each acks first, then reads MoltFlow afresh, so a page
// or a list shows what MoltFlow has now, not what it had when the message was drawn.
import {
  type CustomGroupDetail,
  deleteCustomGroup,
  getCustomGroup,
  listAllCustomGroups,
} from '../../api/custom-groups.js';
import { MoltflowHttpError } from '../../api/errors.js';
import type { AppContext } from '../../context.js';
import { auditFailure, auditFrom, auditTarget } from '../../slack/audit.js';
import { md } from '../../slack/blocks.js';
import { type ButtonArgs, channelOf, type OverflowArgs } from '../../slack/listener-args.js';
import { describeMoltflowError } from '../../slack/refusal-text.js';
import { buildMemberPage, parseMemberPageValue } from './group-member-pages.js';
import { buildContactsReply, exportGroup, openGroupForm } from './group-operations.js';
import { describeGroupError, groupName, itsMembers } from './group-text.js';
import {
  buildGroupList,
  GROUP_ACTIONS,
  parseGroupId,
  parseGroupMenu,
  parseOffsetValue,
} from './group-views.js';

/** Previous/Next on the group list: the list is read again, so the page shows what MoltFlow has now. */
export async function handleGroupListPage(
  ctx: AppContext,
  { ack, action, respond, body, client }: ButtonArgs,
): Promise<void> {
  await ack();
  const offset = parseOffsetValue(action.value);
  if (offset === null) return;
  try {
    const viewer = { canChange: (await ctx.access.check(client, body.user.id, 'outreach')).allowed };
    const list = buildGroupList(await listAllCustomGroups(ctx.moltflowInteractive), offset, viewer);
    await respond({ response_type: 'ephemeral', replace_original: true, ...list });
  } catch (err) {
    const text = describeMoltflowError(err, 'list your groups');
    await respond({ response_type: 'ephemeral', replace_original: false, text });
  }
}

/**
 * "Show members" on the group list opens page 1 as a new private message (the list stays); Previous/Next
 * on a members page redraws that page in place. Members are read fresh each time.
 */
export async function handleGroupMembersAction(
  ctx: AppContext,
  { ack, action, respond }: ButtonArgs,
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

/** Previous/Next on `/groups contacts`. */
export async function handleGroupContactsPage(
  ctx: AppContext,
  { ack, action, respond }: ButtonArgs,
): Promise<void> {
  await ack();
  const offset = parseOffsetValue(action.value);
  if (offset === null) return;
  try {
    await respond({
      response_type: 'ephemeral',
      replace_original: true,
      ...(await buildContactsReply(ctx, offset)),
    });
  } catch (err) {
    const text = describeMoltflowError(err, 'list the contacts');
    await respond({ response_type: 'ephemeral', replace_original: false, text });
  }
}

/** The workspace of the person who clicked, for the audit trail. */
const teamOf = (body: { team?: { id?: string } | null; user: { team_id?: string } }) =>
  body.team?.id ?? body.user.team_id ?? '';

/** "Export CSV" on the group list: the file goes to the clicker's DM, never this channel. */
export async function handleGroupExportAction(
  ctx: AppContext,
  { ack, body, action, client, respond }: ButtonArgs,
): Promise<void> {
  await ack();
  const groupId = parseGroupId(action.value);
  if (!groupId) return;
  const text = await exportGroup(ctx, client, {
    groupId,
    format: 'csv',
    userId: body.user.id,
    teamId: teamOf(body),
  });
  await respond({ response_type: 'ephemeral', replace_original: false, text });
}

/**
 * Delete, after Slack's confirm dialog. Limited by OUTREACH_ALLOWED; a double-clicked confirm deletes once.
 * From the group list, the list is redrawn without the group; from a prompt, the prompt becomes the answer.
 */
export async function handleGroupDeleteAction(
  ctx: AppContext,
  { ack, body, action, respond }: ButtonArgs,
): Promise<void> {
  await ack();
  const groupId = parseGroupId(action.value);
  if (!groupId) return;
  const say = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
  const key = `groups-delete:${groupId}`;
  if (!(await ctx.store.idempotency.claim(key, ctx.now()))) return; // the first click answers
  let group: CustomGroupDetail | undefined;
  try {
    group = await getCustomGroup(ctx.moltflowInteractive, groupId);
    await deleteCustomGroup(ctx.moltflowInteractive, groupId);
  } catch (err) {
    const gone = err instanceof MoltflowHttpError && err.status === 404;
    if (!gone) await ctx.store.idempotency.release(key); // nothing happened; the person may try again
    await auditFrom(ctx, { body }, auditFailure('group.deleted', auditTarget(groupId, group?.name), err));
    await say(gone ? 'That group was already deleted.' : describeGroupError(err, 'delete the group'));
    return;
  }
  ctx.logger.info('contact group deleted', { groupId, by: body.user.id });
  await auditFrom(
    ctx,
    { body },
    {
      action: 'group.deleted',
      target: auditTarget(groupId, group.name),
      detail: `${group.memberCount ?? group.members.length} members`,
    },
  );
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

/** The "…" menu on a group in the list: add, remove, rename (forms) or export as JSON. */
export async function handleGroupMenu(
  ctx: AppContext,
  { ack, body, action, client, respond }: OverflowArgs,
): Promise<void> {
  await ack();
  const choice = parseGroupMenu(action.selected_option.value);
  if (!choice) return;
  const channelId = channelOf(body);
  const say = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
  if (choice.verb === 'json') {
    const text = await exportGroup(ctx, client, {
      groupId: choice.groupId,
      format: 'json',
      userId: body.user.id,
      teamId: teamOf(body),
    });
    await say(text);
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
