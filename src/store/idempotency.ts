import type Database from 'better-sqlite3';

/**
 * "Do this once": a person double-clicking Submit or Confirm sends two identical requests; the first to
 * claim the key does the work, the second sees it was taken and does nothing (nothing is sent twice).
 */
export interface IdempotencyStore {
  /** True if this call claimed the key (do the work); false if it was claimed before. */
  claim(key: string, now?: Date): boolean;
  /** Remember what the work produced, for the duplicate to report. */
  saveResult(key: string, result: unknown): void;
  result<T = unknown>(key: string): T | undefined;
  /** Gives the key back (the work failed and may be tried again). */
  release(key: string): void;
  /**
   * Forgets keys claimed before `before`; returns how many. A key only has to outlive the view or the click
   * it guards, and every modal submit and click makes one, so the table would otherwise only grow.
   */
  prune(before: Date): number;
}

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
    claim: (key, now = new Date()) => claim.run(key, now.toISOString()).changes > 0,
    saveResult: (key, result) => {
      save.run(JSON.stringify(result ?? null), key);
    },
    result: <T>(key: string) => {
      const row = read.get(key);
      return row?.result_json ? (JSON.parse(row.result_json) as T) : undefined;
    },
    release: (key) => {
      release.run(key);
    },
    prune: (before) => prune.run(before.toISOString()).changes,
  };
}
