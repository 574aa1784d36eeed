// Where the fleet learns what each workspace runs with. Single-workspace mode: one workspace ('') with the
// environment's bot token, MoltFlow key and settings, under whatever its admins changed from the Home tab.
// OAuth mode: the rows of store.installations, each with its own token, the MoltFlow key its admins
// connected, its settings, and a webhook secret of its own.
import { createHash } from 'node:crypto';
import type { Config } from '../config.js';
import type { Store } from '../store/index.js';
import type { SecretBox } from '../store/secret-box.js';
import { type StoredPreferences, WorkspaceSettings } from '../store/workspace-settings.js';
import type { WorkspaceSetup, WorkspaceSource } from './fleet.js';
import type { Workspace } from './workspace.js';
import { type WorkspaceOverrides, workspaceConfig } from './workspace-config.js';

/** What a workspace is built from; `create` is app.ts's (it holds the shared clients and options). */
export interface WorkspaceRecipe {
  workspaceId: string;
  botToken: string;
  moltflowApiKey: string | undefined;
  config: Config;
}

export interface WorkspaceSourceDeps {
  store: Store;
  base: Config;
  /** ENCRYPTION_KEY: opens stored MoltFlow keys and webhook secrets; without it none can be stored. */
  secrets: SecretBox | undefined;
  create: (recipe: WorkspaceRecipe, previous?: Workspace) => Workspace;
}

export function workspaceSource(deps: WorkspaceSourceDeps): WorkspaceSource {
  const { base } = deps;
  const install = base.slack.install;
  const settingsOf = (workspaceId: string) =>
    new WorkspaceSettings({
      store: deps.store.forWorkspace(workspaceId),
      workspaceId,
      // Without ENCRYPTION_KEY nothing sealed was ever stored; reads of the key are skipped below.
      secrets: deps.secrets ?? ({} as SecretBox),
      defaults: {
        leadsChannel: base.leads.channel,
        access: {
          admin: [...base.access.admin],
          outreach: [...base.access.outreach],
          sales: [...base.access.sales],
        },
        backfillHours: base.leads.backfillHours,
        pollIntervalSeconds: 30,
      },
    });

  const overridesOf = async (
    workspaceId: string,
    settings: WorkspaceSettings,
  ): Promise<WorkspaceOverrides> => {
    const stored: StoredPreferences = await settings.storedPreferences();
    const connection = await settings.connection();
    const webhookSecret =
      workspaceId === '' ? base.moltflow.webhookSecret : deps.secrets && settings.webhookSecret();
    return {
      workspaceId,
      leadsChannel: stored.leadsChannel,
      access: stored.access,
      backfillHours: stored.backfillHours,
      pollIntervalSeconds: stored.pollIntervalSeconds,
      rateLimitPerMin: connection?.requestsPerMinute,
      webhookSecret: webhookSecret || undefined,
    };
  };

  return {
    async list() {
      if (install.mode === 'single') return [''];
      return (await deps.store.installations.list()).map((i) => i.workspace);
    },
    async load(workspaceId): Promise<WorkspaceSetup | undefined> {
      let botToken: string;
      if (install.mode === 'single') {
        if (workspaceId !== '') return undefined;
        botToken = install.botToken;
      } else {
        const installation = await deps.store.installations.get(workspaceId);
        if (!installation) return undefined;
        botToken = installation.botToken;
      }
      const settings = settingsOf(workspaceId);
      const overrides = await overridesOf(workspaceId, settings);
      const connected = deps.secrets ? await settings.apiKey() : undefined;
      const recipe: WorkspaceRecipe = {
        workspaceId,
        botToken,
        // A key connected from Slack wins; the environment's is single-workspace mode's default.
        moltflowApiKey: connected ?? (install.mode === 'single' ? base.moltflow.apiKey : undefined),
        config: workspaceConfig(base, overrides),
      };
      // A digest, so what the fleet keeps to notice a change holds no token or key.
      const fingerprint = createHash('sha256')
        .update(JSON.stringify([recipe.botToken, recipe.moltflowApiKey ?? null, overrides]))
        .digest('base64');
      return { workspaceId, fingerprint, create: (previous) => deps.create(recipe, previous) };
    },
  };
}
