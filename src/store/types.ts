import type { Lead } from '../domain/lead.js';
import type { LeadStatus } from '../domain/pipeline.js';
import type { InstallationStore } from './installations.js';

export type { InstallationStore, SlackInstallation } from './installations.js';

// Everything the app remembers, behind one asynchronous interface with two backends: SQLite (one process)
// and Postgres (several replicas). Posting a lead is a two-step protocol so a crash between Slack accepting
// the message and our write can never lead to a second card: markPending (a unique row, claimed atomically
// by one replica) → post to Slack → markPosted. listPending() names the leads whose fate must be checked in
// Slack first; each pending row says which replica claimed it, so one replica never settles another's
// post while it is still in flight.

export type LeadRecordState = 'pending' | 'posted' | 'skipped';

export interface LeadRecord {
  leadId: string;
  state: LeadRecordState;
  /** Set for pending and posted rows; null for skipped. */
  channel: string | null;
  /** Message ts; null unless posted. */
  ts: string | null;
  /** Status the card currently shows; null unless posted. */
  shownStatus: LeadStatus | null;
  /** Snapshot the card was (or is about to be) drawn from. */
  lead: Lead | null;
  /** Last status change made from Slack: Slack user id + when. */
  changedBy: string | null;
  changedAt: Date | null;
  /** When the post was announced; null once posted or for skipped rows. */
  pendingSince: Date | null;
  /** The store instance (replica) that claimed the pending post; null once posted or for skipped rows. */
  claimedBy: string | null;
  postedAt: Date | null;
  updatedAt: Date;
  /** When MoltFlow detected the lead (from the snapshot the row was written with); null for skipped rows. */
  detectedAt: Date | null;
  /** The first status change made from Slack: set once, never moved by later changes. */
  firstMovedAt: Date | null;
  firstMovedBy: string | null;
}

/** The App Home's pipeline figures for leads detected in a window [from, to). */
export interface LeadStats {
  /** Posted leads by the status their card shows now. */
  byStatus: Partial<Record<LeadStatus, number>>;
  /** One per lead moved from Slack: the time from detection to its first move, and who made it. */
  firstMoves: { by: string; ms: number }[];
}

export interface PollerState {
  /** Null until the first successful pass (first start = backfill mode). */
  initializedAt: Date | null;
  /** Leads detected before this are never posted (set at first start). */
  cutoff: Date | null;
  lastRunAt: Date | null;
  lastRunOk: boolean | null;
  lastError: string | null;
  lastPostedCount: number;
  totalPosted: number;
  consecutiveFailures: number;
}

/** Where a source WhatsApp group's new leads go. Routes belong to the workspace, not to a person. */
export interface LeadRoute {
  sourceGroupId: string;
  sourceGroupName: string | null;
  channel: string;
  setBy: string;
  setAt: Date;
  /** Set when a post to the channel failed (archived, app removed); cleared by the next good post. */
  failingSince: Date | null;
  lastError: string | null;
}

export interface RouteStore {
  list(): Promise<LeadRoute[]>;
  get(sourceGroupId: string): Promise<LeadRoute | undefined>;
  /** Creates or replaces the route of a source group (clears any failure flag). */
  set(route: Omit<LeadRoute, 'failingSince' | 'lastError'>): Promise<void>;
  remove(sourceGroupId: string): Promise<boolean>;
  markFailing(sourceGroupId: string, error: string, at: Date): Promise<void>;
  markHealthy(sourceGroupId: string): Promise<void>;
}

