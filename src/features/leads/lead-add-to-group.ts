import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { type CustomGroup, listAllCustomGroups } from '../../api/custom-groups.js';
import { getLead, getReciprocity } from '../../api/leads.js';
import { listSessions, workingSessions } from '../../api/sessions.js';
import type { AppContext } from '../../context.js';
import { isResourceId } from '../../domain/ids.js';
import { describeMoltflowError } from '../../slack/refusal-text.js';
import {
  type AddToGroupMeta,
  buildAddToGroupLoading,
  buildAddToGroupModal,
  type ReciprocityNote,
} from './add-to-group-modal.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * "Add to group" on a card or a lead detail. The modal opens at once with what the store knows about the
 * lead (the trigger_id expires in 3 s, MoltFlow may be slower); the custom groups and the reciprocity
 * check load afterwards and the modal is redrawn with them.
 */
export async function handleAddToGroupClick(ctx: AppContext, { ack, body, action, client }: Args) {
  await ack();
  const leadId = action.value ?? '';
  if (!isResourceId(leadId)) return;
  const known = ctx.store.getLeadRecord(leadId)?.lead ?? null;
  const meta: AddToGroupMeta = {
    leadId,
    channel: body.channel?.id ?? body.container?.channel_id ?? null,
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
