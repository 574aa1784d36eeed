import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import type { PlainTextOption } from '@slack/types';
import { listLeads } from '../../api/leads.js';
import { retryPolicies } from '../../api/retry.js';
import type { AppContext } from '../../context.js';
import { buildLeadOption } from './leads-bulk-modal-options.js';
import { BULK_MODAL, parseBulkMeta, readBulkFilters } from './leads-bulk-modal-state.js';

type Args = SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs;

/** Slack waits 3 s for options: one try, no waiting for the rate budget, then an empty list. */
const OPTIONS_TIMEOUT_MS = 2_500;
const ONE_QUICK_TRY = { ...retryPolicies.none, name: 'options', maxWaitMs: 500 };

/**
 * Fills the bulk modal's lead picker: GET /leads with the modal's filters, and what the person types as
 * the search (or, when a search filter is set, as a further narrowing by name or phone). The answer IS
 * the ack, so this is the one listener that asks MoltFlow before acking; it fails soft, with no options.
 */
export async function handleBulkLeadOptions(ctx: AppContext, { ack, body }: Args): Promise<void> {
  const filters = readBulkFilters(body.view?.state) ??
    parseBulkMeta(body.view?.private_metadata)?.filters ?? { status: null, groupId: null, search: null };
  const typed = body.value.trim().slice(0, 100);
  const narrow = filters.search && typed ? typed.toLowerCase() : null;
  let options: PlainTextOption[] = [];
  try {
    const search = filters.search ?? (typed || undefined);
    const page = await listLeads(
      ctx.moltflowInteractive.withDefaults({ timeoutMs: OPTIONS_TIMEOUT_MS, retryPolicy: ONE_QUICK_TRY }),
      {
        limit: BULK_MODAL.maxLeads,
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
