import { createHash } from 'node:crypto';
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { MoltflowHttpError } from '../../api/errors.js';
import { type BulkStatusResult, bulkUpdateStatus } from '../../api/lead-bulk.js';
import type { AppContext } from '../../context.js';
import type { LeadStatus } from '../../domain/pipeline.js';
import { replyPrivately } from '../../slack/private-reply.js';
import { describeMoltflowError } from '../../slack/refusal-text.js';
import { addLeadsToGroup } from '../leads/index.js';
import {
  BULK_MODAL,
  type BulkAction,
  type PickedLead,
  parseBulkMeta,
  readBulkSubmission,
} from './leads-bulk-modal-state.js';
import { redrawFromMoltflow, redrawMovedCards } from './leads-bulk-redraw.js';
import {
  BULK_PLAN_TEXT,
  buildBulkGroupResultText,
  buildBulkMoveResultText,
  buildNoValidMoveText,
} from './leads-bulk-result.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * Apply in the bulk modal. Problems go back onto the field (no leads, no action, a move none of the picked
 * leads can make); otherwise the modal closes, MoltFlow does the work, the person is told privately what
 * changed and what failed and why, and the cards of moved leads are redrawn. A double-clicked Apply is
 * claimed once, so nothing is sent twice.
 */
export async function handleBulkSubmit(ctx: AppContext, { ack, body, view, client }: Args): Promise<void> {
  const meta = parseBulkMeta(view.private_metadata);
  const { leads, action } = readBulkSubmission(view.state);
  const errors: Record<string, string> = {};
  if (leads.length === 0) errors[BULK_MODAL.leadsBlock] = 'Pick at least one lead.';
  if (action === null) errors[BULK_MODAL.actionBlock] = 'Choose what to do with the picked leads.';
  else if (action.kind === 'move') {
    const invalid = leads.length > 0 ? buildNoValidMoveText(action.to, leads) : null;
    if (invalid) errors[BULK_MODAL.actionBlock] = invalid;
  }
  if (Object.keys(errors).length > 0 || action === null) {
    await ack({ response_action: 'errors', errors });
    return;
  }
  const ids = leads.map((l) => l.id);
  const digest = createHash('sha256')
    .update(JSON.stringify([action, [...ids].sort()]))
    .digest('hex');
  const key = `leads-bulk:${view.id}:${digest.slice(0, 24)}`;
  await ack();
  if (!ctx.store.idempotency.claim(key, ctx.now())) return;

  const user = body.user.id;
  let text: string;
  try {
    text = await run(ctx, client, action, leads, user);
  } catch (err) {
    ctx.store.idempotency.release(key);
    ctx.logger.info('bulk lead action failed', { error: err });
    const plan = err instanceof MoltflowHttpError && err.status === 403 && err.requiredScopes.length === 0;
    text = plan ? BULK_PLAN_TEXT : describeMoltflowError(err, 'update those leads');
  }
  await replyPrivately(client, ctx.logger, { channel: meta?.channel ?? null, user, text });
}

async function run(
  ctx: AppContext,
  client: Args['client'],
  action: BulkAction,
  leads: PickedLead[],
  user: string,
): Promise<string> {
  if (action.kind === 'group') {
    const outcome = await addLeadsToGroup(
      ctx.moltflowInteractive,
      leads.map((l) => ({ id: l.id, phone: l.phone, name: null })),
      { kind: 'existing', id: action.groupId },
    );
    return buildBulkGroupResultText(outcome, leads);
  }
  const ids = leads.map((l) => l.id);
  const result = await bulkUpdateStatus(ctx.moltflowInteractive, ids, action.to);
  await redrawAfterMove(ctx, client, result, ids, action.to, user);
  return buildBulkMoveResultText(result, action.to, leads);
}

/** Moved = picked minus the named failures; when MoltFlow does not name them all, ask it per card. */
async function redrawAfterMove(
  ctx: AppContext,
  client: Args['client'],
  result: BulkStatusResult,
  ids: string[],
  to: LeadStatus,
  user: string,
): Promise<void> {
  const named = new Set(result.failures.map((f) => f.leadId).filter((id): id is string => id !== null));
  const allNamed = named.size >= result.failed && result.updated + result.failed >= ids.length;
  if (allNamed)
    await redrawMovedCards(
      ctx,
      client,
      ids.filter((id) => !named.has(id)),
      to,
      user,
    );
  else await redrawFromMoltflow(ctx, client, ids, to, user);
}
