// /leads: list, search, show, pipeline moves from cards and lists, reciprocity, add to group, export.
import type { BlockAction, BlockButtonAction, OverflowAction, ViewSubmitAction } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import type { ListenerTable } from '../../slack/listener-table.js';
import { CARD_VIEW } from '../lead-feed/index.js';
import { ADD_TO_GROUP } from './add-to-group-modal.js';
import { handleAddToGroupClick } from './lead-add-to-group.js';
import { handleAddToGroupSubmit } from './lead-add-to-group-submit.js';
import { LIST_VIEW } from './lead-list.js';
import { handleLeadListPage } from './lead-list-page.js';
import { handleLeadListRow } from './lead-list-row.js';
import { handleLeadReciprocityAction } from './lead-reciprocity.js';
import { handleReciprocitySubmit } from './lead-reciprocity-submit.js';
import { handleLeadStatusAction } from './lead-status.js';
import { handleLeadsCommand, SLASH_LEADS } from './leads-command.js';

export { buildFilterProblemText } from './export-text.js';
export { type AddToGroupOutcome, addLeadsToGroup } from './lead-add-to-group-run.js';
export { SLASH_LEADS };

import { RECIPROCITY_MODAL } from './reciprocity-modal.js';

export function register(table: ListenerTable, ctx: AppContext): void {
  table.command(SLASH_LEADS, (args) => handleLeadsCommand(ctx, args));
  table.action<BlockButtonAction>(CARD_VIEW.statusActionPattern, (args) => handleLeadStatusAction(ctx, args));
  table.action<BlockButtonAction>(CARD_VIEW.reciprocityActionId, (args) =>
    handleLeadReciprocityAction(ctx, args),
  );
  table.action<BlockButtonAction>(LIST_VIEW.pageActionPattern, (args) => handleLeadListPage(ctx, args));
  table.action<BlockAction<OverflowAction>>(LIST_VIEW.rowActionId, (args) => handleLeadListRow(ctx, args));
  table.action<BlockButtonAction>(ADD_TO_GROUP.actionId, (args) => handleAddToGroupClick(ctx, args));
  table.view<ViewSubmitAction>(ADD_TO_GROUP.callbackId, (args) => handleAddToGroupSubmit(ctx, args));
  table.view<ViewSubmitAction>(RECIPROCITY_MODAL.callbackId, (args) => handleReciprocitySubmit(ctx, args));
}
