// /bulksend: broadcasts to a contact group, confirmed before sending, followed live in Slack.
import type { BlockButtonAction, ViewClosedAction, ViewSubmitAction, webApi } from '@slack/bolt';
import { type ListenerTable, needs } from '../../slack/listener-table.js';
import { handleBroadcastCommand, SLASH_BULKSEND } from './broadcast-command.js';
import { BROADCAST_CONFIRM, BROADCAST_MODAL } from './broadcast-form.js';
import type { BroadcastContext } from './broadcast-hub.js';
import { adoptLeftIntents } from './broadcast-intents.js';
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
  table.command(
    SLASH_BULKSEND,
    {
      ...needs('outreach', 'send broadcasts'),
      subcommands: {
        list: needs('sales', 'see broadcasts'),
        status: needs('sales', 'see broadcasts'),
        help: needs('sales', 'see the help'),
      },
    },
    (args) => handleBroadcastCommand(ctx, args),
  );
  table.action<BlockButtonAction>(
    BROADCAST_PROGRESS.actionPattern,
    needs('outreach', 'pause, resume or cancel broadcasts'),
    (args) => handleBroadcastControlAction(ctx, args),
  );
  table.view<ViewSubmitAction>(
    BROADCAST_MODAL.composeCallbackId,
    needs('outreach', 'send broadcasts'),
    (args) => handleBroadcastComposeSubmission(ctx, args),
  );
  table.view<ViewSubmitAction>(
    BROADCAST_CONFIRM.confirmCallbackId,
    needs('outreach', 'send broadcasts'),
    (args) => handleBroadcastConfirmSubmission(ctx, args),
  );
  for (const callback_id of [BROADCAST_MODAL.composeCallbackId, BROADCAST_CONFIRM.confirmCallbackId]) {
    // Closing the form only forgets its draft, so anyone who could see it may.
    table.view<ViewClosedAction>(
      { callback_id, type: 'view_closed' },
      needs('sales', 'close the broadcast form'),
      (args) => handleBroadcastModalClosed(ctx, args),
    );
  }
}

/**
 * At start: follow again every broadcast the store says was being followed, and settle the ones a crash
 * caught between MoltFlow's answer and our record (broadcast-intents.ts).
 */
export async function resumeBroadcasts(ctx: BroadcastContext, client: webApi.WebClient): Promise<void> {
  await ctx.broadcasts.resumeAll();
  await adoptLeftIntents(ctx, client);
}
