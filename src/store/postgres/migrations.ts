import { latestVersion, type Migration, SchemaTooNewError } from '../migration.js';
import type { Db } from './pool.js';

export type { Migration } from '../migration.js';

// Postgres's schema changes, in order; `schema_migrations` records which have been applied. Migration 1 is
// SQLite's 1–5 in one step (the Postgres backend had never shipped before it). Keys that are matched by
// prefix or sorted for people are COLLATE "C": byte order, as in SQLite, and LIKE 'prefix%' can use the index.
// JSON is kept as text, not jsonb: it round-trips exactly as SQLite's does, and jsonb refuses "\u0000".
export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'lead records, poller state, settings, routes, broadcasts, idempotency keys, audit trail, leases',
    sql: `
      CREATE TABLE lead_records (
        lead_id       text COLLATE "C" PRIMARY KEY,
        state         text NOT NULL CHECK (state IN ('pending', 'posted', 'skipped')),
        channel       text,
        ts            text,
        shown_status  text,
        lead_json     text,
        changed_by    text,
        changed_at    timestamptz,
        pending_since timestamptz,
        claimed_by    text,
        posted_at     timestamptz,
        updated_at    timestamptz NOT NULL,
        -- a posted row without its message could never be updated or found from a click
        CHECK (state <> 'posted' OR (channel IS NOT NULL AND ts IS NOT NULL))
      );
      CREATE INDEX lead_records_message ON lead_records (channel, ts);
      CREATE INDEX lead_records_pending ON lead_records (pending_since) WHERE state = 'pending';
      CREATE INDEX lead_records_updated ON lead_records (updated_at);

      CREATE TABLE poller_state (
        id                   integer PRIMARY KEY CHECK (id = 1),
        initialized_at       timestamptz,
        cutoff               timestamptz,
        last_run_at          timestamptz,
        last_run_ok          boolean,
        last_error           text,
        last_posted_count    integer NOT NULL DEFAULT 0,
        total_posted         integer NOT NULL DEFAULT 0,
        consecutive_failures integer NOT NULL DEFAULT 0
      );
      INSERT INTO poller_state (id) VALUES (1);

      CREATE TABLE settings (
        key        text COLLATE "C" PRIMARY KEY,
        value_json text NOT NULL
      );

      CREATE TABLE lead_routes (
        source_group_id   text COLLATE "C" PRIMARY KEY,
        source_group_name text COLLATE "C",
        channel           text NOT NULL,
        set_by            text NOT NULL,
        set_at            timestamptz NOT NULL,
        failing_since     timestamptz,
        last_error        text
      );

      CREATE TABLE bulk_jobs (
        job_id     text COLLATE "C" PRIMARY KEY,
        channel    text NOT NULL,
        ts         text NOT NULL,
        started_by text NOT NULL,
        status     text NOT NULL,
        state_json text NOT NULL,
        finished   boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      );
      CREATE INDEX bulk_jobs_open ON bulk_jobs (created_at) WHERE NOT finished;
      CREATE INDEX bulk_jobs_created ON bulk_jobs (created_at);

      CREATE TABLE idempotency_keys (
        key         text COLLATE "C" PRIMARY KEY,
        result_json text,
        created_at  timestamptz NOT NULL
      );
      CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

      CREATE TABLE audit_log (
        id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        actor   text NOT NULL,
        team    text NOT NULL,
        action  text NOT NULL,
        target  text NOT NULL,
        outcome text NOT NULL,
        detail  text,
        at      timestamptz NOT NULL
      );
      CREATE INDEX audit_log_at ON audit_log (at);

      CREATE TABLE leases (
        name        text COLLATE "C" PRIMARY KEY,
        holder      text NOT NULL,
        acquired_at timestamptz NOT NULL,
        expires_at  timestamptz NOT NULL
      );
    `,
  },
  {
    id: 2,
    name: 'workspace on every row of workspace data',
    // Every existing row lands in the default workspace '' (a constant default: no table rewrite). Keys and
    // the indexes the queries use become workspace-first; poller_state's single row id = 1 gives way to one
    // row per workspace. Leases stay global (a workspace's are named ws:<id>:…).
    sql: `
      ALTER TABLE lead_records ADD COLUMN workspace text COLLATE "C" NOT NULL DEFAULT '';
      ALTER TABLE lead_records DROP CONSTRAINT lead_records_pkey, ADD PRIMARY KEY (workspace, lead_id);
      DROP INDEX lead_records_message;
      CREATE INDEX lead_records_message ON lead_records (workspace, channel, ts);
      DROP INDEX lead_records_pending;
      CREATE INDEX lead_records_pending ON lead_records (workspace, pending_since) WHERE state = 'pending';
      DROP INDEX lead_records_updated;
      CREATE INDEX lead_records_updated ON lead_records (workspace, updated_at);

      ALTER TABLE poller_state ADD COLUMN workspace text COLLATE "C" NOT NULL DEFAULT '';
      ALTER TABLE poller_state DROP COLUMN id;
      ALTER TABLE poller_state ADD PRIMARY KEY (workspace);

      ALTER TABLE settings ADD COLUMN workspace text COLLATE "C" NOT NULL DEFAULT '';
      ALTER TABLE settings DROP CONSTRAINT settings_pkey, ADD PRIMARY KEY (workspace, key);

      ALTER TABLE lead_routes ADD COLUMN workspace text COLLATE "C" NOT NULL DEFAULT '';
      ALTER TABLE lead_routes DROP CONSTRAINT lead_routes_pkey, ADD PRIMARY KEY (workspace, source_group_id);

      ALTER TABLE bulk_jobs ADD COLUMN workspace text COLLATE "C" NOT NULL DEFAULT '';
      ALTER TABLE bulk_jobs DROP CONSTRAINT bulk_jobs_pkey, ADD PRIMARY KEY (workspace, job_id);
      DROP INDEX bulk_jobs_open;
      CREATE INDEX bulk_jobs_open ON bulk_jobs (workspace, created_at) WHERE NOT finished;
      DROP INDEX bulk_jobs_created;
      CREATE INDEX bulk_jobs_created ON bulk_jobs (workspace, created_at);

      ALTER TABLE idempotency_keys ADD COLUMN workspace text COLLATE "C" NOT NULL DEFAULT '';
      ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey, ADD PRIMARY KEY (workspace, key);
      DROP INDEX idempotency_keys_created;
      CREATE INDEX idempotency_keys_created ON idempotency_keys (workspace, created_at);

      ALTER TABLE audit_log ADD COLUMN workspace text COLLATE "C" NOT NULL DEFAULT '';
      DROP INDEX audit_log_at;
      CREATE INDEX audit_log_at ON audit_log (workspace, at);
    `,
  },
  {
    id: 3,
    name: 'Slack installations (OAuth mode), tokens sealed',
    // workspace = team id, or enterprise id for an org-wide install; tokens are SecretBox text, never clear.
    sql: `
      CREATE TABLE slack_installations (
        workspace             text COLLATE "C" PRIMARY KEY,
        team_id               text,
        team_name             text,
        enterprise_id         text,
        enterprise_name       text,
        is_enterprise_install boolean NOT NULL DEFAULT false,
        app_id                text,
        bot_token_sealed      text NOT NULL CHECK (bot_token_sealed LIKE 'v1:%'),
        bot_id                text,
        bot_user_id           text NOT NULL,
        bot_scopes            text NOT NULL,
        installer_user_id     text,
        user_token_sealed     text CHECK (user_token_sealed IS NULL OR user_token_sealed LIKE 'v1:%'),
        user_scopes           text NOT NULL DEFAULT '',
        enterprise_url        text,
        installed_at          timestamptz NOT NULL
      );
    `,
  },
  {
    id: 4,
    name: 'lead detection and first move times (App Home pipeline, speed to lead)',
    // Rows written before this keep their detection time from their snapshot; their first move is unknown
    // (changed_at is the LAST move), so it stays null rather than a wrong, later figure.
    sql: `
      ALTER TABLE lead_records ADD COLUMN detected_at timestamptz;
      ALTER TABLE lead_records ADD COLUMN first_moved_at timestamptz;
      ALTER TABLE lead_records ADD COLUMN first_moved_by text;
      UPDATE lead_records SET detected_at = (lead_json::json ->> 'detectedAt')::timestamptz
        WHERE lead_json IS NOT NULL;
      CREATE INDEX lead_records_detected ON lead_records (workspace, detected_at);
    `,
  },
];

/**
 * Every replica runs the migrations at start, under this advisory lock ("molt", "flow" in ASCII). Advisory
 * locks are per database, so the pair only has to be unique among the locks this app takes.
 */
export const MIGRATION_LOCK = [0x6d6f6c74, 0x666c6f77] as const;

/**
 * Brings the schema up to date. All pending migrations run in one transaction that first takes the advisory
 * lock, so replicas starting together wait for the first, which migrates; the others then find nothing to
 * do. A failure rolls back every step, schema_migrations included.
 */
export async function runMigrations(
  db: Db,
  where: string,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<{ from: number; to: number }> {
  const latest = latestVersion(migrations);
  return db.transaction(async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [...MIGRATION_LOCK]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         id         integer PRIMARY KEY,
         name       text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const { rows } = await client.query<{ version: number }>(
      'SELECT COALESCE(MAX(id), 0)::int AS version FROM schema_migrations',
    );
    const current = rows[0]?.version ?? 0;
    if (current > latest) throw new SchemaTooNewError(current, latest, `at ${where}`);
    for (const migration of migrations.slice(current)) {
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [
        migration.id,
        migration.name,
      ]);
    }
    return { from: current, to: latest };
  });
}
