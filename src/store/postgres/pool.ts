import pg from 'pg';
import type { Logger } from '../../log.js';

// The connection pool and the few helpers every Postgres file shares. A postgres:// URL carries a password,
// so nothing here ever puts the URL into an error or a log line: only host, port and database name.

/** What the table stores need: one query, or a transaction on one connection. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>>;
}

export interface Db extends Queryable {
  transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  /** Waits for every operation already started (queued for a connection or running), then ends the pool. */
  close(): Promise<void>;
}

export interface PoolTimeouts {
  /** How long to wait for a connection (new or from the pool) before giving up. */
  connectMs: number;
  /** Client-side limit on one query, and the server's statement_timeout. */
  queryMs: number;
}

export const DEFAULT_TIMEOUTS: PoolTimeouts = { connectMs: 5_000, queryMs: 10_000 };

/**
 * A dead or unreachable server must never hang the app: every wait is bounded. A few replicas of a chat app
 * need few connections; 10 per process leaves room on a small server's default max_connections of 100.
 */
export function poolConfig(url: string, timeouts: PoolTimeouts = DEFAULT_TIMEOUTS): pg.PoolConfig {
  return {
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: timeouts.connectMs,
    idleTimeoutMillis: 30_000,
    query_timeout: timeouts.queryMs,
    // The server stops a runaway statement too, and ends a transaction a lost client left open, so a
    // crashed replica can never keep the poller-state row locked.
    statement_timeout: timeouts.queryMs,
    idle_in_transaction_session_timeout: 30_000,
    keepAlive: true,
    application_name: 'moltflow-slack',
  };
}

/** "host:port/database", for messages; never the user or password. */
export function describeTarget(url: string): string {
  try {
    const u = new URL(url);
    const db = decodeURIComponent(u.pathname.replace(/^\//, '')) || '(default database)';
    return `${u.hostname || 'localhost'}${u.port ? `:${u.port}` : ''}/${db}`;
  } catch {
    return '(unparseable URL)';
  }
}

/** Masks the URL and its password wherever a message might echo them (a driver error quoting its settings). */
export function scrubSecret(text: string, url: string): string {
  let out = text.split(url).join('[DATABASE_URL]');
  try {
    const raw = new URL(url).password;
    // A very short password would mask ordinary letters; such a password is no secret anyway.
    for (const secret of new Set([raw, decodeURIComponent(raw)])) {
      if (secret.length >= 4) out = out.split(secret).join('[redacted]');
    }
  } catch {
    // not a URL: nothing more to find
  }
  return out;
}

export function createDb(url: string, log: Logger, timeouts?: PoolTimeouts): Db {
  const pool = new pg.Pool(poolConfig(url, timeouts));
  // An idle client whose server restarts or whose connection drops emits 'error' on the pool; unheard, that
  // event would crash the process. The pool discards that client and opens a fresh one when next needed.
  pool.on('error', (err) => {
    log.warn('Postgres connection lost while idle; the pool will reconnect', {
      database: describeTarget(url),
      error: scrubSecret(err.message, url),
    });
  });

  // pool.end() waits only for connections already handed out: a query still queued for one would wait out
  // the connect timeout and fail. So the store counts its own operations and ends the pool after the last.
  const inFlight = new Set<Promise<void>>();
  let closing: Promise<void> | undefined;
  const track = <T>(op: () => Promise<T>): Promise<T> => {
    if (closing) return Promise.reject(new Error('The store is closed'));
    const result = op();
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    inFlight.add(settled);
    void settled.then(() => inFlight.delete(settled));
    return result;
  };
  return {
    query: (text, values) => track(() => pool.query(text, values)),
    transaction: (fn) => track(() => inTransaction(pool, fn)),
    close() {
      closing ??= (async () => {
        while (inFlight.size > 0) await Promise.all(inFlight);
        await pool.end();
      })();
      return closing;
    },
  };
}

/**
 * Runs fn inside BEGIN … COMMIT on one pooled connection. On any failure the connection is destroyed rather
 * than rolled back and reused: after a timeout it may still be busy, and the server rolls back on close.
 */
async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    client.release();
    return result;
  } catch (err) {
    client.release(err instanceof Error ? err : true);
    throw err;
  }
}

/** LIKE pattern for "starts with prefix", with `\` as the escape character. */
export const likePrefix = (prefix: string): string => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Postgres text cannot hold a NUL character; outside text (names, error messages) may. */
export const pgText = (s: string): string => s.replaceAll('\u0000', '\uFFFD');
export const pgTextOrNull = (s: string | null | undefined): string | null =>
  s === null || s === undefined ? null : pgText(s);
