import type { IdempotencyStore } from '../types.js';
import type { Db } from './pool.js';

export function createIdempotencyStore(db: Db, ws: string): IdempotencyStore {
  return {
    async claim(key, now = new Date()) {
      // One statement, so of two replicas claiming at once the unique key lets exactly one insert.
      const { rowCount } = await db.query(
        `INSERT INTO idempotency_keys (key, created_at, workspace) VALUES ($1, $2, $3)
         ON CONFLICT (workspace, key) DO NOTHING`,
        [key, now, ws],
      );
      return rowCount === 1;
    },
    async saveResult(key, result) {
      await db.query('UPDATE idempotency_keys SET result_json = $1 WHERE workspace = $3 AND key = $2', [
        JSON.stringify(result ?? null),
        key,
        ws,
      ]);
    },
    async result<T>(key: string) {
      const { rows } = await db.query<{ result_json: string | null }>(
        'SELECT result_json FROM idempotency_keys WHERE workspace = $2 AND key = $1',
        [key, ws],
      );
      const json = rows[0]?.result_json;
      return json ? (JSON.parse(json) as T) : undefined;
    },
    async release(key) {
      await db.query('DELETE FROM idempotency_keys WHERE workspace = $2 AND key = $1', [key, ws]);
    },
    async prune(before) {
      const { rowCount } = await db.query(
        'DELETE FROM idempotency_keys WHERE workspace = $2 AND created_at < $1',
        [before, ws],
      );
      return rowCount ?? 0;
    },
  };
}
