// Table rows → the store's records, for both backends. The tables have the same columns on SQLite and
// Postgres; only the driver's types differ (SQLite gives ISO strings and 0/1, node-postgres gives Dates and
// booleans), so one mapper per table takes either.
import { fromSnapshot, type Lead, type LeadSnapshot, toSnapshot } from '../domain/lead.js';
import { isLeadStatus } from '../domain/pipeline.js';
import type { SecretBox } from './secret-box.js';
import type {
  AuditEntry,
  AuditOutcome,
  LeadRecord,
  LeadRecordState,
  LeadRoute,
  LeadStats,
  PollerState,
  SlackInstallation,
  Store,
  TrackedBroadcast,
} from './types.js';

type Time = Date | string;
type Flag = boolean | number;

const time = (value: Time): Date => (value instanceof Date ? value : new Date(value));
const timeOrNull = (value: Time | null): Date | null => (value === null ? null : time(value));
const flag = (value: Flag): boolean => value === true || value === 1;

/** The lead copy a record keeps (its card is redrawn from it). */
export const leadJson = (lead: Lead): string => JSON.stringify(toSnapshot(lead));

export interface LeadRow {
  lead_id: string;
  state: LeadRecordState;
  channel: string | null;
  ts: string | null;
  shown_status: string | null;
  lead_json: string | null;
  changed_by: string | null;
  changed_at: Time | null;
  pending_since: Time | null;
  claimed_by: string | null;
  posted_at: Time | null;
  updated_at: Time;
  detected_at: Time | null;
  first_moved_at: Time | null;
  first_moved_by: string | null;
}

export const toLeadRecord = (row: LeadRow): LeadRecord => ({
  leadId: row.lead_id,
  state: row.state,
  channel: row.channel,
  ts: row.ts,
  shownStatus: isLeadStatus(row.shown_status) ? row.shown_status : null,
  lead: row.lead_json === null ? null : fromSnapshot(JSON.parse(row.lead_json) as LeadSnapshot),
  changedBy: row.changed_by,
  changedAt: timeOrNull(row.changed_at),
  pendingSince: timeOrNull(row.pending_since),
  claimedBy: row.claimed_by,
  postedAt: timeOrNull(row.posted_at),
  updatedAt: time(row.updated_at),
  detectedAt: timeOrNull(row.detected_at),
  firstMovedAt: timeOrNull(row.first_moved_at),
  firstMovedBy: row.first_moved_by,
});

/** The pipeline figures' two queries (the same on both backends): counts by shown status, first moves. */
export interface StatusCountRow {
  shown_status: string | null;
  /** node-postgres gives a count(*) as a string. */
  n: number | string;
}
export interface FirstMoveRow {
  first_moved_by: string | null;
  detected_at: Time | null;
  first_moved_at: Time | null;
}

export const leadStatsSql = {
  counts: `SELECT shown_status, count(*) AS n FROM lead_records
           WHERE workspace = $ws AND state = 'posted' AND detected_at >= $from AND detected_at < $to GROUP BY shown_status`,
  moves: `SELECT first_moved_by, detected_at, first_moved_at FROM lead_records
          WHERE workspace = $ws AND first_moved_at IS NOT NULL AND detected_at >= $from AND detected_at < $to
          ORDER BY first_moved_at`,
} as const;

export function toLeadStats(counts: readonly StatusCountRow[], moves: readonly FirstMoveRow[]): LeadStats {
  const byStatus: LeadStats['byStatus'] = {};
  for (const row of counts) {
    if (isLeadStatus(row.shown_status)) byStatus[row.shown_status] = Number(row.n);
  }
  const firstMoves: LeadStats['firstMoves'] = [];
  for (const row of moves) {
    if (row.first_moved_by === null || row.detected_at === null || row.first_moved_at === null) continue;
    // A move can predate detection only through clock skew; it counts as instant, never negative.
    const ms = Math.max(0, time(row.first_moved_at).getTime() - time(row.detected_at).getTime());
    firstMoves.push({ by: row.first_moved_by, ms });
  }
  return { byStatus, firstMoves };
}

export interface PollerRow {
  initialized_at: Time | null;
  cutoff: Time | null;
  last_run_at: Time | null;
  last_run_ok: Flag | null;
  last_error: string | null;
  last_posted_count: number;
  total_posted: number;
  consecutive_failures: number;
}

/** A workspace's poller state before its first save (its row is written then). */
export const NEW_POLLER_ROW: PollerRow = {
  initialized_at: null,
  cutoff: null,
  last_run_at: null,
  last_run_ok: null,
  last_error: null,
  last_posted_count: 0,
  total_posted: 0,
  consecutive_failures: 0,
};

export const toPollerState = (row: PollerRow): PollerState => ({
  initializedAt: timeOrNull(row.initialized_at),
  cutoff: timeOrNull(row.cutoff),
  lastRunAt: timeOrNull(row.last_run_at),
  lastRunOk: row.last_run_ok === null ? null : flag(row.last_run_ok),
  lastError: row.last_error,
  lastPostedCount: row.last_posted_count,
  totalPosted: row.total_posted,
  consecutiveFailures: row.consecutive_failures,
});

