// Rows written with the schema as it was before workspaces (SQLite 5, Postgres 1), for the upgrade tests:
// one statement per table, the same SQL on both backends (times as ISO text, which Postgres casts).
export const OLD_SCHEMA_ROWS = [
  `INSERT INTO lead_records (lead_id, state, channel, lead_json, pending_since, claimed_by, updated_at)
   VALUES ('L1', 'pending', 'C1', '{"id":"L1"}', '2025-03-01T10:00:00.000Z', 'R1', '2025-03-01T10:00:00.000Z')`,
  `INSERT INTO lead_records (lead_id, state, channel, ts, shown_status, changed_by, changed_at, posted_at, updated_at)
   VALUES ('L2', 'posted', 'C1', '1.2', 'contacted', 'U1', '2025-03-01T10:05:00.000Z',
     '2025-03-01T10:01:00.000Z', '2025-03-01T10:05:00.000Z')`,
  `INSERT INTO lead_records (lead_id, state, updated_at) VALUES ('L3', 'skipped', '2025-03-01T10:00:00.000Z')`,
  `UPDATE poller_state SET initialized_at = '2025-03-01T09:00:00.000Z', cutoff = '2025-03-01T09:00:00.000Z',
     total_posted = 7, consecutive_failures = 2, last_error = 'boom'`,
  `INSERT INTO settings (key, value_json) VALUES ('draft:1', '{"text":"hi"}'), ('home:U1', '3')`,
  `INSERT INTO lead_routes (source_group_id, source_group_name, channel, set_by, set_at, failing_since, last_error)
   VALUES ('g1', 'Buyers', 'C9', 'U1', '2025-03-01T10:00:00.000Z', '2025-03-01T11:00:00.000Z', 'is_archived')`,
  `INSERT INTO bulk_jobs (job_id, channel, ts, started_by, status, state_json, created_at, updated_at)
   VALUES ('J1', 'C1', '1.1', 'U1', 'running', '{"sent":3}', '2025-03-01T10:00:00.000Z', '2025-03-01T10:00:00.000Z')`,
  `INSERT INTO idempotency_keys (key, result_json, created_at)
   VALUES ('k1', '{"job":"J1"}', '2025-03-01T10:00:00.000Z')`,
  `INSERT INTO audit_log (actor, team, action, target, outcome, detail, at)
   VALUES ('U1', 'T1', 'route.set', 'g1', 'ok', NULL, '2025-03-01T10:00:00.000Z'),
          ('U2', 'T1', 'denied', 'broadcast', 'denied', 'not outreach', '2025-03-01T10:01:00.000Z')`,
  `INSERT INTO leases (name, holder, acquired_at, expires_at)
   VALUES ('poller', 'R1', '2025-03-01T10:00:00.000Z', '2999-01-01T00:00:00.000Z')`,
];

/** Rows per table after OLD_SCHEMA_ROWS (poller_state's one row came with the first migration). */
export const OLD_SCHEMA_COUNTS = {
  lead_records: 3,
  poller_state: 1,
  settings: 2,
  lead_routes: 1,
  bulk_jobs: 1,
  idempotency_keys: 1,
  audit_log: 2,
  leases: 1,
};
