import { randomUUID } from 'node:crypto';
import { type Logger, silentLogger } from '../../log.js';
import { SchemaTooNewError } from '../migration.js';
import { type PollerRow, toPollerState } from '../rows.js';
import type { SecretBox } from '../secret-box.js';
import type { PollerState, Store } from '../types.js';
import { createAuditStore } from './audit.js';
import { createBroadcastJobStore } from './broadcasts.js';
import { createIdempotencyStore } from './idempotency.js';
import { createInstallationStore } from './installations.js';
import { createLeaseStore } from './leases.js';
import { runMigrations } from './migrations.js';
import {
  createDb,
  DEFAULT_TIMEOUTS,
  describeTarget,
  likePrefix,
  type PoolTimeouts,
  pgTextOrNull,
  type Queryable,
  scrubSecret,
} from './pool.js';
import { createLeadRecords } from './records.js';
import { createRouteStore } from './routes.js';

async function readPollerState(db: Queryable, forUpdate = false): Promise<PollerState> {
  const { rows } = await db.query<PollerRow>(
    `SELECT * FROM poller_state WHERE id = 1${forUpdate ? ' FOR UPDATE' : ''}`,
  );
  if (!rows[0]) throw new Error('poller_state row is missing; the database was edited by hand?');
  return toPollerState(rows[0]);
}

/** Opening failed: say where and why in words an operator can act on, without the URL or its password. */
export class PostgresConnectError extends Error {
  override readonly name = 'PostgresConnectError';
  // No `cause`: the driver's error may carry the URL in its fields (a URL parse error keeps its input).
  constructor(where: string, reason: string) {
    super(`Could not open the Postgres database at ${where} (from DATABASE_URL): ${reason}`);
  }
}

/** Turns what the driver or server said into a reason; only connection and login failures get the hint. */
function openFailureReason(err: unknown, url: string, connectMs: number): string {
  const message = scrubSecret(err instanceof Error ? err.message : String(err), url);
  const code = (err as { code?: unknown }).code;
  // A five-character SQLSTATE means the server answered; classes 28 (login) and 3D (no such database) are
  // still about DATABASE_URL itself.
  const serverAnswered = typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
  if (serverAnswered && !code.startsWith('28') && !code.startsWith('3D')) return message;
  const hint = 'check that the server is running and reachable, and the user, password and database name';
  if (/timeout|timed out/i.test(message))
    return `no answer within ${connectMs / 1000} s (${message}); ${hint}`;
  return `${message}; ${hint}`;
}

export interface PostgresStoreOptions {
  /** Where an idle connection's failure is reported (the pool reconnects by itself). */
  logger?: Logger;
  /** Tests shorten these; the defaults bound every wait to seconds. */
  timeouts?: PoolTimeouts;
  /** ENCRYPTION_KEY, for the installations' tokens; without it those cannot be stored or read. */
  secretBox?: SecretBox;
}

/**
 * Opens a pool on the database the URL names and brings its schema up to date. Several replicas may open the
 * same database at once: the migrations run under an advisory lock. Fails within the connect timeout if the
 * server cannot be reached, with a message that names host, port and database but never the password.
 */
export async function openPostgresStore(
  url: string,
  instanceId: string = randomUUID(),
  options: PostgresStoreOptions = {},
): Promise<Store> {
  const where = describeTarget(url);
  const timeouts = options.timeouts ?? DEFAULT_TIMEOUTS;
  const db = createDb(url, options.logger ?? silentLogger, timeouts);
  try {
    await runMigrations(db, where);
    await readPollerState(db);
  } catch (err) {
    await db.close().catch(() => undefined);
    if (err instanceof SchemaTooNewError) throw err;
    throw new PostgresConnectError(where, openFailureReason(err, url, timeouts.connectMs));
  }

  return {
    backend: 'postgres',
    instanceId,
    routes: createRouteStore(db),
    broadcasts: createBroadcastJobStore(db),
    idempotency: createIdempotencyStore(db),
    audit: createAuditStore(db),
    leases: createLeaseStore(db),
    installations: createInstallationStore(db, options.secretBox),
    ...createLeadRecords(db, instanceId),
    getPollerState: () => readPollerState(db),
    // Read, merge and write under the row lock, so two replicas' patches never overwrite each other.
    savePollerState: (patch) =>
      db.transaction(async (client) => {
        const merged = { ...(await readPollerState(client, true)) };
        for (const [key, value] of Object.entries(patch)) {
          if (value !== undefined) Object.assign(merged, { [key]: value });
        }
        const { rows } = await client.query<PollerRow>(
          `UPDATE poller_state SET initialized_at = $1, cutoff = $2, last_run_at = $3, last_run_ok = $4,
             last_error = $5, last_posted_count = $6, total_posted = $7, consecutive_failures = $8
           WHERE id = 1 RETURNING *`,
          [
            merged.initializedAt,
            merged.cutoff,
            merged.lastRunAt,
            merged.lastRunOk,
            pgTextOrNull(merged.lastError),
            merged.lastPostedCount,
            merged.totalPosted,
            merged.consecutiveFailures,
          ],
        );
        if (!rows[0]) throw new Error('poller_state row is missing; the database was edited by hand?');
        return toPollerState(rows[0]);
      }),
    async getSetting<T = unknown>(key: string): Promise<T | undefined> {
      const { rows } = await db.query<{ value_json: string }>(
        'SELECT value_json FROM settings WHERE key = $1',
        [key],
      );
      return rows[0] ? (JSON.parse(rows[0].value_json) as T) : undefined;
    },
    async setSetting(key, value) {
      if (value === undefined) {
        await db.query('DELETE FROM settings WHERE key = $1', [key]);
        return;
      }
      const json = JSON.stringify(value);
      if (json === undefined) throw new TypeError(`Setting "${key}" is not JSON-serializable`);
      await db.query(
        `INSERT INTO settings (key, value_json) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET value_json = EXCLUDED.value_json`,
        [key, json],
      );
    },
    async listSettingKeys(prefix) {
      const { rows } = await db.query<{ key: string }>(
        "SELECT key FROM settings WHERE key LIKE $1 ESCAPE '\\' ORDER BY key",
        [likePrefix(prefix)],
      );
      return rows.map((r) => r.key);
    },
    close: () => db.close(),
  };
}
