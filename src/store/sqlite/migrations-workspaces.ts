import type { Migration } from '../migration.js';

// SQLite migrations 6 on (issue 12: many workspaces, "Add to Slack", the App Home), appended to MIGRATIONS.
// Never edit one that has shipped: append a new one.
export const WORKSPACE_MIGRATIONS: readonly Migration[] = [
  {
    id: 6,
    name: 'workspace on every row of workspace data',
    // SQLite cannot change a primary key in place, so each table whose key gains `workspace` is rebuilt
    // (create, copy, drop, rename); every existing row lands in the default workspace ''. audit_log keeps its
    // id key and only gains the column. Old indexes go with their tables and come back workspace-first.
    sql: `
      CREATE TABLE lead_records_v6 (
        workspace     TEXT NOT NULL DEFAULT '',
        lead_id       TEXT NOT NULL,
        state         TEXT NOT NULL CHECK (state IN ('pending', 'posted', 'skipped')),
        channel       TEXT,
        ts            TEXT,
        shown_status  TEXT,
        lead_json     TEXT,
        changed_by    TEXT,
        changed_at    TEXT,
        pending_since TEXT,
        claimed_by    TEXT,
        posted_at     TEXT,
        updated_at    TEXT NOT NULL,
        PRIMARY KEY (workspace, lead_id),
        CHECK (state <> 'posted' OR (channel IS NOT NULL AND ts IS NOT NULL))
      );
      INSERT INTO lead_records_v6 (lead_id, state, channel, ts, shown_status, lead_json, changed_by, changed_at,
          pending_since, claimed_by, posted_at, updated_at)
        SELECT lead_id, state, channel, ts, shown_status, lead_json, changed_by, changed_at,
          pending_since, claimed_by, posted_at, updated_at FROM lead_records;
      DROP TABLE lead_records;
      ALTER TABLE lead_records_v6 RENAME TO lead_records;
      CREATE INDEX lead_records_message ON lead_records (workspace, channel, ts);
      CREATE INDEX lead_records_state ON lead_records (workspace, state);
      CREATE INDEX lead_records_updated ON lead_records (workspace, updated_at);

      CREATE TABLE poller_state_v6 (
        workspace            TEXT PRIMARY KEY NOT NULL DEFAULT '',
        initialized_at       TEXT,
        cutoff               TEXT,
        last_run_at          TEXT,
        last_run_ok          INTEGER,
        last_error           TEXT,
        last_posted_count    INTEGER NOT NULL DEFAULT 0,
        total_posted         INTEGER NOT NULL DEFAULT 0,
        consecutive_failures INTEGER NOT NULL DEFAULT 0
      );
      INSERT INTO poller_state_v6 (initialized_at, cutoff, last_run_at, last_run_ok, last_error,
          last_posted_count, total_posted, consecutive_failures)
        SELECT initialized_at, cutoff, last_run_at, last_run_ok, last_error,
          last_posted_count, total_posted, consecutive_failures FROM poller_state WHERE id = 1;
      DROP TABLE poller_state;
      ALTER TABLE poller_state_v6 RENAME TO poller_state;

      CREATE TABLE settings_v6 (
        workspace  TEXT NOT NULL DEFAULT '',
        key        TEXT NOT NULL,
        value_json TEXT NOT NULL,
        PRIMARY KEY (workspace, key)
      );
      INSERT INTO settings_v6 (key, value_json) SELECT key, value_json FROM settings;
      DROP TABLE settings;
      ALTER TABLE settings_v6 RENAME TO settings;

      CREATE TABLE lead_routes_v6 (
        workspace         TEXT NOT NULL DEFAULT '',
        source_group_id   TEXT NOT NULL,
        source_group_name TEXT,
        channel           TEXT NOT NULL,
        set_by            TEXT NOT NULL,
        set_at            TEXT NOT NULL,
        failing_since     TEXT,
        last_error        TEXT,
        PRIMARY KEY (workspace, source_group_id)
      );
      INSERT INTO lead_routes_v6 (source_group_id, source_group_name, channel, set_by, set_at, failing_since,
          last_error)
        SELECT source_group_id, source_group_name, channel, set_by, set_at, failing_since, last_error
        FROM lead_routes;
      DROP TABLE lead_routes;
      ALTER TABLE lead_routes_v6 RENAME TO lead_routes;

      CREATE TABLE bulk_jobs_v6 (
        workspace    TEXT NOT NULL DEFAULT '',
        job_id       TEXT NOT NULL,
        channel      TEXT NOT NULL,
        ts           TEXT NOT NULL,
        started_by   TEXT NOT NULL,
        status       TEXT NOT NULL,
        state_json   TEXT NOT NULL,
        finished     INTEGER NOT NULL DEFAULT 0,
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL,
        PRIMARY KEY (workspace, job_id)
      );
      INSERT INTO bulk_jobs_v6 (job_id, channel, ts, started_by, status, state_json, finished, created_at,
          updated_at)
        SELECT job_id, channel, ts, started_by, status, state_json, finished, created_at, updated_at
        FROM bulk_jobs;
      DROP TABLE bulk_jobs;
      ALTER TABLE bulk_jobs_v6 RENAME TO bulk_jobs;
      CREATE INDEX bulk_jobs_open ON bulk_jobs (workspace, finished);
      CREATE INDEX bulk_jobs_created ON bulk_jobs (workspace, created_at);

      CREATE TABLE idempotency_keys_v6 (
        workspace   TEXT NOT NULL DEFAULT '',
        key         TEXT NOT NULL,
        result_json TEXT,
        created_at  TEXT NOT NULL,
        PRIMARY KEY (workspace, key)
      );
      INSERT INTO idempotency_keys_v6 (key, result_json, created_at)
        SELECT key, result_json, created_at FROM idempotency_keys;
      DROP TABLE idempotency_keys;
      ALTER TABLE idempotency_keys_v6 RENAME TO idempotency_keys;
      CREATE INDEX idempotency_keys_created ON idempotency_keys (workspace, created_at);

      ALTER TABLE audit_log ADD COLUMN workspace TEXT NOT NULL DEFAULT '';
      DROP INDEX audit_log_at;
      CREATE INDEX audit_log_at ON audit_log (workspace, at);
    `,
  },
  {
    id: 7,
    name: 'Slack installations (OAuth mode), tokens sealed',
    // workspace = team id, or enterprise id for an org-wide install; tokens are SecretBox text, never clear.
    sql: `
      CREATE TABLE slack_installations (
        workspace             TEXT PRIMARY KEY NOT NULL,
        team_id               TEXT,
        team_name             TEXT,
        enterprise_id         TEXT,
        enterprise_name       TEXT,
        is_enterprise_install INTEGER NOT NULL DEFAULT 0,
        app_id                TEXT,
        bot_token_sealed      TEXT NOT NULL CHECK (bot_token_sealed LIKE 'v1:%'),
        bot_id                TEXT,
        bot_user_id           TEXT NOT NULL,
        bot_scopes            TEXT NOT NULL,
        installer_user_id     TEXT,
        user_token_sealed     TEXT CHECK (user_token_sealed IS NULL OR user_token_sealed LIKE 'v1:%'),
        user_scopes           TEXT NOT NULL DEFAULT '',
        enterprise_url        TEXT,
        installed_at          TEXT NOT NULL
      );
    `,
  },
  {
    id: 8,
    name: 'lead detection and first move times (App Home pipeline, speed to lead)',
    // Rows written before this keep their detection time from their snapshot; their first move is unknown
    // (changed_at is the LAST move), so it stays null rather than a wrong, later figure.
    sql: `
      ALTER TABLE lead_records ADD COLUMN detected_at TEXT;
      ALTER TABLE lead_records ADD COLUMN first_moved_at TEXT;
      ALTER TABLE lead_records ADD COLUMN first_moved_by TEXT;
      UPDATE lead_records SET detected_at = json_extract(lead_json, '$.detectedAt')
        WHERE lead_json IS NOT NULL AND json_valid(lead_json);
      CREATE INDEX lead_records_detected ON lead_records (workspace, detected_at);
    `,
  },
];
