// /bulksend: broadcasts to a contact group, confirmed before sending, followed live in Slack.
import type { BlockButtonAction, ViewClosedAction, ViewSubmitAction } from '@slack/bolt';
import type { ListenerTable } from '../../slack/listener-table.js';
import { handleBroadcastCommand, SLASH_BULKSEND } from './broadcast-command.js';
import { BROADCAST_CONFIRM, BROADCAST_MODAL } from './broadcast-form.js';
import type { BroadcastContext } from './broadcast-hub.js';
import {
  handleBroadcastComposeSubmission,
  handleBroadcastConfirmSubmission,
  handleBroadcastControlAction,
  handleBroadcastModalClosed,
} from './broadcast-listeners.js';
import { BROADCAST_PROGRESS } from './broadcast-messages.js';

// The hub, and the context its listeners get.
export {
  type BroadcastContext,
  BroadcastHub,
  type BroadcastHubOptions,
} from './broadcast-hub.js';

/** `ctx.broadcasts` is the hub app.ts builds and starts; broadcasts are the only listeners that use it. */
export function register(table: ListenerTable, ctx: BroadcastContext): void {
  table.command(SLASH_BULKSEND, (args) => handleBroadcastCommand(ctx, args));
  table.action<BlockButtonAction>(BROADCAST_PROGRESS.actionPattern, (args) =>
    handleBroadcastControlAction(ctx, args),
  );
  table.view<ViewSubmitAction>(BROADCAST_MODAL.composeCallbackId, (args) =>
    handleBroadcastComposeSubmission(ctx, args),
  );
  table.view<ViewSubmitAction>(BROADCAST_CONFIRM.confirmCallbackId, (args) =>
    handleBroadcastConfirmSubmission(ctx, args),
  );
  for (const callback_id of [BROADCAST_MODAL.composeCallbackId, BROADCAST_CONFIRM.confirmCallbackId]) {
    table.view<ViewClosedAction>({ callback_id, type: 'view_closed' }, (args) =>
      handleBroadcastModalClosed(ctx, args),
    );
  }
}
