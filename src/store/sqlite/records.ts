import type Database from 'better-sqlite3';
import {
  type FirstMoveRow,
  type LeadRecordMethods,
  type LeadRow,
  leadJson,
  leadStatsSql,
  type StatusCountRow,
  toLeadRecord,
  toLeadStats,
} from '../rows.js';
import type { LeadRecord } from '../types.js';

// Lead records: the exactly-once protocol's rows (pending → posted, or skipped), keyed by (workspace, lead).
// Every write that decides who posts is one statement on that key, so two processes cannot both win.

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
/** The shared SQL's `$name` placeholders in better-sqlite3's `@name` form. */
const named = (sql: string): string => sql.replace(/\$(\w+)/g, '@$1');

export function createLeadRecords(db: Database.Database, ws: string, instanceId: string): LeadRecordMethods {
  const q = {
    one: db.prepare<[string, string], LeadRow>(
      'SELECT * FROM lead_records WHERE workspace = ? AND lead_id = ?',
    ),
    // json_each keeps this one prepared statement for any number of ids (no variable limit).
    many: db.prepare<[string, string], LeadRow>(
      'SELECT * FROM lead_records WHERE workspace = ? AND lead_id IN (SELECT value FROM json_each(?))',
    ),
    pending: db.prepare<[string], LeadRow>(
      "SELECT * FROM lead_records WHERE workspace = ? AND state = 'pending' ORDER BY pending_since, lead_id",
    ),
    byMessage: db.prepare<[string, string, string], LeadRow>(
      `SELECT * FROM lead_records WHERE workspace = ? AND channel = ? AND ts = ? AND state = 'posted'
       ORDER BY updated_at DESC LIMIT 1`,
    ),
    insertPending: db.prepare(
      `INSERT INTO lead_records (workspace, lead_id, state, channel, lead_json, detected_at, pending_since, claimed_by,
         updated_at)
       VALUES (@ws, @leadId, 'pending', @channel, @leadJson, @detectedAt, @now, @claimant, @now)
       ON CONFLICT (workspace, lead_id) DO NOTHING`,
    ),
    upsertPosted: db.prepare(
      `INSERT INTO lead_records (workspace, lead_id, state, channel, ts, shown_status, lead_json, detected_at,
         posted_at, updated_at)
       VALUES (@ws, @leadId, 'posted', @channel, @ts, @status, @leadJson, @detectedAt, @now, @now)
       ON CONFLICT (workspace, lead_id) DO UPDATE SET state = 'posted', channel = excluded.channel, ts = excluded.ts,
         shown_status = excluded.shown_status, lead_json = excluded.lead_json, pending_since = NULL, claimed_by = NULL,
         detected_at = excluded.detected_at, posted_at = excluded.posted_at, updated_at = excluded.updated_at`,
    ),
    insertSkipped: db.prepare<[string, string, string]>(
      `INSERT INTO lead_records (workspace, lead_id, state, updated_at) VALUES (?, ?, 'skipped', ?)
       ON CONFLICT (workspace, lead_id) DO NOTHING`,
    ),
    clearPending: db.prepare<[string, string]>(
      "DELETE FROM lead_records WHERE workspace = ? AND lead_id = ? AND state = 'pending'",
    ),
    unclaim: db.prepare<[string, string]>(
      "UPDATE lead_records SET claimed_by = NULL WHERE workspace = ? AND lead_id = ? AND state = 'pending'",
    ),
    updateShown: db.prepare(
      `UPDATE lead_records SET lead_json = @leadJson, shown_status = @status, updated_at = @now,
         changed_by = CASE WHEN @changed THEN @by ELSE changed_by END,
         changed_at = CASE WHEN @changed THEN @at ELSE changed_at END,
         first_moved_by = CASE WHEN @changed AND first_moved_at IS NULL THEN @by ELSE first_moved_by END,
         first_moved_at = CASE WHEN @changed AND first_moved_at IS NULL THEN @at ELSE first_moved_at END,
         detected_at = COALESCE(detected_at, @detectedAt)
       WHERE workspace = @ws AND lead_id = @leadId AND state = 'posted'`,
    ),
    purge: db.prepare<[string, string | null]>(
      `UPDATE lead_records SET lead_json = NULL
       WHERE workspace = ? AND lead_json IS NOT NULL AND state <> 'pending' AND updated_at < ?`,
    ),
    statusCounts: db.prepare<{ ws: string; from: string; to: string }, StatusCountRow>(
      named(leadStatsSql.counts),
    ),
    firstMoves: db.prepare<{ ws: string; from: string; to: string }, FirstMoveRow>(named(leadStatsSql.moves)),
  };

  const skipMany = db.transaction((ids: readonly string[], now: string) => {
    for (const id of ids) q.insertSkipped.run(ws, id, now);
  });

  return {
    purgeLeadCopies: async (before) => q.purge.run(ws, iso(before)).changes,
    async getLeadRecords(leadIds) {
      const out = new Map<string, LeadRecord>();
      if (leadIds.length === 0) return out;
      for (const row of q.many.all(ws, JSON.stringify(leadIds))) out.set(row.lead_id, toLeadRecord(row));
      return out;
    },
    async getLeadRecord(leadId) {
      const row = q.one.get(ws, leadId);
      return row ? toLeadRecord(row) : undefined;
    },
    async markPending(leadId, channel, lead, now = new Date()) {
      const result = q.insertPending.run({
        ws,
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
        ws,
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
      q.clearPending.run(ws, leadId);
    },
    async unclaimPending(leadId) {
      q.unclaim.run(ws, leadId);
    },
    listPending: async () => q.pending.all(ws).map(toLeadRecord),
    async updateShown(leadId, lead, change, now = new Date()) {
      q.updateShown.run({
        ws,
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
      const row = q.byMessage.get(ws, channel, ts);
      return row ? toLeadRecord(row) : undefined;
    },
    async leadStats({ from, to }) {
      const window = { ws, from: iso(from) ?? '', to: iso(to) ?? '' };
      return toLeadStats(q.statusCounts.all(window), q.firstMoves.all(window));
    },
  };
}
