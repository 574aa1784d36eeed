// /moltflow: help, status, routes, audit, webhook; the Home's Routes modal; and the daily retention pass over what the app keeps.
import type { BlockButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { type ListenerTable, needs } from '../../slack/listener-table.js';
import { handleAuditPage } from './audit-command.js';
import { TRAIL_VIEW } from './audit-views.js';
import { handleMoltflowCommand, SLASH_MOLTFLOW } from './moltflow-command.js';
import { handleRouteRemove } from './routes-command.js';
import { ROUTES_MODAL } from './routes-modal.js';
import {
  handleRouteGroupOptions,
  handleRoutesSubmission,
  openRoutesModal,
} from './routes-modal-listeners.js';
import { ROUTES_MESSAGE } from './routes-views.js';

/** The App Home's Routes button carries this action id; its listener (admin-only) opens the routes modal. */
export const ROUTES_ACTIONS = { open: ROUTES_MODAL.openActionId } as const;

export {
  type RetentionCron,
  type RetentionPolicy,
  type RetentionResult,
  runRetentionOnce,
  startRetentionCron,
} from './retention.js';

export function register(table: ListenerTable, ctx: AppContext): void {
  table.command(
    SLASH_MOLTFLOW,
    {
      ...needs('sales', 'use /moltflow'),
      subcommands: {
        route: needs('admin', 'route leads to a channel'),
        routes: needs('admin', 'manage lead routes'),
        audit: needs('admin', 'read the audit trail'),
        webhook: needs('admin', 'manage the MoltFlow webhook'),
      },
    },
    (args) => handleMoltflowCommand(ctx, args),
  );
  table.action<BlockButtonAction>(
    ROUTES_MESSAGE.removeActionId,
    needs('admin', 'remove a lead route'),
    (args) => handleRouteRemove(ctx, args),
  );
  const routing = needs('admin', 'manage lead routes');
  table.action<BlockButtonAction>(ROUTES_ACTIONS.open, routing, (args) => openRoutesModal(ctx, args));
  table.options(ROUTES_MODAL.groupActionId, routing, (args) => handleRouteGroupOptions(ctx, args));
  table.view<ViewSubmitAction>(ROUTES_MODAL.callbackId, routing, (args) => handleRoutesSubmission(ctx, args));
  table.action<BlockButtonAction>(
    TRAIL_VIEW.pageActionPattern,
    needs('admin', 'read the audit trail'),
    (args) => handleAuditPage(ctx, args),
  );
}
