import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  type FirstMoveRow,
  LEAD_STATS_SQL,
  type LeadRow,
  leadJson,
  type PollerRow,
  type StatusCountRow,
  toLeadRecord,
  toLeadStats,
  toPollerState,
} from '../rows.js';
import type { LeadRecord, PollerState, Store } from '../types.js';
import { createAuditStore } from './audit.js';
import { createBroadcastJobStore } from './broadcasts.js';
import { createIdempotencyStore } from './idempotency.js';
import { createLeaseStore } from './leases.js';
import { runMigrations } from './migrations.js';
import { createRouteStore } from './routes.js';

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/** Lead data (names, phone numbers) is personal: owner-only, whatever the umask. */
function makePrivate(file: string): void {
  for (const p of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      fs.chmodSync(p, 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}

const BUSY_TIMEOUT_MS = 100;
/** The shared SQL's `$name` parameters in better-sqlite3's `@name` form. */
const named = (sql: string): string => sql.replace(/\$(\w+)/g, '@$1');

function openDatabase(file: string): Database.Database {
  const inMemory = file === ':memory:';
  if (!inMemory) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // Create the file ourselves with 0600 so it is never readable by others, not even for an instant.
    fs.closeSync(fs.openSync(file, 'a', 0o600));
  }
  const db = new Database(file);
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    // FULL, not NORMAL: a pending mark must survive power loss before we post to Slack.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    runMigrations(db);
    if (!inMemory) makePrivate(file);
    // better-sqlite3 waits for a lock synchronously, stalling every Slack ack meanwhile. Past start-up, a
    // write that finds another process holding the lock gives up after 100 ms: the poll pass is retried by
    // the next one, and a person is told to try again, instead of the whole app freezing for seconds.
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

export function openSqliteStore(file: string, instanceId: string = randomUUID()): Store {
  const db = openDatabase(file);
  const q = {
    one: db.prepare<[string], LeadRow>('SELECT * FROM lead_records WHERE lead_id = ?'),
    // json_each keeps this one prepared statement for any number of ids (no variable limit).
    many: db.prepare<[string], LeadRow>(
      'SELECT * FROM lead_records WHERE lead_id IN (SELECT value FROM json_each(?))',
    ),
    pending: db.prepare<[], LeadRow>(
      "SELECT * FROM lead_records WHERE state = 'pending' ORDER BY pending_since, lead_id",
    ),
    byMessage: db.prepare<[string, string], LeadRow>(
      "SELECT * FROM lead_records WHERE channel = ? AND ts = ? AND state = 'posted' ORDER BY updated_at DESC LIMIT 1",
    ),
    insertPending: db.prepare(
      `INSERT INTO lead_records (lead_id, state, channel, lead_json, detected_at, pending_since, claimed_by, updated_at)
       VALUES (@leadId, 'pending', @channel, @leadJson, @detectedAt, @now, @claimant, @now)
       ON CONFLICT (lead_id) DO NOTHING`,
    ),
    upsertPosted: db.prepare(
      `INSERT INTO lead_records (lead_id, state, channel, ts, shown_status, lead_json, detected_at, posted_at, updated_at)
       VALUES (@leadId, 'posted', @channel, @ts, @status, @leadJson, @detectedAt, @now, @now)
       ON CONFLICT (lead_id) DO UPDATE SET state = 'posted', channel = excluded.channel, ts = excluded.ts,
         shown_status = excluded.shown_status, lead_json = excluded.lead_json, pending_since = NULL, claimed_by = NULL,
         detected_at = excluded.detected_at,
         posted_at = excluded.posted_at, updated_at = excluded.updated_at`,
    ),
    insertSkipped: db.prepare<[string, string]>(
      "INSERT INTO lead_records (lead_id, state, updated_at) VALUES (?, 'skipped', ?) ON CONFLICT (lead_id) DO NOTHING",
    ),
    clearPending: db.prepare<[string]>("DELETE FROM lead_records WHERE lead_id = ? AND state = 'pending'"),
    unclaim: db.prepare<[string]>(
      "UPDATE lead_records SET claimed_by = NULL WHERE lead_id = ? AND state = 'pending'",
    ),
    updateShown: db.prepare(
      `UPDATE lead_records SET lead_json = @leadJson, shown_status = @status, updated_at = @now,
         changed_by = CASE WHEN @changed THEN @by ELSE changed_by END,
         changed_at = CASE WHEN @changed THEN @at ELSE changed_at END,
         first_moved_by = CASE WHEN @changed AND first_moved_at IS NULL THEN @by ELSE first_moved_by END,
         first_moved_at = CASE WHEN @changed AND first_moved_at IS NULL THEN @at ELSE first_moved_at END,
         detected_at = COALESCE(detected_at, @detectedAt)
       WHERE lead_id = @leadId AND state = 'posted'`,
    ),
    poller: db.prepare<[], PollerRow>('SELECT * FROM poller_state WHERE id = 1'),
    savePoller: db.prepare(
      `UPDATE poller_state SET initialized_at = @initialized_at, cutoff = @cutoff, last_run_at = @last_run_at,
         last_run_ok = @last_run_ok, last_error = @last_error, last_posted_count = @last_posted_count,
         total_posted = @total_posted, consecutive_failures = @consecutive_failures WHERE id = 1`,
    ),
    getSetting: db.prepare<[string], { value_json: string }>('SELECT value_json FROM settings WHERE key = ?'),
    setSetting: db.prepare<[string, string]>(
      'INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json',
    ),
    deleteSetting: db.prepare<[string]>('DELETE FROM settings WHERE key = ?'),
    statusCounts: db.prepare<{ from: string; to: string }, StatusCountRow>(named(LEAD_STATS_SQL.counts)),
    firstMoves: db.prepare<{ from: string; to: string }, FirstMoveRow>(named(LEAD_STATS_SQL.moves)),
  };

  const getPollerState = (): PollerState => {
    const row = q.poller.get();
    if (!row) throw new Error('poller_state row is missing; the database was edited by hand?');
    return toPollerState(row);
  };

  const skipMany = db.transaction((ids: readonly string[], now: string) => {
    for (const id of ids) q.insertSkipped.run(id, now);
  });

  const savePoller = db.transaction((patch: Partial<PollerState>): PollerState => {
    const merged = { ...getPollerState() };
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined) Object.assign(merged, { [key]: value });
    }
    q.savePoller.run({
      initialized_at: iso(merged.initializedAt),
      cutoff: iso(merged.cutoff),
      last_run_at: iso(merged.lastRunAt),
      last_run_ok: merged.lastRunOk === null ? null : merged.lastRunOk ? 1 : 0,
      last_error: merged.lastError,
      last_posted_count: merged.lastPostedCount,
      total_posted: merged.totalPosted,
      consecutive_failures: merged.consecutiveFailures,
    });
    return getPollerState();
  });

  return {
    backend: 'sqlite',
    instanceId,
    routes: createRouteStore(db),
    broadcasts: createBroadcastJobStore(db),
    idempotency: createIdempotencyStore(db),
    audit: createAuditStore(db),
    leases: createLeaseStore(db),
    purgeLeadCopies: async (before) =>
      db
        .prepare(
          "UPDATE lead_records SET lead_json = NULL WHERE lead_json IS NOT NULL AND state <> 'pending' AND updated_at < ?",
        )
        .run(iso(before)).changes,
    async getLeadRecords(leadIds) {
      const out = new Map<string, LeadRecord>();
      if (leadIds.length === 0) return out;
      for (const row of q.many.all(JSON.stringify(leadIds))) out.set(row.lead_id, toLeadRecord(row));
      return out;
    },
    async getLeadRecord(leadId) {
      const row = q.one.get(leadId);
      return row ? toLeadRecord(row) : undefined;
    },
    async markPending(leadId, channel, lead, now = new Date()) {
      const result = q.insertPending.run({
        leadId,
        channel,
        leadJson: leadJson(lead),
        detectedAt: iso(lead.detectedAt),
        now: iso(now),
        claimant: instanceId,
      });
      return result.changes === 1;
    },
    async markPosted(leadId, channel, ts, lead, now = new Date()) {
      q.upsertPosted.run({
        leadId,
        channel,
        ts,
        status: lead.status,
        leadJson: leadJson(lead),
        detectedAt: iso(lead.detectedAt),
        now: iso(now),
      });
    },
    async markSkipped(leadIds, now = new Date()) {
      if (leadIds.length > 0) skipMany(leadIds, now.toISOString());
    },
    async clearPending(leadId) {
      q.clearPending.run(leadId);
    },
    async unclaimPending(leadId) {
      q.unclaim.run(leadId);
    },
    listPending: async () => q.pending.all().map(toLeadRecord),
    async updateShown(leadId, lead, change, now = new Date()) {
      q.updateShown.run({
        leadId,
        leadJson: leadJson(lead),
        status: lead.status,
        now: iso(now),
        changed: change ? 1 : 0,
        by: change?.by ?? null,
        at: iso(change?.at),
        detectedAt: iso(lead.detectedAt),
      });
    },
    async findByMessage(channel, ts) {
      const row = q.byMessage.get(channel, ts);
      return row ? toLeadRecord(row) : undefined;
    },
    async leadStats({ from, to }) {
      const window = { from: iso(from) ?? '', to: iso(to) ?? '' };
      return toLeadStats(q.statusCounts.all(window), q.firstMoves.all(window));
    },
    getPollerState: async () => getPollerState(),
    savePollerState: async (patch) => savePoller(patch),
    async getSetting<T = unknown>(key: string): Promise<T | undefined> {
      const row = q.getSetting.get(key);
      return row ? (JSON.parse(row.value_json) as T) : undefined;
    },
    async listSettingKeys(prefix) {
      const like = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      return db
        .prepare<[string], { key: string }>(
          "SELECT key FROM settings WHERE key LIKE ? ESCAPE '\\' ORDER BY key",
        )
        .all(like)
        .map((r) => r.key);
    },
    async setSetting(key, value) {
      if (value === undefined) {
        q.deleteSetting.run(key);
        return;
      }
      const json = JSON.stringify(value);
      if (json === undefined) throw new TypeError(`Setting "${key}" is not JSON-serializable`);
      q.setSetting.run(key, json);
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
