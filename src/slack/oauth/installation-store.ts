// Bolt's InstallationStore over store.installations: what "Add to Slack" writes after oauth.v2.access, and
// what Bolt reads to authorize every request with that workspace's own token. The workspace id is the team
// id, or the enterprise id for an Enterprise Grid org-wide install (one token serving every team of the org).
import type {
  InstallationStore as BoltInstallationStore,
  Installation,
  InstallationQuery,
} from '@slack/bolt';
import type { Logger } from '../../log.js';
import type { InstallationStore, SlackInstallation } from '../../store/index.js';

/** The store key of an installation or a request: the enterprise for an org-wide install, else the team. */
export function workspaceOf(ids: {
  teamId?: string | undefined;
  enterpriseId?: string | undefined;
  isEnterpriseInstall?: boolean | undefined;
}): string | undefined {
  return ids.isEnterpriseInstall && ids.enterpriseId ? ids.enterpriseId : ids.teamId;
}

export class InstallationNotFoundError extends Error {
  override readonly name = 'InstallationNotFoundError';
  constructor(readonly workspace: string | undefined) {
    super(
      `No installation of the app for workspace ${workspace ?? '(none named)'}; install it via /slack/install`,
    );
  }
}

/** Bolt's installation (after oauth.v2.access) → the row the store keeps. Bot tokens only: no user scopes. */
export function toSlackInstallation(i: Installation, now: Date): SlackInstallation {
  const isEnterpriseInstall = i.isEnterpriseInstall === true;
  const workspace = workspaceOf({
    teamId: i.team?.id,
    enterpriseId: i.enterprise?.id,
    isEnterpriseInstall,
  });
  if (!workspace) throw new Error('The installation names neither a team nor an enterprise');
  if (!i.bot) throw new Error('The installation has no bot token (the app asks for bot scopes only)');
  return {
    workspace,
    teamId: i.team?.id ?? null,
    teamName: i.team?.name ?? null,
    enterpriseId: i.enterprise?.id ?? null,
    enterpriseName: i.enterprise?.name ?? null,
    isEnterpriseInstall,
    appId: i.appId ?? null,
    botToken: i.bot.token,
    botId: i.bot.id || null,
    botUserId: i.bot.userId,
    botScopes: i.bot.scopes,
    installerUserId: i.user.id || null,
    userToken: i.user.token ?? null,
    userScopes: i.user.scopes ?? [],
    enterpriseUrl: i.enterpriseUrl ?? null,
    installedAt: now,
  };
}

/** The stored row → what Bolt's authorize reads (botToken, botId, botUserId, team, enterprise). */
export function toBoltInstallation(s: SlackInstallation): Installation<'v2', boolean> {
  const enterprise = s.enterpriseId
    ? { id: s.enterpriseId, ...(s.enterpriseName ? { name: s.enterpriseName } : {}) }
    : undefined;
  return {
    team: s.teamId ? { id: s.teamId, ...(s.teamName ? { name: s.teamName } : {}) } : undefined,
    enterprise,
    isEnterpriseInstall: s.isEnterpriseInstall,
    user: {
      id: s.installerUserId ?? '',
      token: s.userToken ?? undefined,
      scopes: s.userScopes,
    },
    bot: {
      token: s.botToken,
      scopes: s.botScopes,
      id: s.botId ?? '',
      userId: s.botUserId,
    },
    tokenType: 'bot',
    authVersion: 'v2',
    ...(s.appId ? { appId: s.appId } : {}),
    ...(s.enterpriseUrl ? { enterpriseUrl: s.enterpriseUrl } : {}),
  } as Installation<'v2', boolean>;
}

export interface InstallationStoreDeps {
  installations: InstallationStore;
  logger: Logger;
  now: () => Date;
}

export function createBoltInstallationStore(deps: InstallationStoreDeps): BoltInstallationStore {
  const { installations, logger } = deps;
  const fetch = async (query: InstallationQuery<boolean>): Promise<SlackInstallation> => {
    const workspace = workspaceOf(query);
    const found = workspace ? await installations.get(workspace) : undefined;
    if (!found) throw new InstallationNotFoundError(workspace);
    return found;
  };
  return {
    async storeInstallation(installation) {
      const row = toSlackInstallation(installation, deps.now());
      await installations.save(row);
      // Ids and scopes only: never a token.
      logger.info('Slack installation saved', {
        workspace: row.workspace,
        team: row.teamId,
        enterprise: row.enterpriseId,
        orgWide: row.isEnterpriseInstall,
        scopes: row.botScopes.join(','),
        installer: row.installerUserId,
      });
    },
    fetchInstallation: async (query) => toBoltInstallation(await fetch(query)),
    async deleteInstallation(query) {
      const workspace = workspaceOf(query);
      if (workspace) await installations.delete(workspace);
    },
  };
}
