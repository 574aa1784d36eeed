// Postgres 1 → 2: a database with rows written before workspaces keeps every row, all in workspace ''.
import pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { silentLogger } from '../../../src/log.js';
import { openStore } from '../../../src/store/index.js';
import { MIGRATIONS, runMigrations } from '../../../src/store/postgres/migrations.js';
import { createDb } from '../../../src/store/postgres/pool.js';
import { describeIfPostgres, type FreshDatabase, freshPostgresDatabase } from '../../support/postgres.js';
import { OLD_SCHEMA_COUNTS, OLD_SCHEMA_ROWS } from '../old-schema-rows.js';
import { expectOldRowsInDefaultWorkspace } from '../upgrade-checks.js';

describeIfPostgres('Postgres migration 2 (workspaces)', () => {
  let database: FreshDatabase;
  const query = async <R extends pg.QueryResultRow>(sql: string): Promise<R[]> => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query<R>(sql)).rows;
    } finally {
      await client.end();
    }
  };
  beforeEach(async () => {
    database = await freshPostgresDatabase();
  });
  afterEach(() => database.drop());

  it('keeps every row of a schema-1 database, in the default workspace, with workspace-first keys', async () => {
    const db = createDb(database.url, silentLogger);
    expect(await runMigrations(db, 'test', MIGRATIONS.slice(0, 1))).toEqual({ from: 0, to: 1 });
    await db.close();
    for (const sql of OLD_SCHEMA_ROWS) await query(sql);

    const store = await openStore(database.url);
    try {
      const [version] = await query<{ v: number }>('SELECT max(id)::int AS v FROM schema_migrations');
      expect(version?.v).toBeGreaterThanOrEqual(2);
      for (const [table, n] of Object.entries(OLD_SCHEMA_COUNTS)) {
        if (table === 'leases') continue; // global: no workspace column
        expect(
          await query(`SELECT workspace, count(*)::int AS n FROM ${table} GROUP BY workspace`),
          table,
        ).toEqual([{ workspace: '', n }]);
      }
      const keys = await query<{ table: string; def: string }>(
        `SELECT conrelid::regclass::text AS table, pg_get_constraintdef(oid) AS def FROM pg_constraint
         WHERE contype = 'p' AND conrelid::regclass::text IN ('lead_records', 'poller_state', 'settings',
           'lead_routes', 'bulk_jobs', 'idempotency_keys') ORDER BY 1`,
      );
      expect(keys).toEqual([
        { table: 'bulk_jobs', def: 'PRIMARY KEY (workspace, job_id)' },
        { table: 'idempotency_keys', def: 'PRIMARY KEY (workspace, key)' },
        { table: 'lead_records', def: 'PRIMARY KEY (workspace, lead_id)' },
        { table: 'lead_routes', def: 'PRIMARY KEY (workspace, source_group_id)' },
        { table: 'poller_state', def: 'PRIMARY KEY (workspace)' },
        { table: 'settings', def: 'PRIMARY KEY (workspace, key)' },
      ]);
      await expectOldRowsInDefaultWorkspace(store);
    } finally {
      await store.close();
    }
  });
});
