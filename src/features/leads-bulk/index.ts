// /leads bulk: move many leads, or add them to a contact group, from one modal.
import type { BlockAction, ViewSubmitAction } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import type { ListenerTable } from '../../slack/listener-table.js';
import { SLASH_LEADS } from '../leads/index.js';
import { handleLeadsBulk } from './leads-bulk-command.js';
import { handleBulkFilterChange } from './leads-bulk-filter.js';
import { BULK_MODAL } from './leads-bulk-modal-state.js';
import { handleBulkLeadOptions } from './leads-bulk-options.js';
import { handleBulkSubmit } from './leads-bulk-submit.js';

export function register(table: ListenerTable, ctx: AppContext): void {
  table.subcommand(SLASH_LEADS, 'bulk', (args, rest) => handleLeadsBulk(ctx, args, rest));
  table.action<BlockAction>(BULK_MODAL.filterActionPattern, (args) => handleBulkFilterChange(ctx, args));
  table.view<ViewSubmitAction>(BULK_MODAL.callbackId, (args) => handleBulkSubmit(ctx, args));
  table.options(BULK_MODAL.leadsAction, (args) => handleBulkLeadOptions(ctx, args));
}
