import { randomUUID } from 'node:crypto';
import { type Logger, silentLogger } from '../../log.js';
import { SchemaTooNewError } from '../migration.js';
import type { SecretBox } from '../secret-box.js';
import type { Store, WorkspaceDeletion } from '../types.js';
import {
  checkDeletableWorkspace,
  DEFAULT_WORKSPACE,
  leasePrefix,
  scopeLeases,
  viewCache,
  WORKSPACE_TABLES,
} from '../workspace.js';
import { createAuditStore } from './audit.js';
import { createBroadcastJobStore } from './broadcasts.js';
import { createIdempotencyStore } from './idempotency.js';
import { createInstallationStore } from './installations.js';
import { createLeaseStore } from './leases.js';
import { runMigrations } from './migrations.js';
import {
  createDb,
  type Db,
  DEFAULT_TIMEOUTS,
  describeTarget,
  likePrefix,
  type PoolTimeouts,
  scrubSecret,
} from './pool.js';
import { createLeadRecords } from './records.js';
import { createRouteStore } from './routes.js';
import { createWorkspaceState, readPollerState } from './state.js';

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
    await readPollerState(db, DEFAULT_WORKSPACE);
  } catch (err) {
    await db.close().catch(() => undefined);
    if (err instanceof SchemaTooNewError) throw err;
    throw new PostgresConnectError(where, openFailureReason(err, url, timeouts.connectMs));
  }

  const leases = createLeaseStore(db);
  const installations = createInstallationStore(db, options.secretBox);
  const admin = createWorkspaceAdmin(db);
  // Every view shares the one pool; only the root store (what this returns) ends it, so even
  // forWorkspace('') gives a view whose close() does nothing.
  const view: (workspaceId: string) => Store = viewCache((ws) => ({
    backend: 'postgres',
    instanceId,
    workspace: ws,
    forWorkspace: (other) => view(other),
    routes: createRouteStore(db, ws),
    broadcasts: createBroadcastJobStore(db, ws),
    idempotency: createIdempotencyStore(db, ws),
    audit: createAuditStore(db, ws),
    leases: scopeLeases(leases, ws),
    installations,
    ...createLeadRecords(db, ws, instanceId),
    ...createWorkspaceState(db, ws),
    ...admin,
    close: async () => {},
  }));
  return { ...view(DEFAULT_WORKSPACE), close: () => db.close() };
}

/** Across workspaces: what uninstall and the status page need. */
function createWorkspaceAdmin(db: Db): Pick<Store, 'deleteWorkspace' | 'listWorkspaces'> {
  return {
    async deleteWorkspace(workspaceId) {
      const ws = checkDeletableWorkspace(workspaceId);
      return db.transaction(async (client) => {
        const counts = {} as WorkspaceDeletion;
        for (const table of WORKSPACE_TABLES) {
          const { rowCount } = await client.query(`DELETE FROM ${table} WHERE workspace = $1`, [ws]);
          counts[table] = rowCount ?? 0;
        }
        const { rowCount } = await client.query("DELETE FROM leases WHERE name LIKE $1 ESCAPE '\\'", [
          likePrefix(leasePrefix(ws)),
        ]);
        counts.leases = rowCount ?? 0;
        return counts;
      });
    },
    async listWorkspaces() {
      const { rows } = await db.query<{ workspace: string }>(
        `SELECT workspace FROM poller_state WHERE workspace <> ''
         UNION SELECT workspace FROM settings WHERE workspace <> ''
         UNION SELECT DISTINCT workspace FROM lead_records WHERE workspace <> ''
         ORDER BY workspace`,
      );
      return rows.map((r) => r.workspace);
    },
  };
}