export interface JobRow {
  job_id: string;
  channel: string;
  ts: string;
  started_by: string;
  status: string;
  state_json: string;
  finished: Flag;
  created_at: Time;
  updated_at: Time;
}

export const toTrackedBroadcast = (row: JobRow): TrackedBroadcast => ({
  jobId: row.job_id,
  channel: row.channel,
  ts: row.ts,
  startedBy: row.started_by,
  status: row.status,
  state: JSON.parse(row.state_json) as Record<string, unknown>,
  finished: flag(row.finished),
  createdAt: time(row.created_at),
  updatedAt: time(row.updated_at),
});

export interface RouteRow {
  source_group_id: string;
  source_group_name: string | null;
  channel: string;
  set_by: string;
  set_at: Time;
  failing_since: Time | null;
  last_error: string | null;
}

export const toLeadRoute = (row: RouteRow): LeadRoute => ({
  sourceGroupId: row.source_group_id,
  sourceGroupName: row.source_group_name,
  channel: row.channel,
  setBy: row.set_by,
  setAt: time(row.set_at),
  failingSince: timeOrNull(row.failing_since),
  lastError: row.last_error,
});

export interface AuditRow {
  actor: string;
  team: string;
  action: string;
  target: string;
  outcome: AuditOutcome;
  detail: string | null;
  at: Time;
}

export const toAuditEntry = (row: AuditRow): AuditEntry => ({
  actor: row.actor,
  team: row.team,
  action: row.action,
  target: row.target,
  outcome: row.outcome,
  ...(row.detail === null ? {} : { detail: row.detail }),
  at: time(row.at),
});

export interface InstallationRow {
  workspace: string;
  team_id: string | null;
  team_name: string | null;
  enterprise_id: string | null;
  enterprise_name: string | null;
  is_enterprise_install: Flag;
  app_id: string | null;
  bot_token_sealed: string;
  bot_id: string | null;
  bot_user_id: string;
  bot_scopes: string;
  installer_user_id: string | null;
  user_token_sealed: string | null;
  user_scopes: string;
  enterprise_url: string | null;
  installed_at: Time;
}

/** Seals the tokens with the workspace id as context: a sealed token copied to another row does not open. */
export const fromInstallation = (
  box: SecretBox,
  i: SlackInstallation,
): Omit<InstallationRow, 'installed_at'> => ({
  workspace: i.workspace,
  team_id: i.teamId,
  team_name: i.teamName,
  enterprise_id: i.enterpriseId,
  enterprise_name: i.enterpriseName,
  is_enterprise_install: i.isEnterpriseInstall,
  app_id: i.appId,
  bot_token_sealed: box.seal(i.botToken, i.workspace),
  bot_id: i.botId,
  bot_user_id: i.botUserId,
  bot_scopes: i.botScopes.join(','),
  installer_user_id: i.installerUserId,
  user_token_sealed: i.userToken === null ? null : box.seal(i.userToken, i.workspace),
  user_scopes: i.userScopes.join(','),
  enterprise_url: i.enterpriseUrl,
});

const scopes = (text: string): string[] => (text === '' ? [] : text.split(','));

export const toInstallation = (box: SecretBox, row: InstallationRow): SlackInstallation => ({
  workspace: row.workspace,
  teamId: row.team_id,
  teamName: row.team_name,
  enterpriseId: row.enterprise_id,
  enterpriseName: row.enterprise_name,
  isEnterpriseInstall: flag(row.is_enterprise_install),
  appId: row.app_id,
  botToken: box.open(row.bot_token_sealed, row.workspace),
  botId: row.bot_id,
  botUserId: row.bot_user_id,
  botScopes: scopes(row.bot_scopes),
  installerUserId: row.installer_user_id,
  userToken: row.user_token_sealed === null ? null : box.open(row.user_token_sealed, row.workspace),
  userScopes: scopes(row.user_scopes),
  enterpriseUrl: row.enterprise_url,
  installedAt: time(row.installed_at),
});

/** The store was opened without ENCRYPTION_KEY: installations can be neither written nor read. */
export function requireBox(box: SecretBox | undefined): SecretBox {
  if (!box) throw new Error('ENCRYPTION_KEY is required to store or read Slack installations');
  return box;
}

/** What each backend's lead-record module supplies to its Store (the exactly-once protocol's rows). */
export type LeadRecordMethods = Pick<
  Store,
  | 'purgeLeadCopies'
  | 'getLeadRecords'
  | 'getLeadRecord'
  | 'markPending'
  | 'markPosted'
  | 'markSkipped'
  | 'clearPending'
  | 'unclaimPending'
  | 'listPending'
  | 'updateShown'
  | 'findByMessage'
  | 'leadStats'
>;
