// /leads bulk: move many leads, or add them to a contact group, from one modal.
import type { BlockAction, ViewSubmitAction } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import type { ListenerTable } from '../../slack/listener-table.js';
import { SLASH_LEADS } from '../leads/index.js';
import {
  handleLeadsBulkFilterChange,
  handleLeadsBulkLeadOptions,
  handleLeadsBulkSubmit,
} from './leads-bulk-actions.js';
import { handleLeadsBulk } from './leads-bulk-command.js';
import { LEADS_BULK_MODAL } from './leads-bulk-form.js';

export function register(table: ListenerTable, ctx: AppContext): void {
  table.subcommand(SLASH_LEADS, 'bulk', (args, rest) => handleLeadsBulk(ctx, args, rest));
  table.action<BlockAction>(LEADS_BULK_MODAL.filterActionPattern, (args) =>
    handleLeadsBulkFilterChange(ctx, args),
  );
  table.view<ViewSubmitAction>(LEADS_BULK_MODAL.callbackId, (args) => handleLeadsBulkSubmit(ctx, args));
  table.options(LEADS_BULK_MODAL.leadsAction, (args) => handleLeadsBulkLeadOptions(ctx, args));
}
