// The Postgres test harness itself: each test gets a real, separate database that really goes away, and the
// server supports the session advisory locks that leases can be built on.
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import {
  describeIfPostgres,
  type FreshDatabase,
  freshPostgresDatabase,
  postgresAdminUrl,
} from './postgres.js';

const opened: FreshDatabase[] = [];
const clients: pg.Client[] = [];

async function fresh(): Promise<FreshDatabase> {
  const db = await freshPostgresDatabase();
  opened.push(db);
  return db;
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  clients.push(client);
  return client;
}

async function databaseExists(name: string): Promise<boolean> {
  const admin = await connect(postgresAdminUrl() ?? '');
  const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  return rowCount === 1;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.end().catch(() => undefined)));
  await Promise.all(opened.splice(0).map((db) => db.drop()));
});

describeIfPostgres('postgres test harness', () => {
  it('gives a fresh database that pg can reach, on PostgreSQL 15', async () => {
    const db = await fresh();
    const client = await connect(db.url);
    const { rows } = await client.query<{ db: string; version: string }>(
      "SELECT current_database() AS db, current_setting('server_version_num') AS version",
    );
    expect(rows[0]?.db).toBe(db.name);
    expect(Number(rows[0]?.version)).toBeGreaterThanOrEqual(150_000);
  });

  it('gives distinct databases, also when created at once as parallel forks do', async () => {
    const [a, b, ...rest] = await Promise.all(Array.from({ length: 6 }, () => fresh()));
    if (!a || !b) throw new Error('expected six databases');
    expect(new Set([a, b, ...rest].map((db) => db.name)).size).toBe(6);

    const inA = await connect(a.url);
    await inA.query('CREATE TABLE only_in_a (id int)');
    const inB = await connect(b.url);
    const { rows } = await inB.query("SELECT to_regclass('only_in_a') AS found");
    expect(rows[0]?.found).toBeNull();
  });

  it('drops the database, even with a connection still open on it', async () => {
    const db = await fresh();
    const lingering = await connect(db.url);
    lingering.on('error', () => undefined); // the forced drop terminates it
    expect(await databaseExists(db.name)).toBe(true);

    await db.drop();
    await db.drop(); // a second drop (the afterEach) is harmless

    expect(await databaseExists(db.name)).toBe(false);
    await expect(connect(db.url)).rejects.toMatchObject({ code: '3D000' }); // invalid_catalog_name
  });

  it('has session advisory locks that exclude a second connection until released', async () => {
    const db = await fresh();
    const holder = await connect(db.url);
    const other = await connect(db.url);
    const tryLock = async (): Promise<boolean> =>
      (await other.query<{ got: boolean }>('SELECT pg_try_advisory_lock(4242) AS got')).rows[0]?.got ?? false;

    await holder.query('SELECT pg_advisory_lock(4242)');
    expect(await tryLock()).toBe(false);

    // A blocking pg_advisory_lock waits for the holder: seen waiting in pg_locks, then granted on release.
    const otherPid = (await other.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
    let granted = false;
    const waiting = other.query('SELECT pg_advisory_lock(4242)').then(() => {
      granted = true;
    });
    for (;;) {
      const { rowCount } = await holder.query(
        "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = $1 AND NOT granted",
        [otherPid],
      );
      if (rowCount === 1) break;
    }
    expect(granted).toBe(false);
    await holder.query('SELECT pg_advisory_unlock(4242)');
    await waiting;
    expect(granted).toBe(true);

    // Now the lock is the other connection's, and the first one is the one turned away.
    const { rows } = await holder.query<{ got: boolean }>('SELECT pg_try_advisory_lock(4242) AS got');
    expect(rows[0]?.got).toBe(false);
  });
});
