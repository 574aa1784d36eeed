// "Add to group" on a card or a lead detail: the click that opens the modal, and its Add button. The
// adding itself (shared with `/leads bulk`) is in add-to-group-operations.ts.
import { createHash } from 'node:crypto';
import { type CustomGroup, listAllCustomGroups } from '../../api/custom-groups.js';
import { getLead, getReciprocity } from '../../api/leads.js';
import { listSessions, workingSessions } from '../../api/sessions.js';
import type { AppContext } from '../../context.js';
import { isResourceId } from '../../domain/ids.js';
import { actorOf, auditFailure, recordAudit } from '../../slack/audit.js';
import { escapeMrkdwn } from '../../slack/blocks.js';
import { type ButtonArgs, channelOf, type SubmissionArgs } from '../../slack/listener-args.js';
import { replyPrivately } from '../../slack/private-reply.js';
import { describeMoltflowError } from '../../slack/refusal-text.js';
import {
  type AddToGroupMeta,
  buildAddToGroupLoading,
  buildAddToGroupModal,
  parseAddToGroupSubmission,
  type ReciprocityNote,
} from './add-to-group-form.js';
import { addLeadsToGroup, auditAddedToGroup, groupTargetName } from './add-to-group-operations.js';
import { buildAddToGroupResultText } from './leads-messages.js';

/**
 * "Add to group" on a card or a lead detail. The modal opens at once with what the store knows about the
 * lead (the trigger_id expires in 3 s, MoltFlow may be slower); the custom groups and the reciprocity
 * check load afterwards and the modal is redrawn with them.
 */
export async function handleAddToGroupClick(ctx: AppContext, { ack, body, action, client }: ButtonArgs) {
  await ack();
  const leadId = action.value ?? '';
  if (!isResourceId(leadId)) return;
  const known = (await ctx.store.getLeadRecord(leadId))?.lead ?? null;
  const meta: AddToGroupMeta = {
    leadId,
    channel: channelOf(body) ?? null,
    name: known?.name?.slice(0, 300) ?? null,
    phone: known?.phone?.slice(0, 64) || null,
  };
  // From inside a modal (a lead detail), stack on it; elsewhere open a new one.
  const view = buildAddToGroupLoading(meta);
  const opened = body.view
    ? await client.views.push({ trigger_id: body.trigger_id, view })
    : await client.views.open({ trigger_id: body.trigger_id, view });
  const viewId = opened.view?.id;
  if (!viewId) return;

  const [lead, groups, reciprocity] = await Promise.allSettled([
    known ?? getLead(ctx.moltflowInteractive, leadId),
    listAllCustomGroups(ctx.moltflowInteractive),
    checkReciprocity(ctx, leadId),
  ]);
  if (lead.status === 'fulfilled') {
    meta.name = lead.value.name?.slice(0, 300) ?? null;
    meta.phone = lead.value.phone.slice(0, 64) || null;
  }
  const list: CustomGroup[] = groups.status === 'fulfilled' ? groups.value : [];
  const loadError =
    groups.status === 'rejected' ? describeMoltflowError(groups.reason, 'load your custom groups') : null;
  const note: ReciprocityNote =
    reciprocity.status === 'fulfilled' ? reciprocity.value : { kind: 'unknown', why: 'check failed' };
  try {
    await client.views.update({
      view_id: viewId,
      ...(opened.view?.hash ? { hash: opened.view.hash } : {}),
      view: buildAddToGroupModal(meta, list, note, loadError),
    });
  } catch (err) {
    // Closed already, or redrawn by another click: nothing to show.
    ctx.logger.info('could not redraw the add-to-group modal', { leadId, error: err });
  }
}

/** Has the contact written first? Asked of DEFAULT_SESSION_ID, or of the only working session. */
async function checkReciprocity(ctx: AppContext, leadId: string): Promise<ReciprocityNote> {
  let session = { id: ctx.config.outreach.defaultSessionId ?? '', name: 'your WhatsApp number' };
  if (!session.id) {
    const working = workingSessions(await listSessions(ctx.moltflowInteractive));
    const only = working.length === 1 ? working[0] : undefined;
    if (!only) return { kind: 'unknown', why: 'no single working session' };
    session = { id: only.id, name: only.name };
  }
  const answer = await getReciprocity(ctx.moltflowInteractive, leadId, session.id);
  return answer.hasMessagedFirst
    ? { kind: 'messaged', lastInboundAt: answer.lastInboundAt, session: session.name }
    : { kind: 'never', session: session.name };
}

/**
 * The Add button of the add-to-group modal. Field problems go back onto the field; otherwise the modal
 * closes at once and the outcome is told privately where the button was clicked. A double-clicked Add
 * is claimed once, so the group is never created twice.
 */
export async function handleAddToGroupSubmit(ctx: AppContext, { ack, body, view, client }: SubmissionArgs) {
  const choice = parseAddToGroupSubmission(view);
  if (choice === null) {
    await ack();
    return;
  }
  if (!choice.ok) {
    await ack({ response_action: 'errors', errors: choice.errors });
    return;
  }
  const target = choice.target.kind === 'existing' ? `id:${choice.target.id}` : `new:${choice.target.name}`;
  const key = `add-to-group:${view.id}:${createHash('sha256').update(target).digest('hex').slice(0, 16)}`;
  await ack();
  if (!(await ctx.store.idempotency.claim(key, ctx.now()))) return;

  const { meta } = choice;
  const who = meta.name?.trim() || meta.phone?.trim() || '';
  const actor = actorOf({ body });
  let text: string;
  try {
    const outcome = await addLeadsToGroup(
      ctx.moltflowInteractive,
      [{ id: meta.leadId, phone: meta.phone, name: meta.name }],
      choice.target,
    );
    await auditAddedToGroup(ctx, actor, meta.leadId, outcome);
    text = buildAddToGroupResultText(outcome, who);
  } catch (err) {
    await ctx.store.idempotency.release(key);
    ctx.logger.info('add to group failed', { leadId: meta.leadId, error: err });
    const group = `to group ${groupTargetName(choice.target)}`;
    await recordAudit(ctx, actor, auditFailure('lead.added_to_group', meta.leadId, err, group));
    const lead = who ? escapeMrkdwn(who) : 'the lead';
    text = describeMoltflowError(err, `add ${lead} to that group`);
  }
  await replyPrivately(client, ctx.logger, { channel: meta.channel, user: body.user.id, text });
}
