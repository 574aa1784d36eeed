// /bulksend: broadcasts to a contact group, confirmed before sending, followed live in Slack.
import type { BlockButtonAction, ViewClosedAction, ViewSubmitAction } from '@slack/bolt';
import type { ListenerTable } from '../../slack/listener-table.js';
import { handleBulksendCommand, SLASH_BULKSEND } from './broadcast-command.js';
import { handleBulkComposeSubmission, handleBulkModalClosed } from './broadcast-compose.js';
import { handleBulkConfirmSubmission } from './broadcast-confirm.js';
import { BULK_SEND_CONFIRM } from './broadcast-confirm-view.js';
import { handleBulkControlAction } from './broadcast-controls.js';
import { BULK_SEND_MODAL } from './broadcast-modal.js';
import type { BroadcastContext } from './progress-hub.js';
import { BULK_PROGRESS } from './progress-message.js';

export { BulkProgressHub } from './progress-hub.js';

/** `ctx.bulk` is the hub app.ts builds and starts; broadcasts are the only listeners that use it. */
export function register(table: ListenerTable, ctx: BroadcastContext): void {
  table.command(SLASH_BULKSEND, (args) => handleBulksendCommand(ctx, args));
  table.action<BlockButtonAction>(BULK_PROGRESS.actionPattern, (args) => handleBulkControlAction(ctx, args));
  table.view<ViewSubmitAction>(BULK_SEND_MODAL.composeCallbackId, (args) =>
    handleBulkComposeSubmission(ctx, args),
  );
  table.view<ViewSubmitAction>(BULK_SEND_CONFIRM.confirmCallbackId, (args) =>
    handleBulkConfirmSubmission(ctx, args),
  );
  for (const callback_id of [BULK_SEND_MODAL.composeCallbackId, BULK_SEND_CONFIRM.confirmCallbackId]) {
    table.view<ViewClosedAction>({ callback_id, type: 'view_closed' }, (args) =>
      handleBulkModalClosed(ctx, args),
    );
  }
}
