import type Database from 'better-sqlite3';

import { latestVersion, type Migration, SchemaTooNewError } from '../migration.js';
import { WORKSPACE_MIGRATIONS } from './migrations-workspaces.js';

export { type Migration, SchemaTooNewError } from '../migration.js';

// SQLite's schema changes, in order. The database's `PRAGMA user_version` records how many have been applied,
// so reopening runs only the new ones.
export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'lead records, poller state, settings',
    sql: `
      CREATE TABLE lead_records (
        lead_id       TEXT PRIMARY KEY NOT NULL,
        state         TEXT NOT NULL CHECK (state IN ('pending', 'posted', 'skipped')),
        channel       TEXT,
        ts            TEXT,
        shown_status  TEXT,
        lead_json     TEXT,
        changed_by    TEXT,
        changed_at    TEXT,
        pending_since TEXT,
        posted_at     TEXT,
        updated_at    TEXT NOT NULL,
        -- a posted row without its message could never be updated or found from a click
        CHECK (state <> 'posted' OR (channel IS NOT NULL AND ts IS NOT NULL))
      );
      CREATE INDEX lead_records_message ON lead_records (channel, ts);
      CREATE INDEX lead_records_state ON lead_records (state);

      CREATE TABLE poller_state (
        id                   INTEGER PRIMARY KEY CHECK (id = 1),
        initialized_at       TEXT,
        cutoff               TEXT,
        last_run_at          TEXT,
        last_run_ok          INTEGER,
        last_error           TEXT,
        last_posted_count    INTEGER NOT NULL DEFAULT 0,
        total_posted         INTEGER NOT NULL DEFAULT 0,
        consecutive_failures INTEGER NOT NULL DEFAULT 0
      );
      INSERT INTO poller_state (id) VALUES (1);

      CREATE TABLE settings (
        key        TEXT PRIMARY KEY NOT NULL,
        value_json TEXT NOT NULL
      );
    `,
  },
  {
    id: 2,
    name: 'lead routes (source group → channel)',
    sql: `
      CREATE TABLE lead_routes (
        source_group_id   TEXT PRIMARY KEY NOT NULL,
        source_group_name TEXT,
        channel           TEXT NOT NULL,
        set_by            TEXT NOT NULL,
        set_at            TEXT NOT NULL,
        failing_since     TEXT,
        last_error        TEXT
      );
    `,
  },
  {
    id: 3,
    name: 'tracked bulk sends, idempotency keys',
    sql: `
      CREATE TABLE bulk_jobs (
        job_id       TEXT PRIMARY KEY NOT NULL,
        channel      TEXT NOT NULL,
        ts           TEXT NOT NULL,
        started_by   TEXT NOT NULL,
        status       TEXT NOT NULL,
        state_json   TEXT NOT NULL,
        finished     INTEGER NOT NULL DEFAULT 0,
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL
      );
      CREATE INDEX bulk_jobs_open ON bulk_jobs (finished);

      CREATE TABLE idempotency_keys (
        key         TEXT PRIMARY KEY NOT NULL,
        result_json TEXT,
        created_at  TEXT NOT NULL
      );
    `,
  },
  {
    id: 4,
    name: 'audit trail',
    sql: `
      CREATE TABLE audit_log (
        id      INTEGER PRIMARY KEY AUTOINCREMENT,
        actor   TEXT NOT NULL,
        team    TEXT NOT NULL,
        action  TEXT NOT NULL,
        target  TEXT NOT NULL,
        outcome TEXT NOT NULL,
        detail  TEXT,
        at      TEXT NOT NULL
      );
      CREATE INDEX audit_log_at ON audit_log (at);
      CREATE INDEX lead_records_updated ON lead_records (updated_at);
    `,
  },
  {
    id: 5,
    name: 'leases, pending claims by replica',
    sql: `
      CREATE TABLE leases (
        name        TEXT PRIMARY KEY NOT NULL,
        holder      TEXT NOT NULL,
        acquired_at TEXT NOT NULL,
        expires_at  TEXT NOT NULL
      );
      ALTER TABLE lead_records ADD COLUMN claimed_by TEXT;
    `,
  },
  ...WORKSPACE_MIGRATIONS,
];

/**
 * Brings the schema up to date. All pending migrations run in one IMMEDIATE transaction, so a failure
 * leaves the database exactly as it was, and two processes starting together cannot both migrate.
 */
export function runMigrations(
  db: Database.Database,
  migrations: readonly Migration[] = MIGRATIONS,
): { from: number; to: number } {
  const latest = latestVersion(migrations);
  const apply = db.transaction(() => {
    const current = Number(db.pragma('user_version', { simple: true }));
    if (current > latest)
      throw new SchemaTooNewError(current, latest, db.memory ? 'in memory' : `at ${db.name}`);
    for (const migration of migrations.slice(current)) db.exec(migration.sql);
    // user_version is part of the database header, so it commits or rolls back with the DDL above.
    if (current !== latest) db.pragma(`user_version = ${latest}`);
    return { from: current, to: latest };
  });
  return apply.immediate();
}
