import type { Lead } from '../domain/lead.js';
import type { LeadStatus } from '../domain/pipeline.js';
import type { AuditStore } from './audit.js';
import type { BroadcastJobStore } from './broadcast-jobs.js';
import type { IdempotencyStore } from './idempotency.js';
import type { RouteStore } from './routes.js';

// Everything the app remembers, behind one small synchronous interface so a Postgres store can be
// added later without touching callers. Posting a lead is a two-step protocol so a crash between Slack
// accepting the message and our write can never lead to a second card: markPending (durable) → post to
// Slack → markPosted. On restart, listPending() names the leads whose fate must be checked in Slack first.

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
  postedAt: Date | null;
  updatedAt: Date;
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

export interface Store {
  /** Source group → channel routes for lead cards. */
  readonly routes: RouteStore;
  /** Bulk sends whose progress message the app follows. */
  readonly broadcasts: BroadcastJobStore;
  /** Once-only claims for submissions a person may double-click. */
  readonly idempotency: IdempotencyStore;
  /** Who did what: privileged actions and denials. */
  readonly audit: AuditStore;
  /**
   * LEAD_RETENTION_DAYS: forgets the local copy (name, phone, message) of leads last touched before `before`.
   * The row and its card ids stay, so exactly-once still holds. Pending rows keep theirs until posted.
   */
  purgeLeadCopies(before: Date): number;
  getLeadRecords(leadIds: readonly string[]): Map<string, LeadRecord>;
  getLeadRecord(leadId: string): LeadRecord | undefined;
  /** Inserts state=pending if the lead has no row; false when a row (in any state) exists. */
  markPending(leadId: string, channel: string, lead: Lead, now?: Date): boolean;
  /** Upsert → posted, shownStatus = lead.status, snapshot = lead. */
  markPosted(leadId: string, channel: string, ts: string, lead: Lead, now?: Date): void;
  /** Insert-or-ignore state=skipped: never touches an existing row (so never downgrades a posted one). */
  markSkipped(leadIds: readonly string[], now?: Date): void;
  /** Deletes the row only if it is still pending. */
  clearPending(leadId: string): void;
  /** Oldest first. */
  listPending(): LeadRecord[];
  /** Posted rows only: new snapshot + shownStatus; sets changedBy/At when given, keeps them otherwise. */
  updateShown(leadId: string, lead: Lead, change?: { by: string; at: Date } | null, now?: Date): void;
  findByMessage(channel: string, ts: string): LeadRecord | undefined;
  getPollerState(): PollerState;
  /** Merges the patch (undefined fields are ignored), persists, returns the merged state. */
  savePollerState(patch: Partial<PollerState>): PollerState;
  /** JSON values. */
  getSetting<T = unknown>(key: string): T | undefined;
  /** JSON values; `undefined` deletes the key. */
  setSetting(key: string, value: unknown): void;
  /** The keys that start with `prefix` (e.g. every stored broadcast draft). */
  listSettingKeys(prefix: string): string[];
  /** Runs fn atomically; nests. fn must be synchronous. */
  transaction<T>(fn: () => T): T;
  /** Idempotent. */
  close(): void;
}
