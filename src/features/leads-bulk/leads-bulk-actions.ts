// The `/leads bulk` modal's listeners: a filter changed (recount), the lead picker asking for options, and
// Apply. The MoltFlow and Slack work they share with the command is in leads-bulk-operations.ts.
import { createHash } from 'node:crypto';
import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { MoltflowHttpError } from '../../api/errors.js';
import { listLeads } from '../../api/leads.js';
import { retryPolicies } from '../../api/retry.js';
import type { AppContext } from '../../context.js';
import { actorOf } from '../../slack/audit.js';
import { md } from '../../slack/blocks.js';
import type { BlockActionArgs, OptionsArgs, SubmissionArgs } from '../../slack/listener-args.js';
import { replyPrivately } from '../../slack/private-reply.js';
import { describeMoltflowError } from '../../slack/refusal-text.js';
import { encodeLeadsBulkMeta, parseLeadsBulkMeta } from './leads-bulk-encoding.js';
import {
  BULK_LEADS_MODAL,
  buildLeadOption,
  buildLeadsBulkCountText,
  readLeadsBulkFilters,
  readLeadsBulkSubmission,
} from './leads-bulk-form.js';
import { BULK_LEADS_PLAN_TEXT, buildNoValidMoveText } from './leads-bulk-messages.js';
import { countMatchingLeads, runLeadsBulkAction } from './leads-bulk-operations.js';

/**
 * A filter in the bulk modal changed. The picker reads the filters itself when it loads, but the modal
 * also remembers them in private_metadata (in case Slack leaves the inputs out of the picker's request)
 * and shows how many leads now match. Only the count line changes: the rest of the view is sent back as
 * Slack gave it, so nothing the person typed or picked is lost. A `hash` guards against overwriting a
 * newer version of the modal.
 */
export async function handleLeadsBulkFilterChange(
  ctx: AppContext,
  { ack, body, client }: BlockActionArgs,
): Promise<void> {
  await ack();
  const view = body.view;
  const meta = parseLeadsBulkMeta(view?.private_metadata);
  const filters = readLeadsBulkFilters(view?.state);
  if (!view || !meta || !filters) return;
  meta.filters = filters;
  const matching = await countMatchingLeads(ctx.moltflowInteractive, filters);
  const blocks = (view.blocks as KnownBlock[]).map((block) =>
    block.block_id === BULK_LEADS_MODAL.countBlock
      ? {
          type: 'context' as const,
          block_id: BULK_LEADS_MODAL.countBlock,
          elements: [md(buildLeadsBulkCountText(matching))],
        }
      : block,
  );
  const next: ModalView = {
    type: 'modal',
    callback_id: view.callback_id,
    title: view.title,
    ...(view.submit ? { submit: view.submit } : {}),
    ...(view.close ? { close: view.close } : {}),
    private_metadata: encodeLeadsBulkMeta(meta),
    blocks,
  };
  try {
    await client.views.update({ view_id: view.id, hash: view.hash, view: next });
  } catch (err) {
    ctx.logger.info('bulk modal changed meanwhile; count not redrawn', { error: err });
  }
}

/** Slack waits 3 s for options: one try, no waiting for the rate budget, then an empty list. */
const OPTIONS_TIMEOUT_MS = 2_500;
const ONE_QUICK_TRY = { ...retryPolicies.none, name: 'options', maxWaitMs: 500 };

/**
 * Fills the bulk modal's lead picker: GET /leads with the modal's filters, and what the person types as
 * the search (or, when a search filter is set, as a further narrowing by name or phone). The answer IS
 * the ack, so this is the one listener that asks MoltFlow before acking; it fails soft, with no options.
 */
export async function handleLeadsBulkLeadOptions(ctx: AppContext, { ack, body }: OptionsArgs): Promise<void> {
  const filters = readLeadsBulkFilters(body.view?.state) ??
    parseLeadsBulkMeta(body.view?.private_metadata)?.filters ?? { status: null, groupId: null, search: null };
  const typed = body.value.trim().slice(0, 100);
  const narrow = filters.search && typed ? typed.toLowerCase() : null;
  let options: PlainTextOption[] = [];
  try {
    const search = filters.search ?? (typed || undefined);
    const page = await listLeads(
      ctx.moltflowInteractive.withDefaults({ timeoutMs: OPTIONS_TIMEOUT_MS, retryPolicy: ONE_QUICK_TRY }),
      {
        limit: BULK_LEADS_MODAL.maxLeads,
        ...(filters.status ? { status: filters.status } : {}),
        ...(filters.groupId ? { sourceGroupId: filters.groupId } : {}),
        ...(search ? { search } : {}),
      },
    );
    options = page.leads
      .filter((l) => !narrow || `${l.name ?? ''} ${l.phone}`.toLowerCase().includes(narrow))
      .map(buildLeadOption)
      .filter((o): o is PlainTextOption => o !== null);
  } catch (err) {
    ctx.logger.info('could not load leads for the bulk picker', { error: err });
  }
  await ack({ options });
}

/**
 * Apply in the bulk modal. Problems go back onto the field (no leads, no action, a move none of the picked
 * leads can make); otherwise the modal closes, MoltFlow does the work, the person is told privately what
 * changed and what failed and why, and the cards of moved leads are redrawn. A double-clicked Apply is
 * claimed once, so nothing is sent twice.
 */
export async function handleLeadsBulkSubmit(
  ctx: AppContext,
  { ack, body, view, client }: SubmissionArgs,
): Promise<void> {
  const meta = parseLeadsBulkMeta(view.private_metadata);
  const { leads, action } = readLeadsBulkSubmission(view.state);
  const errors: Record<string, string> = {};
  if (leads.length === 0) errors[BULK_LEADS_MODAL.leadsBlock] = 'Pick at least one lead.';
  if (action === null) errors[BULK_LEADS_MODAL.actionBlock] = 'Choose what to do with the picked leads.';
  else if (action.kind === 'move') {
    const invalid = leads.length > 0 ? buildNoValidMoveText(action.to, leads) : null;
    if (invalid) errors[BULK_LEADS_MODAL.actionBlock] = invalid;
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
  if (!(await ctx.store.idempotency.claim(key, ctx.now()))) return;

  const actor = actorOf({ body });
  const user = actor.user;
  let text: string;
  try {
    text = await runLeadsBulkAction(ctx, client, action, leads, actor);
  } catch (err) {
    await ctx.store.idempotency.release(key);
    ctx.logger.info('bulk lead action failed', { error: err });
    const plan = err instanceof MoltflowHttpError && err.status === 403 && err.requiredScopes.length === 0;
    text = plan ? BULK_LEADS_PLAN_TEXT : describeMoltflowError(err, 'update those leads');
  }
  await replyPrivately(client, ctx.logger, { channel: meta?.channel ?? null, user, text });
}
