// /leads: list, search, show, pipeline moves from cards and lists, reciprocity, add to group, export.
import type { BlockButtonAction, BlockOverflowAction, ViewSubmitAction } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { type ListenerTable, needs } from '../../slack/listener-table.js';
import { CARD_VIEW } from '../lead-feed/index.js';
import { handleAddToGroupClick, handleAddToGroupSubmit } from './add-to-group-actions.js';
import { ADD_TO_GROUP } from './add-to-group-form.js';
import { handleLeadListPage, handleLeadListRow } from './lead-list.js';
import { LIST_VIEW } from './lead-list-view.js';
import { handleLeadStatusAction } from './lead-moves.js';
import { handleLeadsCommand, SLASH_LEADS } from './leads-command.js';
import { handleLeadReciprocityAction, handleReciprocitySubmit } from './reciprocity-actions.js';
import { RECIPROCITY_MODAL } from './reciprocity-form.js';

export {
  type AddToGroupOutcome,
  addLeadsToGroup,
  auditAddedToGroup,
} from './add-to-group-operations.js';
export { buildFilterProblemText } from './leads-messages.js';
export { SLASH_LEADS };

export function register(table: ListenerTable, ctx: AppContext): void {
  table.command(
    SLASH_LEADS,
    { ...needs('sales', 'see leads'), subcommands: { export: needs('outreach', 'export leads') } },
    (args) => handleLeadsCommand(ctx, args),
  );
  table.action<BlockButtonAction>(CARD_VIEW.statusActionPattern, needs('sales', 'move leads'), (args) =>
    handleLeadStatusAction(ctx, args),
  );
  table.action<BlockButtonAction>(
    CARD_VIEW.reciprocityActionId,
    needs('sales', 'check reciprocity'),
    (args) => handleLeadReciprocityAction(ctx, args),
  );
  table.action<BlockButtonAction>(LIST_VIEW.pageActionPattern, needs('sales', 'see leads'), (args) =>
    handleLeadListPage(ctx, args),
  );
  table.action<BlockOverflowAction>(LIST_VIEW.rowActionId, needs('sales', 'move leads'), (args) =>
    handleLeadListRow(ctx, args),
  );
  table.action<BlockButtonAction>(
    ADD_TO_GROUP.actionId,
    needs('outreach', 'add leads to a contact group'),
    (args) => handleAddToGroupClick(ctx, args),
  );
  table.view<ViewSubmitAction>(
    ADD_TO_GROUP.callbackId,
    needs('outreach', 'add leads to a contact group'),
    (args) => handleAddToGroupSubmit(ctx, args),
  );
  table.view<ViewSubmitAction>(RECIPROCITY_MODAL.callbackId, needs('sales', 'check reciprocity'), (args) =>
    handleReciprocitySubmit(ctx, args),
  );
}
