import type { ViewClosedAction, ViewSubmitAction } from '@slack/bolt';
import { handleBulkComposeSubmission, handleBulkModalClosed } from '../actions/bulk-send-compose.js';
import { handleBulkConfirmSubmission } from '../actions/bulk-send-confirm.js';
import { handleCreateGroupSubmission } from '../actions/group-create.js';
import { handleMembersSubmission } from '../actions/group-members-submit.js';
import { handleRenameSubmission } from '../actions/group-rename.js';
import { handleAddToGroupSubmit } from '../actions/lead-add-to-group-submit.js';
import { handleReciprocitySubmit } from '../actions/lead-reciprocity-submit.js';
import { handleBulkLeadOptions } from '../actions/leads-bulk-options.js';
import { handleBulkSubmit } from '../actions/leads-bulk-submit.js';
import { handleScheduleSubmission } from '../actions/schedule-submit.js';
import { handleTimezoneOptions } from '../actions/schedule-timezone-options.js';
import type { AppContext } from '../context.js';
import type { ListenerRoutes } from '../listener-routes.js';
import { ADD_TO_GROUP } from './add-to-group-modal.js';
import { BULK_MODAL } from './bulk-modal-state.js';
import { BULK_SEND_CONFIRM } from './bulk-send-confirm.js';
import { BULK_SEND_MODAL } from './bulk-send-modal.js';
import { GROUP_MODALS } from './group-modals.js';
import { RECIPROCITY_MODAL } from './reciprocity-modal.js';
import { SCHEDULE_MODAL } from './schedule-modal.js';

/** Modal submissions and external-select option loaders. Each feature adds its own lines here. */
export function register(routes: ListenerRoutes, ctx: AppContext): void {
  routes.view<ViewSubmitAction>(ADD_TO_GROUP.callbackId, (args) => handleAddToGroupSubmit(ctx, args));
  routes.view<ViewSubmitAction>(BULK_MODAL.callbackId, (args) => handleBulkSubmit(ctx, args));
  routes.options(BULK_MODAL.leadsAction, (args) => handleBulkLeadOptions(ctx, args));
  routes.view<ViewSubmitAction>(RECIPROCITY_MODAL.callbackId, (args) => handleReciprocitySubmit(ctx, args));
  routes.view<ViewSubmitAction>(SCHEDULE_MODAL.callbackId, (args) => handleScheduleSubmission(ctx, args));
  routes.options(SCHEDULE_MODAL.timezoneActionId, (args) => handleTimezoneOptions(ctx, args));
  routes.view<ViewSubmitAction>(GROUP_MODALS.create, (args) => handleCreateGroupSubmission(ctx, args));
  routes.view<ViewSubmitAction>(GROUP_MODALS.add, (args) => handleMembersSubmission(ctx, 'add', args));
  routes.view<ViewSubmitAction>(GROUP_MODALS.remove, (args) => handleMembersSubmission(ctx, 'remove', args));
  routes.view<ViewSubmitAction>(GROUP_MODALS.rename, (args) => handleRenameSubmission(ctx, args));
  routes.view<ViewSubmitAction>(BULK_SEND_MODAL.composeCallbackId, (args) =>
    handleBulkComposeSubmission(ctx, args),
  );
  routes.view<ViewSubmitAction>(BULK_SEND_CONFIRM.confirmCallbackId, (args) =>
    handleBulkConfirmSubmission(ctx, args),
  );
  for (const callback_id of [BULK_SEND_MODAL.composeCallbackId, BULK_SEND_CONFIRM.confirmCallbackId]) {
    routes.view<ViewClosedAction>({ callback_id, type: 'view_closed' }, (args) =>
      handleBulkModalClosed(ctx, args),
    );
  }
}
