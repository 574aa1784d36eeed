// Postgres only: what a replica sees when the server is away, slow to answer, or drops its connections;
// and that no message or log line ever carries the password from DATABASE_URL.
import net from 'node:net';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/log.js';
import { openStore, PostgresConnectError, type Store } from '../../../src/store/index.js';
import { DEFAULT_TIMEOUTS, poolConfig, scrubSecret } from '../../../src/store/postgres/pool.js';
import { describeIfPostgres, freshPostgresDatabase } from '../../support/postgres.js';
import { lead, T0 } from '../backends.js';

const PASSWORD = 'hunter2-Secret';

/** A port on which nothing listens: connecting is refused at once. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A server that accepts connections and never says a word, like a host behind a dropping firewall. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('opening an unreachable Postgres', () => {
  it('fails at once when the connection is refused, naming where but not the password', async () => {
    const port = await closedPort();
    const error = await openStore(`postgres://app:${PASSWORD}@127.0.0.1:${port}/moltflow`).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PostgresConnectError);
    const message = (error as Error).message;
    expect(message).toContain(`127.0.0.1:${port}/moltflow`);
    expect(message).toMatch(/ECONNREFUSED/);
    expect(message).toMatch(/DATABASE_URL/);
    expect(message).not.toContain(PASSWORD);
    expect(JSON.stringify(error)).not.toContain(PASSWORD);
  });

  it('gives up within the connect timeout when the server never answers', async () => {
    const server = await silentServer();
    try {
      const started = Date.now();
      const error = await openStore(`postgres://app:${PASSWORD}@127.0.0.1:${server.port}/moltflow`).catch(
        (e: unknown) => e,
      );
      const elapsed = Date.now() - started;
      expect(error).toBeInstanceOf(PostgresConnectError);
      expect((error as Error).message).toMatch(/no answer within 5 s/);
      expect((error as Error).message).not.toContain(PASSWORD);
      expect(elapsed).toBeGreaterThanOrEqual(DEFAULT_TIMEOUTS.connectMs - 100);
      expect(elapsed).toBeLessThan(DEFAULT_TIMEOUTS.connectMs + 3_000);
    } finally {
      await server.close();
    }
  });

  it('masks the password and the URL wherever a driver message would echo them', () => {
    const url = 'postgres://app:p%40ss%2Fword@db.internal:5432/moltflow';
    expect(scrubSecret(`bad ${url} and p@ss/word and p%40ss%2Fword`, url)).toBe(
      'bad [DATABASE_URL] and [redacted] and [redacted]',
    );
    expect(scrubSecret('no secret here', 'not a url')).toBe('no secret here');
  });

  it('bounds every wait: connect, each statement on both sides, a transaction left idle', () => {
    expect(poolConfig('postgres://h/db')).toMatchObject({
      max: 10,
      connectionTimeoutMillis: 5_000,
      query_timeout: 10_000,
      statement_timeout: 10_000,
      idle_in_transaction_session_timeout: 30_000,
    });
  });
});

describeIfPostgres('a Postgres store in use', () => {
  let database: { url: string; drop(): Promise<void> };
  let url: string;
  let secret: string;
  const stores: Store[] = [];
  const lines: string[] = [];
  const open = async () => {
    const store = await openStore(url, {
      logger: createLogger({ level: 'debug', write: (l) => lines.push(l) }),
    });
    stores.push(store);
    return store;
  };

  beforeAll(async () => {
    database = await freshPostgresDatabase();
    // The throwaway cluster checks a generated password; a server that checks none gets one anyway. Either
    // way the password in the URL must never show.
    const u = new URL(database.url);
    if (!u.password) u.password = PASSWORD;
    secret = decodeURIComponent(u.password);
    url = u.toString();
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    lines.length = 0;
  });
  afterAll(async () => {
    await database.drop();
  });

  it('applies the statement timeout on the server', async () => {
    const client = new pg.Client(poolConfig(url));
    await client.connect();
    try {
      expect((await client.query('SHOW statement_timeout')).rows[0]).toEqual({ statement_timeout: '10s' });
    } finally {
      await client.end();
    }
  });

  it('survives the server dropping its idle connections, logs it without the password, and carries on', async () => {
    const store = await open();
    await Promise.all(Array.from({ length: 5 }, (_, i) => store.setSetting(`k${i}`, i)));
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      const { rowCount } = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND application_name = 'moltflow-slack'`,
      );
      expect(rowCount).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    // without the pool's error listener, the dropped idle connections would have crashed this process
    await expect
      .poll(() => lines.some((l) => l.includes('connection lost while idle')), { timeout: 5_000 })
      .toBe(true);
    // A terminated client that the pool has not yet heard about fails the one query that picks it up (the
    // server's goodbye is read only then) and is discarded with it; the store carries on with fresh ones.
    await expect
      .poll(() => store.getSetting('k3').catch((error: unknown) => String(error)), { timeout: 5_000 })
      .toBe(3);
    expect(lines.join('\n')).not.toContain(secret);
  });

  it('close() waits for every operation already started, even those queued for a connection', async () => {
    const store = await open();
    // more writes than the pool has connections, so most wait in its queue when close() is called
    const writes = Array.from({ length: 40 }, (_, i) => store.markPending(`L${i}`, 'C1', lead(`L${i}`), T0));
    const closed = store.close();
    expect(await Promise.all(writes)).toEqual(writes.map(() => true));
    await closed;
    await expect(store.getLeadRecord('L1')).rejects.toThrow(/closed/);
    const again = await open();
    expect((await again.listPending()).length).toBe(40);
  });

  it('names a database that does not exist, without the password', async () => {
    const u = new URL(url);
    u.pathname = '/no_such_database_here';
    const error = await openStore(u.toString()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PostgresConnectError);
    expect((error as Error).message).toMatch(/no_such_database_here.*does not exist/);
    expect((error as Error).message).not.toContain(secret);
  });
});
