// OAuth mode's WorkspaceSource: the installed workspaces are the rows of store.installations; each runs
// with its installation's bot token and the environment's defaults under its own settings.
import { createHash } from 'node:crypto';
import type { Config } from '../config.js';
import type { Store } from '../store/index.js';
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

export interface InstalledSourceDeps {
  store: Store;
  base: Config;
  create: (recipe: WorkspaceRecipe) => Workspace;
}

export function installedWorkspaces(deps: InstalledSourceDeps): WorkspaceSource {
  return {
    list: async () => (await deps.store.installations.list()).map((i) => i.workspace),
    async load(workspaceId): Promise<WorkspaceSetup | undefined> {
      const installation = await deps.store.installations.get(workspaceId);
      if (!installation) return undefined;
      const overrides: WorkspaceOverrides = { workspaceId };
      const recipe: WorkspaceRecipe = {
        workspaceId,
        botToken: installation.botToken,
        moltflowApiKey: undefined,
        config: workspaceConfig(deps.base, overrides),
      };
      // A digest, so what the fleet keeps to notice a change holds no token or key.
      const fingerprint = createHash('sha256')
        .update(JSON.stringify([recipe.botToken, recipe.moltflowApiKey ?? null, overrides]))
        .digest('base64');
      return { workspaceId, fingerprint, create: () => deps.create(recipe) };
    },
  };
}
