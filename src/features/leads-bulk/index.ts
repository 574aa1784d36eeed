// /leads bulk: move many leads, or add them to a contact group, from one modal.
import type { BlockAction, ViewSubmitAction } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { type ListenerTable, needs } from '../../slack/listener-table.js';
import { SLASH_LEADS } from '../leads/index.js';
import {
  handleLeadsBulkFilterChange,
  handleLeadsBulkLeadOptions,
  handleLeadsBulkSubmit,
} from './leads-bulk-actions.js';
import { handleLeadsBulk } from './leads-bulk-command.js';
import { BULK_LEADS_MODAL, readLeadsBulkSubmission } from './leads-bulk-form.js';

/** Moving leads is sales work; putting them into a contact group (an audience for broadcasts) is outreach. */
const SUBMIT_POLICY = needs('sales', 'move leads in bulk', (body) => {
  const state = (body as { view?: { state?: unknown } }).view?.state;
  const { action } = readLeadsBulkSubmission(state);
  return action?.kind === 'group' ? needs('outreach', 'add leads to a contact group') : undefined;
});

export function register(table: ListenerTable, ctx: AppContext): void {
  table.subcommand(SLASH_LEADS, 'bulk', needs('sales', 'move leads in bulk'), (args, rest) =>
    handleLeadsBulk(ctx, args, rest),
  );
  table.action<BlockAction>(
    BULK_LEADS_MODAL.filterActionPattern,
    needs('sales', 'move leads in bulk'),
    (args) => handleLeadsBulkFilterChange(ctx, args),
  );
  table.view<ViewSubmitAction>(BULK_LEADS_MODAL.callbackId, SUBMIT_POLICY, (args) =>
    handleLeadsBulkSubmit(ctx, args),
  );
  table.options(BULK_LEADS_MODAL.leadsAction, needs('sales', 'move leads in bulk'), (args) =>
    handleLeadsBulkLeadOptions(ctx, args),
  );
}
