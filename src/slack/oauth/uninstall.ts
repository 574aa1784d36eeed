// app_uninstalled and tokens_revoked (bot token): the workspace's installation goes at once, so no request
// is authorized with a dead token again, and the seam `onWorkspaceRemoved` lets the per-workspace runtime stop
// that workspace's work and delete what it stored. Bolt skips `authorize` for these two events, so they
// arrive even though the token is already gone.
import type { App } from '@slack/bolt';
import type { Logger } from '../../log.js';
import type { AuditStore, InstallationStore } from '../../store/index.js';
import { workspaceOf } from './installation-store.js';

export type UninstallReason = 'app_uninstalled' | 'tokens_revoked';

/** Called once per removed workspace, after its installation is deleted; a failure is logged, not retried. */
export type WorkspaceRemovedHandler = (workspace: string, reason: UninstallReason) => Promise<void> | void;

export interface UninstallDeps {
  /** Undefined in single-workspace mode: nothing is stored per workspace, the event is only logged. */
  installations: InstallationStore | undefined;
  audit: AuditStore;
  logger: Logger;
  now: () => Date;
  onWorkspaceRemoved: readonly WorkspaceRemovedHandler[];
}

interface EnvelopeIds {
  team_id?: string;
  enterprise_id?: string;
  is_enterprise_install?: boolean;
  authorizations?: {
    team_id?: string | null;
    enterprise_id?: string | null;
    is_enterprise_install?: boolean;
  }[];
}

/** The workspace an event envelope is about: the org for an org-wide install, else the team. */
export function eventWorkspace(body: EnvelopeIds): string | undefined {
  const auth = body.authorizations?.[0];
  return workspaceOf({
    teamId: body.team_id ?? auth?.team_id ?? undefined,
    enterpriseId: body.enterprise_id ?? auth?.enterprise_id ?? undefined,
    isEnterpriseInstall: body.is_enterprise_install ?? auth?.is_enterprise_install ?? false,
  });
}

export function registerUninstallEvents(app: App, deps: UninstallDeps): void {
  const { logger } = deps;
  const remove = async (workspace: string | undefined, reason: UninstallReason) => {
    if (!workspace) return logger.warn('Slack sent an uninstall event without a workspace', { reason });
    if (!deps.installations) {
      return logger.warn('the app was removed from its Slack workspace; it can no longer post there', {
        workspace,
        reason,
      });
    }
    const deleted = await deps.installations.delete(workspace);
    logger.info('Slack installation removed', { workspace, reason, hadInstallation: deleted });
    try {
      await deps.audit.record({
        actor: 'slack',
        team: workspace,
        action: 'app.uninstalled',
        target: workspace,
        outcome: 'ok',
        detail: reason,
        at: deps.now(),
      });
    } catch (error) {
      logger.warn('could not write the uninstall to the audit trail', { workspace, error });
    }
    for (const handler of deps.onWorkspaceRemoved) {
      try {
        await handler(workspace, reason);
      } catch (error) {
        logger.error('cleaning up a removed workspace failed', { workspace, reason, error });
      }
    }
  };

  app.event('app_uninstalled', async ({ body }) => {
    await remove(eventWorkspace(body as EnvelopeIds), 'app_uninstalled');
  });
  app.event('tokens_revoked', async ({ body, event }) => {
    // Revoked user tokens alone leave the bot working; only a revoked bot token ends the installation.
    if ((event.tokens.bot ?? []).length === 0) return;
    await remove(eventWorkspace(body as EnvelopeIds), 'tokens_revoked');
  });
}
