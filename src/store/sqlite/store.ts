import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { NEW_POLLER_ROW, type PollerRow, toPollerState } from '../rows.js';
import type { SecretBox } from '../secret-box.js';
import type { PollerState, Store, WorkspaceDeletion } from '../types.js';
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
import { createLeadRecords } from './records.js';
import { createRouteStore } from './routes.js';

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/** Lead data (names, phone numbers) is personal: owner-only, whatever the umask. */
function makePrivate(file: string): void {
  for (const p of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      fs.chmodSync(p, 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}

const BUSY_TIMEOUT_MS = 100;

function openDatabase(file: string): Database.Database {
  const inMemory = file === ':memory:';
  if (!inMemory) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // Create the file ourselves with 0600 so it is never readable by others, not even for an instant.
    fs.closeSync(fs.openSync(file, 'a', 0o600));
  }
  const db = new Database(file);
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    // FULL, not NORMAL: a pending mark must survive power loss before we post to Slack.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    runMigrations(db);
    if (!inMemory) makePrivate(file);
    // better-sqlite3 waits for a lock synchronously, stalling every Slack ack meanwhile. Past start-up, a
    // write that finds another process holding the lock gives up after 100 ms: the poll pass is retried by
    // the next one, and a person is told to try again, instead of the whole app freezing for seconds.
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Poller state and settings of one workspace. */
function createWorkspaceState(db: Database.Database, ws: string) {
  const q = {
    poller: db.prepare<[string], PollerRow>('SELECT * FROM poller_state WHERE workspace = ?'),
    savePoller: db.prepare(
      `INSERT INTO poller_state (workspace, initialized_at, cutoff, last_run_at, last_run_ok, last_error,
         last_posted_count, total_posted, consecutive_failures)
       VALUES (@ws, @initialized_at, @cutoff, @last_run_at, @last_run_ok, @last_error, @last_posted_count,
         @total_posted, @consecutive_failures)
       ON CONFLICT (workspace) DO UPDATE SET initialized_at = excluded.initialized_at, cutoff = excluded.cutoff,
         last_run_at = excluded.last_run_at, last_run_ok = excluded.last_run_ok, last_error = excluded.last_error,
         last_posted_count = excluded.last_posted_count, total_posted = excluded.total_posted,
         consecutive_failures = excluded.consecutive_failures`,
    ),
    getSetting: db.prepare<[string, string], { value_json: string }>(
      'SELECT value_json FROM settings WHERE workspace = ? AND key = ?',
    ),
    setSetting: db.prepare<[string, string, string]>(
      `INSERT INTO settings (workspace, key, value_json) VALUES (?, ?, ?)
       ON CONFLICT (workspace, key) DO UPDATE SET value_json = excluded.value_json`,
    ),
    deleteSetting: db.prepare<[string, string]>('DELETE FROM settings WHERE workspace = ? AND key = ?'),
    settingKeys: db.prepare<[string, string], { key: string }>(
      "SELECT key FROM settings WHERE workspace = ? AND key LIKE ? ESCAPE '\\' ORDER BY key",
    ),
  };

  // A workspace has no row until its first save (the default workspace's comes from the migrations).
  const getPollerState = (): PollerState => toPollerState(q.poller.get(ws) ?? NEW_POLLER_ROW);

  const savePoller = db.transaction((patch: Partial<PollerState>): PollerState => {
    const merged = { ...getPollerState() };
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined) Object.assign(merged, { [key]: value });
    }
    q.savePoller.run({
      ws,
      initialized_at: iso(merged.initializedAt),
      cutoff: iso(merged.cutoff),
      last_run_at: iso(merged.lastRunAt),
      last_run_ok: merged.lastRunOk === null ? null : merged.lastRunOk ? 1 : 0,
      last_error: merged.lastError,
      last_posted_count: merged.lastPostedCount,
      total_posted: merged.totalPosted,
      consecutive_failures: merged.consecutiveFailures,
    });
    return getPollerState();
  });

  return {
    getPollerState: async () => getPollerState(),
    savePollerState: async (patch: Partial<PollerState>) => savePoller(patch),
    async getSetting<T = unknown>(key: string): Promise<T | undefined> {
      const row = q.getSetting.get(ws, key);
      return row ? (JSON.parse(row.value_json) as T) : undefined;
    },
    async listSettingKeys(prefix: string) {
      const like = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      return q.settingKeys.all(ws, like).map((r) => r.key);
    },
    async setSetting(key: string, value: unknown) {
      if (value === undefined) {
        q.deleteSetting.run(ws, key);
        return;
      }
      const json = JSON.stringify(value);
      if (json === undefined) throw new TypeError(`Setting "${key}" is not JSON-serializable`);
      q.setSetting.run(ws, key, json);
    },
  };
}

/** Across workspaces: what uninstall and the status page need. */
function createWorkspaceAdmin(db: Database.Database) {
  const deletes = WORKSPACE_TABLES.map(
    (table) => [table, db.prepare<[string]>(`DELETE FROM ${table} WHERE workspace = ?`)] as const,
  );
  const deleteLeases = db.prepare<[string]>("DELETE FROM leases WHERE name LIKE ? ESCAPE '\\'");
  const list = db.prepare<[], { workspace: string }>(
    `SELECT workspace FROM poller_state WHERE workspace <> ''
     UNION SELECT workspace FROM settings WHERE workspace <> ''
     UNION SELECT DISTINCT workspace FROM lead_records WHERE workspace <> ''
     ORDER BY workspace`,
  );
  const deleteAll = db.transaction((ws: string): WorkspaceDeletion => {
    const counts = {} as WorkspaceDeletion;
    for (const [table, statement] of deletes) counts[table] = statement.run(ws).changes;
    // Workspace ids are A-Z0-9 only, so the prefix needs no LIKE escaping.
    counts.leases = deleteLeases.run(`${leasePrefix(ws)}%`).changes;
    return counts;
  });
  return {
    deleteWorkspace: async (workspaceId: string) => deleteAll(checkDeletableWorkspace(workspaceId)),
    listWorkspaces: async () => list.all().map((r) => r.workspace),
  };
}

/** `secretBox`: ENCRYPTION_KEY, for the installations' tokens; without it those cannot be stored or read. */
export function openSqliteStore(
  file: string,
  instanceId: string = randomUUID(),
  secretBox?: SecretBox,
): Store {
  const db = openDatabase(file);
  const leases = createLeaseStore(db);
  const installations = createInstallationStore(db, secretBox);
  const admin = createWorkspaceAdmin(db);

  // Every view shares the one connection; only the root store (what this returns) closes it, so even
  // forWorkspace('') gives a view whose close() does nothing.
  const view: (workspaceId: string) => Store = viewCache((ws) => ({
    backend: 'sqlite',
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
    async close() {},
  }));

  const root: Store = {
    ...view(DEFAULT_WORKSPACE),
    async close() {
      if (db.open) db.close();
    },
  };
  return root;
}
