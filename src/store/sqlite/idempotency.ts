import type Database from 'better-sqlite3';
import type { IdempotencyStore } from '../types.js';

export function createIdempotencyStore(db: Database.Database): IdempotencyStore {
  const claim = db.prepare('INSERT OR IGNORE INTO idempotency_keys (key, created_at) VALUES (?, ?)');
  const save = db.prepare('UPDATE idempotency_keys SET result_json = ? WHERE key = ?');
  const read = db.prepare<[string], { result_json: string | null }>(
    'SELECT result_json FROM idempotency_keys WHERE key = ?',
  );
  const release = db.prepare('DELETE FROM idempotency_keys WHERE key = ?');
  // created_at is always toISOString() (UTC, fixed width), so text order is time order.
  const prune = db.prepare('DELETE FROM idempotency_keys WHERE created_at < ?');
  return {
    claim: async (key, now = new Date()) => claim.run(key, now.toISOString()).changes > 0,
    saveResult: async (key, result) => {
      save.run(JSON.stringify(result ?? null), key);
    },
    result: async <T>(key: string) => {
      const row = read.get(key);
      return row?.result_json ? (JSON.parse(row.result_json) as T) : undefined;
    },
    release: async (key) => {
      release.run(key);
    },
    prune: async (before) => prune.run(before.toISOString()).changes,
  };
}
