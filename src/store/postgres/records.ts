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
import type { Db } from './pool.js';

// Lead records: the exactly-once protocol's rows (pending → posted, or skipped). Every write that decides
// who posts is one statement on the primary key, so replicas racing on one lead cannot both win.

/** The shared SQL's `$from`/`$to`/`$ws` as positional parameters. */
const positional = (sql: string): string =>
  sql.replace('$from', '$1').replace('$to', '$2').replace('$ws', '$3');

export function createLeadRecords(db: Db, ws: string, instanceId: string): LeadRecordMethods {
  return {
    async purgeLeadCopies(before) {
      const { rowCount } = await db.query(
        `UPDATE lead_records SET lead_json = NULL
         WHERE workspace = $2 AND lead_json IS NOT NULL AND state <> 'pending' AND updated_at < $1`,
        [before, ws],
      );
      return rowCount ?? 0;
    },
    async getLeadRecords(leadIds) {
      const out = new Map<string, LeadRecord>();
      if (leadIds.length === 0) return out;
      // One array parameter, whatever the number of ids (a query has at most 65,535 parameters).
      const { rows } = await db.query<LeadRow>(
        'SELECT * FROM lead_records WHERE workspace = $2 AND lead_id = ANY($1::text[])',
        [[...leadIds], ws],
      );
      for (const row of rows) out.set(row.lead_id, toLeadRecord(row));
      return out;
    },
    async getLeadRecord(leadId) {
      const { rows } = await db.query<LeadRow>(
        'SELECT * FROM lead_records WHERE workspace = $2 AND lead_id = $1',
        [leadId, ws],
      );
      return rows[0] ? toLeadRecord(rows[0]) : undefined;
    },
    async markPending(leadId, channel, lead, now = new Date()) {
      // The primary key decides: a second replica's insert waits for the first's to commit, then does nothing.
      const { rowCount } = await db.query(
        `INSERT INTO lead_records (lead_id, state, channel, lead_json, pending_since, claimed_by, updated_at, workspace, detected_at)
         VALUES ($1, 'pending', $2, $3, $4, $5, $4, $6, $7) ON CONFLICT (workspace, lead_id) DO NOTHING`,
        [leadId, channel, leadJson(lead), now, instanceId, ws, lead.detectedAt],
      );
      return rowCount === 1;
    },
    async markPosted(leadId, channel, ts, lead, now = new Date()) {
      await db.query(
        `INSERT INTO lead_records (lead_id, state, channel, ts, shown_status, lead_json, posted_at, updated_at, workspace, detected_at)
         VALUES ($1, 'posted', $2, $3, $4, $5, $6, $6, $7, $8)
         ON CONFLICT (workspace, lead_id) DO UPDATE SET state = 'posted', channel = EXCLUDED.channel, ts = EXCLUDED.ts,
           shown_status = EXCLUDED.shown_status, lead_json = EXCLUDED.lead_json, pending_since = NULL,
           claimed_by = NULL, posted_at = EXCLUDED.posted_at, updated_at = EXCLUDED.updated_at,
           detected_at = EXCLUDED.detected_at`,
        [leadId, channel, ts, lead.status, leadJson(lead), now, ws, lead.detectedAt],
      );
    },
    async markSkipped(leadIds, now = new Date()) {
      if (leadIds.length === 0) return;
      await db.query(
        `INSERT INTO lead_records (workspace, lead_id, state, updated_at)
         SELECT DISTINCT $3::text, id, 'skipped', $2::timestamptz FROM unnest($1::text[]) AS id
         ON CONFLICT (workspace, lead_id) DO NOTHING`,
        [[...leadIds], now, ws],
      );
    },
    async clearPending(leadId) {
      await db.query("DELETE FROM lead_records WHERE workspace = $2 AND lead_id = $1 AND state = 'pending'", [
        leadId,
        ws,
      ]);
    },
    async unclaimPending(leadId) {
      await db.query(
        "UPDATE lead_records SET claimed_by = NULL WHERE workspace = $2 AND lead_id = $1 AND state = 'pending'",
        [leadId, ws],
      );
    },
    async listPending() {
      const { rows } = await db.query<LeadRow>(
        "SELECT * FROM lead_records WHERE workspace = $1 AND state = 'pending' ORDER BY pending_since, lead_id",
        [ws],
      );
      return rows.map(toLeadRecord);
    },
    async updateShown(leadId, lead, change, now = new Date()) {
      await db.query(
        `UPDATE lead_records SET lead_json = $2, shown_status = $3, updated_at = $4,
           changed_by = CASE WHEN $5::boolean THEN $6::text ELSE changed_by END,
           changed_at = CASE WHEN $5::boolean THEN $7::timestamptz ELSE changed_at END,
           first_moved_by = CASE WHEN $5::boolean AND first_moved_at IS NULL THEN $6::text ELSE first_moved_by END,
           first_moved_at = CASE WHEN $5::boolean AND first_moved_at IS NULL THEN $7::timestamptz
             ELSE first_moved_at END,
           detected_at = COALESCE(detected_at, $9::timestamptz)
         WHERE workspace = $8 AND lead_id = $1 AND state = 'posted'`,
        [
          leadId,
          leadJson(lead),
          lead.status,
          now,
          Boolean(change),
          change?.by ?? null,
          change?.at ?? null,
          ws,
          lead.detectedAt,
        ],
      );
    },
    async leadStats({ from, to }) {
      const [counts, moves] = await Promise.all([
        db.query<StatusCountRow>(positional(leadStatsSql.counts), [from, to, ws]),
        db.query<FirstMoveRow>(positional(leadStatsSql.moves), [from, to, ws]),
      ]);
      return toLeadStats(counts.rows, moves.rows);
    },
    async findByMessage(channel, ts) {
      const { rows } = await db.query<LeadRow>(
        `SELECT * FROM lead_records WHERE workspace = $3 AND channel = $1 AND ts = $2 AND state = 'posted'
         ORDER BY updated_at DESC LIMIT 1`,
        [channel, ts, ws],
      );
      return rows[0] ? toLeadRecord(rows[0]) : undefined;
    },
  };
}
