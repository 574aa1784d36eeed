// OAuth mode's record of each "Add to Slack": what Bolt needs to authorize that workspace's requests.

/**
 * One "Add to Slack" installation (OAuth mode). `workspace` is the team id, or the enterprise id for an
 * Enterprise Grid org-wide install (isEnterpriseInstall), which serves every team of that org with one token.
 * Tokens are sealed with ENCRYPTION_KEY (bound to the workspace id) before they reach the database.
 */
export interface SlackInstallation {
  workspace: string;
  teamId: string | null;
  teamName: string | null;
  enterpriseId: string | null;
  enterpriseName: string | null;
  isEnterpriseInstall: boolean;
  appId: string | null;
  botToken: string;
  botId: string | null;
  botUserId: string;
  botScopes: string[];
  /** Who clicked "Add to Slack" (their user token only when user scopes were asked for). */
  installerUserId: string | null;
  userToken: string | null;
  userScopes: string[];
  /** Org installs: the org's URL, as Bolt reports it. */
  enterpriseUrl: string | null;
  installedAt: Date;
}

export interface InstallationStore {
  /** Creates or replaces the workspace's installation (a re-install gets the new token and scopes). */
  save(installation: SlackInstallation): Promise<void>;
  get(workspace: string): Promise<SlackInstallation | undefined>;
  /** Every installation, by workspace id. */
  list(): Promise<SlackInstallation[]>;
  /** True when there was one to delete. */
  delete(workspace: string): Promise<boolean>;
}
