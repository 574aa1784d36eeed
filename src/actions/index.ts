import type { BlockAction, BlockButtonAction, OverflowAction, RadioButtonsAction } from '@slack/bolt';
import type { AppContext } from '../context.js';
import type { ListenerRoutes } from '../listener-routes.js';
import { ADD_TO_GROUP } from '../views/add-to-group-modal.js';
import { BULK_MODAL } from '../views/bulk-modal-state.js';
import { BULK_PROGRESS } from '../views/bulk-progress-message.js';
import { GROUP_ACTIONS } from '../views/group-list.js';
import { CARD_VIEW } from '../views/lead-card.js';
import { LIST_VIEW } from '../views/lead-list.js';
import { ROUTES_MESSAGE } from '../views/routes-message.js';
import { SCHEDULE_HISTORY_PAGE_ACTION } from '../views/schedule-history.js';
import { SCHEDULE_LIST_PAGE_ACTION } from '../views/schedule-list.js';
import { SCHEDULE_MODAL } from '../views/schedule-modal.js';
import { SCHEDULE_MOVE_ACTION } from '../views/schedule-moves.js';
import { handleBulkControlAction } from './bulk-send-controls.js';
import { handleGroupContactsPage } from './group-contacts-page.js';
import { handleGroupDeleteAction } from './group-delete.js';
import { handleGroupExportAction } from './group-export-action.js';
import { handleGroupListPage } from './group-list-page.js';
import { handleGroupMembersAction } from './group-members-page.js';
import { handleGroupMenu } from './group-menu.js';
import { handleAddToGroupClick } from './lead-add-to-group.js';
import { handleLeadListPage } from './lead-list-page.js';
import { handleLeadListRow } from './lead-list-row.js';
import { handleLeadReciprocityAction } from './lead-reciprocity.js';
import { handleLeadStatusAction } from './lead-status.js';
import { handleBulkFilterChange } from './leads-bulk-filter.js';
import { handleRouteRemove } from './route-remove.js';
import { handleScheduleHistoryPage } from './schedule-history-page.js';
import { handleScheduleListPage } from './schedule-list-page.js';
import { handleScheduleMove } from './schedule-move.js';
import { handleScheduleTypeSwitch } from './schedule-type-switch.js';

export function register(routes: ListenerRoutes, ctx: AppContext): void {
  routes.action<BlockButtonAction>(CARD_VIEW.statusActionPattern, (args) =>
    handleLeadStatusAction(ctx, args),
  );
  routes.action<BlockButtonAction>(CARD_VIEW.reciprocityActionId, (args) =>
    handleLeadReciprocityAction(ctx, args),
  );
  routes.action<BlockButtonAction>(LIST_VIEW.pageActionPattern, (args) => handleLeadListPage(ctx, args));
  routes.action<BlockAction<OverflowAction>>(LIST_VIEW.rowActionId, (args) => handleLeadListRow(ctx, args));
  routes.action<BlockButtonAction>(ADD_TO_GROUP.actionId, (args) => handleAddToGroupClick(ctx, args));
  routes.action<BlockAction>(BULK_MODAL.filterActionPattern, (args) => handleBulkFilterChange(ctx, args));
  routes.action<BlockButtonAction>(ROUTES_MESSAGE.removeActionId, (args) => handleRouteRemove(ctx, args));
  routes.action<BlockButtonAction>(BULK_PROGRESS.actionPattern, (args) => handleBulkControlAction(ctx, args));
  routes.action<BlockButtonAction>(GROUP_ACTIONS.show, (args) => handleGroupMembersAction(ctx, args));
  routes.action<BlockButtonAction>(GROUP_ACTIONS.membersPagePattern, (args) =>
    handleGroupMembersAction(ctx, args),
  );
  routes.action<BlockButtonAction>(GROUP_ACTIONS.listPagePattern, (args) => handleGroupListPage(ctx, args));
  routes.action<BlockButtonAction>(GROUP_ACTIONS.contactsPagePattern, (args) =>
    handleGroupContactsPage(ctx, args),
  );
  routes.action<BlockButtonAction>(GROUP_ACTIONS.exportCsv, (args) => handleGroupExportAction(ctx, args));
  routes.action<BlockButtonAction>(GROUP_ACTIONS.delete, (args) => handleGroupDeleteAction(ctx, args));
  routes.action<BlockAction<OverflowAction>>(GROUP_ACTIONS.menu, (args) => handleGroupMenu(ctx, args));
  routes.action<BlockAction<RadioButtonsAction>>(SCHEDULE_MODAL.typeActionId, (args) =>
    handleScheduleTypeSwitch(ctx, args),
  );
  routes.action<BlockButtonAction>(SCHEDULE_MOVE_ACTION, (args) => handleScheduleMove(ctx, args));
  routes.action<BlockButtonAction>(SCHEDULE_LIST_PAGE_ACTION, (args) => handleScheduleListPage(ctx, args));
  routes.action<BlockButtonAction>(SCHEDULE_HISTORY_PAGE_ACTION, (args) =>
    handleScheduleHistoryPage(ctx, args),
  );
}
