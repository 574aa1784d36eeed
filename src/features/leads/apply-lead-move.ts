// One pipeline move, wherever it was clicked (a card's button, a `/leads` row menu, a `/leads show` button):
// ask MoltFlow, then bring the lead's card up to date and tell its thread. Replying to the person is the
// caller's job, because each place answers differently (ephemeral post, or a redraw via response_url).
import type { webApi } from '@slack/bolt';
import { MoltflowHttpError } from '../../api/errors.js';
import { getLead, updateLeadStatus } from '../../api/leads.js';
import type { AppContext } from '../../context.js';
import type { Lead } from '../../domain/lead.js';
import type { LeadStatus } from '../../domain/pipeline.js';
import { buildStatusRefusalText } from '../../slack/refusal-text.js';
import { buildLeadCard, buildStatusThreadLine, type LeadCardContext } from '../lead-feed/index.js';

export interface LeadMove {
  leadId: string;
  to: LeadStatus;
  userId: string;
  /** The card that was clicked, if the click came from one (it may be missing from the store). */
  card?: { channel: string; ts: string };
}

export type LeadMoveOutcome =
  | { moved: true; lead: Lead; from: LeadStatus | null }
  /** `refusal` is escaped mrkdwn; `lead` is what MoltFlow says now, when that could be found out. */
  | { moved: false; refusal: string; lead: Lead | null; gone: boolean };

type Web = webApi.WebClient;

export async function applyLeadMove(ctx: AppContext, client: Web, move: LeadMove): Promise<LeadMoveOutcome> {
  const record = ctx.store.getLeadRecord(move.leadId);
  const posted =
    record?.state === 'posted' && record.channel && record.ts
      ? { channel: record.channel, ts: record.ts }
      : null;
  const card = move.card ?? posted;
  const redraw = async (
    lead: Lead,
    cardContext: LeadCardContext,
    change: { by: string; at: Date } | null,
  ) => {
    if (!card) return;
    const message = buildLeadCard(lead, { ...cardContext, revision: ctx.now().getTime() });
    try {
      await client.chat.update({
        ...card,
        text: message.text,
        blocks: message.blocks,
        metadata: message.metadata,
      });
      ctx.store.updateShown(lead.id, lead, change);
    } catch (error) {
      ctx.logger.warn('could not redraw a lead card', { leadId: lead.id, error });
    }
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
    const refusal = buildStatusRefusalText(err, { to: move.to, current: current.lead?.status ?? null });
    if (current.gone && record?.lead) await redraw(record.lead, { gone: true }, null);
    else {
      const shown = current.lead ?? record?.lead;
      if (shown) await redraw(shown, { changedBy: record?.changedBy, changedAt: record?.changedAt }, null);
    }
    return { moved: false, refusal, lead: current.lead, gone: current.gone };
  }

  const from = record?.shownStatus ?? record?.lead?.status ?? null;
  const change = { by: move.userId, at: ctx.now() };
  await redraw(moved, { changedBy: change.by, changedAt: change.at }, change);
  if (card && from !== moved.status) await postThreadLine(ctx, client, card, from, moved.status, move.userId);
  return { moved: true, lead: moved, from };
}

/** One reply in the card's thread, never broadcast to the channel. A failure costs only the line. */
async function postThreadLine(
  ctx: AppContext,
  client: Web,
  card: { channel: string; ts: string },
  from: LeadStatus | null,
  to: LeadStatus,
  userId: string,
): Promise<void> {
  try {
    await client.chat.postMessage({
      channel: card.channel,
      thread_ts: card.ts,
      reply_broadcast: false,
      text: buildStatusThreadLine(from, to, { userId }),
      unfurl_links: false,
    });
  } catch (error) {
    ctx.logger.warn('could not write the status change in the card thread', { error });
  }
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
