// Pipeline moves. One move, wherever it was clicked (a card's button, a `/leads` row menu, a `/leads show`
// button): ask MoltFlow, then bring the lead's card up to date and tell its thread, through lead-feed's card
// service. Replying to the person is the caller's job, because each place answers differently (ephemeral
// post, or a redraw via response_url); the card and detail buttons' answers are here too. Every move, done
// or refused, goes into the audit trail as `lead.moved`, by lead id only (names are personal data the
// trail must not keep longer than the leads).
import type { webApi } from '@slack/bolt';
import { MoltflowHttpError } from '../../api/errors.js';
import { getLead, updateLeadStatus } from '../../api/leads.js';
import type { AppContext } from '../../context.js';
import type { Lead } from '../../domain/lead.js';
import { isLeadStatus, type LeadStatus, statusLabel } from '../../domain/pipeline.js';
import { type Actor, actorOf, auditFailure, recordAudit } from '../../slack/audit.js';
import { type ButtonArgs, channelOf } from '../../slack/listener-args.js';
import { buildStatusRefusalText } from '../../slack/refusal-text.js';
import {
  type CardRedraw,
  type LeadCardContext,
  parseLeadStatusAction,
  redrawLeadCard,
} from '../lead-feed/index.js';
import { buildLeadDetail } from './lead-detail-view.js';

export interface LeadMove {
  leadId: string;
  to: LeadStatus;
  /** Who moved it (and in which workspace, for the audit trail). */
  by: Actor;
  /** The card that was clicked, if the click came from one (it may be missing from the store). */
  card?: { channel: string; ts: string };
}

export type LeadMoveOutcome =
  | { moved: true; lead: Lead; from: LeadStatus | null }
  /** `refusal` is escaped mrkdwn; `lead` is what MoltFlow says now, when that could be found out. */
  | { moved: false; refusal: string; lead: Lead | null; gone: boolean };

export async function applyLeadMove(
  ctx: AppContext,
  client: webApi.WebClient,
  move: LeadMove,
): Promise<LeadMoveOutcome> {
  const record = await ctx.store.getLeadRecord(move.leadId);
  const posted =
    record?.state === 'posted' && record.channel && record.ts
      ? { channel: record.channel, ts: record.ts }
      : null;
  const card = move.card ?? posted;
  const cards = { slack: client, store: ctx.store, logger: ctx.logger, now: ctx.now, changes: ctx.changes };
  const redraw = async (
    lead: Lead,
    context: LeadCardContext,
    change: CardRedraw['change'],
    thread: CardRedraw['thread'] = null,
  ) => {
    if (card) await redrawLeadCard(cards, { card, lead, context, change, thread });
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
    await recordAudit(ctx, move.by, auditFailure('lead.moved', move.leadId, err, `→ ${move.to}`));
    const current = await currentTruth(ctx, move.leadId, err, record?.lead ?? null);
    const refusal = buildStatusRefusalText(err, { to: move.to, current: current.lead?.status ?? null });
    if (current.gone && record?.lead) await redraw(record.lead, { gone: true }, null);
    else {
      const shown = current.lead ?? record?.lead;
      if (shown) await redraw(shown, { changedBy: record?.changedBy, changedAt: record?.changedAt }, null);
    }
    return { moved: false, refusal, lead: current.lead, gone: current.gone };
  }

  const from = record?.shownStatus ?? record?.lead?.status ?? null;
  await recordAudit(ctx, move.by, {
    action: 'lead.moved',
    target: move.leadId,
    detail: `${from ?? '?'} → ${move.to}`,
  });
  const change = { by: move.by.user, at: ctx.now() };
  await redraw(moved, { changedBy: change.by, changedAt: change.at }, change, {
    from,
    by: { userId: move.by.user },
  });
  return { moved: true, lead: moved, from };
}

/** After a refusal: re-read the lead when MoltFlow said the move was invalid (so the card shows the truth). */
async function currentTruth(
  ctx: AppContext,
  leadId: string,
  err: unknown,
  known: Lead | null,
): Promise<{ lead: Lead | null; gone: boolean }> {
  if (!(err instanceof MoltflowHttpError)) return { lead: null, gone: false };
  if (err.status === 404) return { lead: null, gone: true };
  if (err.status !== 400) return { lead: null, gone: false };
  // MoltFlow names the current status ("Invalid status transition from qualified to new"): with the lead we
  // already hold, that is the truth without spending another request of the minute's budget.
  const from = /\bfrom (\w+) to\b/i.exec(err.detail)?.[1]?.toLowerCase();
  if (known && from && isLeadStatus(from)) return { lead: { ...known, status: from }, gone: false };
  try {
    return { lead: await getLead(ctx.moltflowInteractive, leadId), gone: false };
  } catch (readErr) {
    const gone = readErr instanceof MoltflowHttpError && readErr.status === 404;
    return { lead: null, gone };
  }
}

/**
 * A pipeline button, on a lead card or on a `/leads show` detail. Acked at once; then MoltFlow is asked to
 * move the lead (applyLeadMove redraws the card and writes the thread line). On a card a refusal is
 * explained to the clicker alone; an ephemeral detail has no ts to edit, so it is redrawn through the
 * click's response_url, with the outcome on top.
 */
export async function handleLeadStatusAction(
  ctx: AppContext,
  { ack, body, action, client, respond }: ButtonArgs,
): Promise<void> {
  await ack();
  const move = parseLeadStatusAction(action);
  if (move === null) return;
  const by = actorOf({ body });
  const userId = by.user;

  if (body.container?.is_ephemeral === true) {
    const outcome = await applyLeadMove(ctx, client, { ...move, by });
    const notice = outcome.moved
      ? `:white_check_mark: Marked *${statusLabel(outcome.lead.status)}*.`
      : `:warning: ${outcome.refusal}`;
    if (outcome.lead) {
      const detail = buildLeadDetail(outcome.lead, { notice, revision: ctx.now().getTime() });
      await respond({ replace_original: true, response_type: 'ephemeral', ...detail });
    } else {
      // No lead to draw: a deleted lead replaces its stale detail; any other failure leaves it be.
      const gone = !outcome.moved && outcome.gone;
      await respond({ replace_original: gone, response_type: 'ephemeral', text: notice });
    }
    return;
  }

  const channel = channelOf(body);
  const ts = body.message?.ts ?? body.container?.message_ts;
  if (!channel || !ts) return;
  const outcome = await applyLeadMove(ctx, client, { ...move, by, card: { channel, ts } });
  if (!outcome.moved) await client.chat.postEphemeral({ channel, user: userId, text: outcome.refusal });
}