/** A bulk send whose progress message the app keeps up to date; kept so a restart picks it up again. */
export interface TrackedBroadcast<S = Record<string, unknown>> {
  jobId: string;
  /** Where the progress message lives (its ts is also the thread for the story). */
  channel: string;
  ts: string;
  startedBy: string;
  status: string;
  /** Whatever the tracker needs to redraw the message (counts, group and session names, last posted state). */
  state: S;
  finished: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface BroadcastJobStore {
  track(job: Omit<TrackedBroadcast, 'finished' | 'createdAt' | 'updatedAt'>, now?: Date): Promise<void>;
  get(jobId: string): Promise<TrackedBroadcast | undefined>;
  /** Jobs still being followed (not finished), oldest first: what a restart resumes. */
  listOpen(): Promise<TrackedBroadcast[]>;
  listRecent(limit: number): Promise<TrackedBroadcast[]>;
  update(
    jobId: string,
    patch: { status?: string; state?: Record<string, unknown>; finished?: boolean },
    now?: Date,
  ): Promise<void>;
}

/**
 * "Do this once": a person double-clicking Submit or Confirm sends two identical requests, perhaps to two
 * replicas; the first to claim the key does the work, the second sees it was taken and does nothing.
 */
export interface IdempotencyStore {
  /** True if this call claimed the key (do the work); false if it was claimed before. */
  claim(key: string, now?: Date): Promise<boolean>;
  /** Remember what the work produced, for the duplicate to report. */
  saveResult(key: string, result: unknown): Promise<void>;
  result<T = unknown>(key: string): Promise<T | undefined>;
  /** Gives the key back (the work failed and may be tried again). */
  release(key: string): Promise<void>;
  /**
   * Forgets keys claimed before `before`; returns how many. A key only has to outlive the view or the click
   * it guards, and every modal submit and click makes one, so the table would otherwise only grow.
   */
  prune(before: Date): Promise<number>;
}

// The audit trail (issue 9): every privileged action and every denial, with who, which workspace, what,
// on what, when and how it ended. Shown to admins by `/moltflow audit`; pruned after AUDIT_RETENTION_DAYS.
// Targets are ids and names of things (a group, a route, a job), never message text or phone numbers.

export type AuditOutcome = 'ok' | 'denied' | 'failed';

export interface AuditEntry {
  /** Slack user id. */
  actor: string;
  team: string;
  /** What was done, e.g. `broadcast.started`, `group.deleted`, `lead.moved`, `denied`. */
  action: string;
  /** What it was done to (an id, with a short name where that helps). */
  target: string;
  outcome: AuditOutcome;
  /** A short detail: the refusal reason, the status moved to, a row count. */
  detail?: string;
  at: Date;
}

export interface AuditStore {
  record(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  list(page: { offset: number; limit: number }): Promise<AuditEntry[]>;
  count(): Promise<number>;
  /** Deletes entries older than `before`; returns how many. */
  prune(before: Date): Promise<number>;
}

/** Work that exactly one replica may do at a time (the poller, following one broadcast), with an expiry. */
export interface Lease {
  name: string;
  holder: string;
  acquiredAt: Date;
  expiresAt: Date;
}

export interface LeaseStore {
  /**
   * Takes the lease if it is free or expired, or renews it if `holder` has it, until now + ttlMs. Atomic
   * across processes: of two replicas asking at once, exactly one gets true.
   */
  acquire(name: string, holder: string, ttlMs: number, now?: Date): Promise<boolean>;
  /** Gives the lease up, if `holder` still has it. */
  release(name: string, holder: string): Promise<void>;
  /** Unexpired leases whose name starts with `prefix`, by name. */
  list(prefix: string, now?: Date): Promise<Lease[]>;
}

/** The tables that hold workspace data (each has a `workspace` column); see store/workspace.ts. */
export type WorkspaceTable =
  | 'lead_records'
  | 'poller_state'
  | 'settings'
  | 'lead_routes'
  | 'bulk_jobs'
  | 'idempotency_keys'
  | 'audit_log'
  | 'slack_installations';

/** Rows deleted per table by deleteWorkspace(), `leases` included; for the log and the audit trail. */
export type WorkspaceDeletion = Record<WorkspaceTable | 'leases', number>;

/**
 * A Store is a view of one workspace (issue 12): every read and write, retention included, touches only that
 * workspace's rows. openStore() returns the default workspace '' (single-workspace mode); forWorkspace() gives
 * the view of another on the same connection or pool.
 */
export interface Store {
  /** 'sqlite' or 'postgres', for /moltflow status and logs. */
  readonly backend: 'sqlite' | 'postgres';
  /** The Slack team or enterprise id (T…, E…) this view is limited to; '' for the single-workspace mode. */
  readonly workspace: string;
  /**
   * The view of another workspace, sharing this store's connection (no new pool, no migrations). Throws on an
   * id that is neither '' nor 1-32 of A-Z0-9. A view's close() does nothing: the root closes the connection.
   */
  forWorkspace(workspaceId: string): Store;
  /**
   * Uninstall: deletes every row of that workspace from every table, its `ws:<id>:` leases too, in one
   * transaction; returns the counts per table. Refuses '' (the single-workspace data). Database-wide: it does
   * not matter which view it is called on.
   */
  deleteWorkspace(workspaceId: string): Promise<WorkspaceDeletion>;
  /**
   * Workspaces other than '' that hold a poller-state, setting or lead row, sorted. Database-wide, like
   * deleteWorkspace. '' is left out: its poller-state row always exists.
   */
  listWorkspaces(): Promise<string[]>;
  /** Who this store writes pending claims as: one id per running process (replica). */
  readonly instanceId: string;
  /** Source group → channel routes for lead cards. */
  readonly routes: RouteStore;
  /** Bulk sends whose progress message the app follows. */
  readonly broadcasts: BroadcastJobStore;
  /** Once-only claims for submissions a person may double-click. */
  readonly idempotency: IdempotencyStore;
  /** Who did what: privileged actions and denials. */
  readonly audit: AuditStore;
  /** Who polls, who follows which broadcast, which replicas are alive. */
  readonly leases: LeaseStore;
  /**
   * OAuth mode: one row per installed workspace, across workspaces (every view sees them all); tokens sealed
   * (needs ENCRYPTION_KEY to read or write). deleteWorkspace() removes the workspace's row too.
   */
  readonly installations: InstallationStore;
  /**
   * LEAD_RETENTION_DAYS: forgets the local copy (name, phone, message) of leads last touched before `before`.
   * The row and its card ids stay, so exactly-once still holds. Pending rows keep theirs until posted.
   */
  purgeLeadCopies(before: Date): Promise<number>;
  getLeadRecords(leadIds: readonly string[]): Promise<Map<string, LeadRecord>>;
  getLeadRecord(leadId: string): Promise<LeadRecord | undefined>;
  /**
   * Inserts state=pending, claimed by this instance, if the lead has no row; false when a row (in any state)
   * exists. One atomic insert: of two replicas marking the same lead at once, exactly one gets true.
   */
  markPending(leadId: string, channel: string, lead: Lead, now?: Date): Promise<boolean>;
  /** Upsert → posted, shownStatus = lead.status, snapshot = lead. */
  markPosted(leadId: string, channel: string, ts: string, lead: Lead, now?: Date): Promise<void>;
  /** Insert-or-ignore state=skipped: never touches an existing row (so never downgrades a posted one). */
  markSkipped(leadIds: readonly string[], now?: Date): Promise<void>;
  /** Deletes the row only if it is still pending. */
  clearPending(leadId: string): Promise<void>;
  /**
   * A pending row whose post ended with an unclear answer: no replica is working on it any more, so the
   * claim is dropped (claimedBy → null) and whichever replica reconciles settles it at once.
   */
  unclaimPending(leadId: string): Promise<void>;
  /** Oldest first. */
  listPending(): Promise<LeadRecord[]>;
  /**
   * Posted rows only: new snapshot + shownStatus; sets changedBy/At when given, keeps them otherwise. The
   * first change given also sets firstMovedBy/At, which no later change moves.
   */
  updateShown(
    leadId: string,
    lead: Lead,
    change?: { by: string; at: Date } | null,
    now?: Date,
  ): Promise<void>;
  findByMessage(channel: string, ts: string): Promise<LeadRecord | undefined>;
  /** Counts by shown status and first-move durations of the leads detected in [from, to). */
  leadStats(window: { from: Date; to: Date }): Promise<LeadStats>;
  getPollerState(): Promise<PollerState>;
  /** Merges the patch (undefined fields are ignored) atomically, persists, returns the merged state. */
  savePollerState(patch: Partial<PollerState>): Promise<PollerState>;
  /** JSON values. */
  getSetting<T = unknown>(key: string): Promise<T | undefined>;
  /** JSON values; `undefined` deletes the key. */
  setSetting(key: string, value: unknown): Promise<void>;
  /** The keys that start with `prefix` (e.g. every stored broadcast draft). */
  listSettingKeys(prefix: string): Promise<string[]>;
  /**
   * Idempotent; waits for queries in flight. Closes the shared connection only on the store openStore()
   * returned; on a view from forWorkspace() it does nothing.
   */
  close(): Promise<void>;
}
