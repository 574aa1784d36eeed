// What the settings feature needs besides AppContext, and how it finds one workspace's settings: in the
// request's workspace view of the store (`ctx.store`), sealed under that workspace's id, which is what the
// workspace fleet reads them back with.
import { checkMoltflowKey, type KeyCheckResult } from '../../api/account/key-check.js';
import type { AppContext } from '../../context.js';
import type { SecretBox } from '../../store/secret-box.js';
import {
  type MoltflowConnection,
  type SettingsDefaults,
  type WorkspacePreferences,
  WorkspaceSettings,
} from '../../store/workspace-settings.js';
import { cronIntervalMs } from '../lead-feed/index.js';

export interface SettingsContext extends AppContext {
  /** Seals stored MoltFlow keys (ENCRYPTION_KEY); undefined → keys cannot be stored, and the modal says so. */
  secrets: SecretBox | undefined;
}

/** The environment's values: a workspace that set nothing behaves as single-workspace mode does today. */
export function envDefaults(ctx: AppContext): SettingsDefaults {
  const { config } = ctx;
  return {
    leadsChannel: config.leads.channel,
    access: {
      admin: [...config.access.admin],
      outreach: [...config.access.outreach],
      sales: [...config.access.sales],
    },
    backfillHours: config.leads.backfillHours,
    pollIntervalSeconds: Math.max(1, Math.round(cronIntervalMs(config.leads.pollCron) / 1000)),
  };
}

/**
 * The request's workspace's settings; sealing or opening the key needs ctx.secrets (ENCRYPTION_KEY), the rest
 * does not. `_team` (the Slack team of the request) is not the key: an org-wide install serves many teams.
 */
export function workspaceSettings(ctx: SettingsContext, _team: string): WorkspaceSettings {
  return new WorkspaceSettings({
    store: ctx.store,
    workspaceId: ctx.store.workspace,
    secrets: ctx.secrets ?? NO_SECRETS,
    defaults: envDefaults(ctx),
  });
}

/** What a workspace's admins see of its settings (never the key): for the App Home, which has no SecretBox. */
export interface WorkspaceSettingsShown {
  connection: MoltflowConnection | undefined;
  preferences: WorkspacePreferences;
}

/** `ctx` is one workspace's own context (its store view); reading needs no ENCRYPTION_KEY. */
export async function readWorkspaceSettings(ctx: AppContext): Promise<WorkspaceSettingsShown> {
  const settings = workspaceSettings(
    Object.create(ctx, { secrets: { value: undefined } }),
    ctx.store.workspace,
  );
  const [connection, preferences] = await Promise.all([settings.connection(), settings.preferences()]);
  return { connection, preferences };
}

const missingKey = () => {
  throw new Error('ENCRYPTION_KEY is not set: MoltFlow keys cannot be stored or read');
};
const NO_SECRETS = { seal: missingKey, open: missingKey } as unknown as SecretBox;

export function runKeyCheck(ctx: SettingsContext, apiKey: string): Promise<KeyCheckResult> {
  return checkMoltflowKey({ baseUrl: ctx.config.moltflow.baseUrl, apiKey });
}

/** The request limit the poll floor is derived from: the connected plan's, else the env budget's. */
export async function requestLimitOf(settings: WorkspaceSettings, ctx: AppContext): Promise<number> {
  const connection = await settings.connection().catch(() => undefined);
  return connection?.requestsPerMinute ?? ctx.config.moltflow.rateLimitPerMin;
}

/** The workspace a Slack request came from. */
export function workspaceOf(body: {
  team?: { id?: string } | null;
  user?: { team_id?: string } | null;
}): string {
  return body.team?.id ?? body.user?.team_id ?? '';
}
