// Postgres only: the migration runner under replicas starting together, a failing migration, a newer schema.
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/log.js';
import { openStore, SchemaTooNewError, type Store } from '../../../src/store/index.js';
import { MIGRATIONS, type Migration, runMigrations } from '../../../src/store/postgres/migrations.js';
import { createDb, type Db } from '../../../src/store/postgres/pool.js';
import { describeIfPostgres, freshPostgresDatabase } from '../../support/postgres.js';

describe('the Postgres migration list', () => {
  it('has ids 1..n in order', () => {
    expect(MIGRATIONS.map((m) => m.id)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });
});

describeIfPostgres('Postgres migrations', () => {
  let database: { url: string; drop(): Promise<void> };
  const toClose: Array<{ close(): Promise<void> }> = [];
  const db = (): Db => {
    const d = createDb(database.url, silentLogger);
    toClose.push(d);
    return d;
  };
  const query = async <R extends pg.QueryResultRow>(sql: string): Promise<R[]> => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query<R>(sql)).rows;
    } finally {
      await client.end();
    }
  };
  const tableExists = async (name: string) =>
    (await query<{ t: string | null }>(`SELECT to_regclass('public.${name}')::text AS t`))[0]?.t !== null;

  beforeEach(async () => {
    database = await freshPostgresDatabase();
  });
  afterEach(async () => {
    await Promise.all(toClose.splice(0).map((c) => c.close()));
    await database.drop();
  });

  it('runs once when three replicas start together on an empty database', async () => {
    const results = await Promise.all([
      runMigrations(db(), 'test'),
      runMigrations(db(), 'test'),
      runMigrations(db(), 'test'),
    ]);
    const latest = MIGRATIONS.length;
    expect(results.map((r) => r.from).sort()).toEqual([0, latest, latest]);
    expect(results.every((r) => r.to === latest)).toBe(true);
    expect(await query('SELECT id, name FROM schema_migrations ORDER BY id')).toEqual(
      MIGRATIONS.map((m) => ({ id: m.id, name: m.name })),
    );
    expect(await query('SELECT workspace FROM poller_state')).toEqual([{ workspace: '' }]);
  });

  it('three stores opened at once through openStore all work on the one schema', async () => {
    const stores: Store[] = await Promise.all(
      ['r1', 'r2', 'r3'].map((instanceId) => openStore(database.url, { instanceId })),
    );
    toClose.push(...stores);
    await stores[0]?.setSetting('k', 1);
    expect(await Promise.all(stores.map((s) => s.getSetting('k')))).toEqual([1, 1, 1]);
    expect(await query('SELECT count(*)::int AS n FROM schema_migrations')).toEqual([
      { n: MIGRATIONS.length },
    ]);
  });

  it('applies only the new ones, and rolls back all of them when one fails', async () => {
    const first: Migration = { id: 1, name: 'a', sql: 'CREATE TABLE a (x int)' };
    expect(await runMigrations(db(), 'test', [first])).toEqual({ from: 0, to: 1 });
    const broken: Migration[] = [
      first,
      { id: 2, name: 'b', sql: 'CREATE TABLE b (x int)' },
      { id: 3, name: 'c', sql: 'CREATE TABLE a (x int)' },
    ];
    await expect(runMigrations(db(), 'test', broken)).rejects.toThrow(/already exists/);
    expect(await query('SELECT id FROM schema_migrations')).toEqual([{ id: 1 }]);
    expect(await tableExists('b')).toBe(false);
    expect(await runMigrations(db(), 'test', broken.slice(0, 2))).toEqual({ from: 1, to: 2 });
    expect(await tableExists('b')).toBe(true);
  });

  it('refuses ids out of order before touching the database', async () => {
    await expect(runMigrations(db(), 'test', [{ id: 2, name: 'x', sql: 'SELECT 1' }])).rejects.toThrow(
      /expected 1/,
    );
    expect(await tableExists('schema_migrations')).toBe(false);
  });

  it('refuses a database newer than the code, leaves it untouched, and names no password', async () => {
    await (await openStore(database.url)).close();
    const newer = MIGRATIONS.length + 1;
    await query(`INSERT INTO schema_migrations (id, name) VALUES (${newer}, 'from the future')`);
    const withPassword = new URL(database.url);
    if (!withPassword.password) withPassword.password = 'hunter2secret';
    const secret = decodeURIComponent(withPassword.password);

    const error = await openStore(withPassword.toString()).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(SchemaTooNewError);
    const message = (error as Error).message;
    expect(message).toContain(`schema version ${newer}`);
    expect(message).toContain(`only knows up to ${MIGRATIONS.length}`);
    expect(message).toMatch(/Upgrade moltflow-slack/);
    expect(message).toContain(withPassword.pathname.slice(1));
    expect(message).not.toContain(secret);
    expect(await query('SELECT max(id)::int AS v FROM schema_migrations')).toEqual([{ v: newer }]);
  });
});
