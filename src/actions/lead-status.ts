import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { MoltflowHttpError } from '../api/errors.js';
import { getLead, updateLeadStatus } from '../api/leads.js';
import type { AppContext } from '../context.js';
import type { Lead } from '../domain/lead.js';
import { buildLeadCard, type LeadCardContext, parseLeadStatusAction } from '../views/lead-card.js';
import { buildStatusRefusalText } from '../views/refusal-text.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * A pipeline button on a lead card. Acked at once; then MoltFlow is asked to move the lead, and the card is
 * redrawn in place with the new status, who set it and the next allowed moves. A refusal is explained to the
 * clicker alone, and the card is redrawn to what MoltFlow now says so it never offers a stale move again.
 */
export async function handleLeadStatusAction(
  ctx: AppContext,
  { ack, body, action, client }: Args,
): Promise<void> {
  await ack();
  const move = parseLeadStatusAction(action);
  const channel = body.channel?.id ?? body.container?.channel_id;
  const ts = body.message?.ts ?? body.container?.message_ts;
  if (move === null || !channel || !ts) return;
  const record = ctx.store.getLeadRecord(move.leadId);

  const redraw = async (
    lead: Lead,
    cardContext: LeadCardContext,
    change: { by: string; at: Date } | null,
  ) => {
    const card = buildLeadCard(lead, { ...cardContext, revision: ctx.now().getTime() });
    await client.chat.update({ channel, ts, text: card.text, blocks: card.blocks, metadata: card.metadata });
    ctx.store.updateShown(lead.id, lead, change);
  };

  let moved: Lead;
  try {
    const returned = await updateLeadStatus(ctx.moltflowInteractive, move.leadId, move.to);
    moved = returned ?? {
      ...(record?.lead ?? (await getLead(ctx.moltflowInteractive, move.leadId))),
      status: move.to,
    };
  } catch (err) {
    ctx.logger.info('lead status change refused', { leadId: move.leadId, to: move.to, error: err });
    const current = await currentTruth(ctx, move.leadId, err);
    const text = buildStatusRefusalText(err, { to: move.to, current: current.lead?.status ?? null });
    await client.chat.postEphemeral({ channel, user: body.user.id, text });
    if (current.gone && record?.lead) await redraw(record.lead, { gone: true }, null);
    else {
      const shown = current.lead ?? record?.lead;
      if (shown) await redraw(shown, { changedBy: record?.changedBy, changedAt: record?.changedAt }, null);
    }
    return;
  }
  const change = { by: body.user.id, at: ctx.now() };
  await redraw(moved, { changedBy: change.by, changedAt: change.at }, change);
}

/** After a refusal: re-read the lead when MoltFlow said the move was invalid (so the card shows the truth). */
async function currentTruth(
  ctx: AppContext,
  leadId: string,
  err: unknown,
): Promise<{ lead: Lead | null; gone: boolean }> {
  if (!(err instanceof MoltflowHttpError)) return { lead: null, gone: false };
  if (err.status === 404) return { lead: null, gone: true };
  if (err.status !== 400) return { lead: null, gone: false };
  try {
    return { lead: await getLead(ctx.moltflowInteractive, leadId), gone: false };
  } catch (readErr) {
    const gone = readErr instanceof MoltflowHttpError && readErr.status === 404;
    return { lead: null, gone };
  }
}
