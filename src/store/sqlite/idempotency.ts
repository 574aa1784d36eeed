import type Database from 'better-sqlite3';
import type { IdempotencyStore } from '../types.js';

export function createIdempotencyStore(db: Database.Database, ws: string): IdempotencyStore {
  const claim = db.prepare(
    'INSERT OR IGNORE INTO idempotency_keys (workspace, key, created_at) VALUES (?, ?, ?)',
  );
  const save = db.prepare('UPDATE idempotency_keys SET result_json = ? WHERE workspace = ? AND key = ?');
  const read = db.prepare<[string, string], { result_json: string | null }>(
    'SELECT result_json FROM idempotency_keys WHERE workspace = ? AND key = ?',
  );
  const release = db.prepare('DELETE FROM idempotency_keys WHERE workspace = ? AND key = ?');
  // created_at is always toISOString() (UTC, fixed width), so text order is time order.
  const prune = db.prepare('DELETE FROM idempotency_keys WHERE workspace = ? AND created_at < ?');
  return {
    claim: async (key, now = new Date()) => claim.run(ws, key, now.toISOString()).changes > 0,
    saveResult: async (key, result) => {
      save.run(JSON.stringify(result ?? null), ws, key);
    },
    result: async <T>(key: string) => {
      const row = read.get(ws, key);
      return row?.result_json ? (JSON.parse(row.result_json) as T) : undefined;
    },
    release: async (key) => {
      release.run(ws, key);
    },
    prune: async (before) => prune.run(ws, before.toISOString()).changes,
  };
}
