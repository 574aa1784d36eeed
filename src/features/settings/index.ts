// Per-workspace settings (issue 12): "Connect MoltFlow" (a live-checked, sealed API key) and the settings
// modal (leads channel, access lists, backfill, poll interval). Admins only. The App Home's admin section
// opens these modals with the exported action ids, or itself with `connectModalFor` / `settingsModalFor`.
import type { BlockButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { type ListenerTable, needs } from '../../slack/listener-table.js';
import type { SecretBox } from '../../store/secret-box.js';
import { handleConnectSubmission, openConnectFromCommand, openConnectMoltflow } from './connect-listeners.js';
import { CONNECT_MODAL } from './connect-views.js';
import {
  handleSettingsSubmission,
  openSettingsFromCommand,
  openWorkspaceSettings,
} from './settings-listeners.js';
import { SETTINGS_MODAL } from './settings-views.js';
import type { SettingsContext } from './workspace.js';

/** Buttons anywhere (App Home) with these action ids open the modals; they need a trigger_id. */
export const SETTINGS_ACTIONS = {
  openConnect: 'settings_open_connect',
  openSettings: 'settings_open_workspace',
} as const;

export type { MoltflowConnection, WorkspacePreferences } from '../../store/workspace-settings.js';
export { connectModalFor, openConnectMoltflow } from './connect-listeners.js';
export { CONNECT_MODAL } from './connect-views.js';
export { openWorkspaceSettings, settingsModalFor } from './settings-listeners.js';
export { SETTINGS_MODAL } from './settings-views.js';
export {
  envDefaults,
  readWorkspaceSettings,
  type SettingsContext,
  type WorkspaceSettingsShown,
  workspaceSettings,
} from './workspace.js';

/**
 * `base` is read field by field at each request (in OAuth mode it is the request's workspace), so the
 * feature's context inherits from it instead of copying it.
 */
export function register(table: ListenerTable, base: AppContext, secrets: SecretBox | undefined): void {
  const ctx: SettingsContext = Object.create(base, { secrets: { value: secrets } });
  const connecting = needs('admin', 'connect MoltFlow');
  const configuring = needs('admin', 'change the app’s settings');
  table.action<BlockButtonAction>(SETTINGS_ACTIONS.openConnect, connecting, (args) =>
    openConnectMoltflow(ctx, args),
  );
  table.action<BlockButtonAction>(SETTINGS_ACTIONS.openSettings, configuring, (args) =>
    openWorkspaceSettings(ctx, args),
  );
  table.view<ViewSubmitAction>(CONNECT_MODAL.callbackId, connecting, (args) =>
    handleConnectSubmission(ctx, args),
  );
  table.view<ViewSubmitAction>(SETTINGS_MODAL.callbackId, configuring, (args) =>
    handleSettingsSubmission(ctx, args),
  );
  table.subcommand('/moltflow', 'connect', connecting, (args) => openConnectFromCommand(ctx, args));
  table.subcommand('/moltflow', 'settings', configuring, (args) => openSettingsFromCommand(ctx, args));
}
