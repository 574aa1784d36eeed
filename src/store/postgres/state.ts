import { NEW_POLLER_ROW, type PollerRow, toPollerState } from '../rows.js';
import type { PollerState, Store } from '../types.js';
import { type Db, likePrefix, pgTextOrNull, type Queryable } from './pool.js';

// One workspace's poller state (one row per workspace, written at its first save) and settings.

export type WorkspaceStateMethods = Pick<
  Store,
  'getPollerState' | 'savePollerState' | 'getSetting' | 'setSetting' | 'listSettingKeys'
>;

export async function readPollerState(db: Queryable, ws: string, forUpdate = false): Promise<PollerState> {
  const { rows } = await db.query<PollerRow>(
    `SELECT * FROM poller_state WHERE workspace = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [ws],
  );
  return toPollerState(rows[0] ?? NEW_POLLER_ROW);
}

export function createWorkspaceState(db: Db, ws: string): WorkspaceStateMethods {
  return {
    getPollerState: () => readPollerState(db, ws),
    // Read, merge and write under the row lock, so two replicas' patches never overwrite each other. A
    // workspace's first save has no row to lock yet, so each save first makes sure the row exists (a second
    // replica's insert waits on the key, then does nothing) and only then locks and reads it.
    savePollerState: (patch) =>
      db.transaction(async (client) => {
        await client.query(
          'INSERT INTO poller_state (workspace) VALUES ($1) ON CONFLICT (workspace) DO NOTHING',
          [ws],
        );
        const merged = { ...(await readPollerState(client, ws, true)) };
        for (const [key, value] of Object.entries(patch)) {
          if (value !== undefined) Object.assign(merged, { [key]: value });
        }
        const { rows } = await client.query<PollerRow>(
          `UPDATE poller_state SET initialized_at = $1, cutoff = $2, last_run_at = $3, last_run_ok = $4,
             last_error = $5, last_posted_count = $6, total_posted = $7, consecutive_failures = $8
           WHERE workspace = $9 RETURNING *`,
          [
            merged.initializedAt,
            merged.cutoff,
            merged.lastRunAt,
            merged.lastRunOk,
            pgTextOrNull(merged.lastError),
            merged.lastPostedCount,
            merged.totalPosted,
            merged.consecutiveFailures,
            ws,
          ],
        );
        if (!rows[0]) throw new Error('poller_state row is missing; the database was edited by hand?');
        return toPollerState(rows[0]);
      }),
    async getSetting<T = unknown>(key: string): Promise<T | undefined> {
      const { rows } = await db.query<{ value_json: string }>(
        'SELECT value_json FROM settings WHERE workspace = $2 AND key = $1',
        [key, ws],
      );
      return rows[0] ? (JSON.parse(rows[0].value_json) as T) : undefined;
    },
    async setSetting(key, value) {
      if (value === undefined) {
        await db.query('DELETE FROM settings WHERE workspace = $2 AND key = $1', [key, ws]);
        return;
      }
      const json = JSON.stringify(value);
      if (json === undefined) throw new TypeError(`Setting "${key}" is not JSON-serializable`);
      await db.query(
        `INSERT INTO settings (key, value_json, workspace) VALUES ($1, $2, $3)
         ON CONFLICT (workspace, key) DO UPDATE SET value_json = EXCLUDED.value_json`,
        [key, json, ws],
      );
    },
    async listSettingKeys(prefix) {
      const { rows } = await db.query<{ key: string }>(
        "SELECT key FROM settings WHERE workspace = $2 AND key LIKE $1 ESCAPE '\\' ORDER BY key",
        [likePrefix(prefix), ws],
      );
      return rows.map((r) => r.key);
    },
  };
}
