import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { statusLabel } from '../../domain/pipeline.js';
import { parseLeadStatusAction } from '../lead-feed/index.js';
import { applyLeadMove } from './apply-lead-move.js';
import { buildLeadDetail } from './lead-detail.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * A pipeline button, on a lead card or on a `/leads show` detail. Acked at once; then MoltFlow is asked to
 * move the lead (apply-lead-move.ts redraws the card and writes the thread line). On a card a refusal is
 * explained to the clicker alone; an ephemeral detail has no ts to edit, so it is redrawn through the
 * click's response_url, with the outcome on top.
 */
export async function handleLeadStatusAction(
  ctx: AppContext,
  { ack, body, action, client, respond }: Args,
): Promise<void> {
  await ack();
  const move = parseLeadStatusAction(action);
  if (move === null) return;
  const userId = body.user.id;

  if (body.container?.is_ephemeral === true) {
    const outcome = await applyLeadMove(ctx, client, { ...move, userId });
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

  const channel = body.channel?.id ?? body.container?.channel_id;
  const ts = body.message?.ts ?? body.container?.message_ts;
  if (!channel || !ts) return;
  const outcome = await applyLeadMove(ctx, client, { ...move, userId, card: { channel, ts } });
  if (!outcome.moved) await client.chat.postEphemeral({ channel, user: userId, text: outcome.refusal });
}
