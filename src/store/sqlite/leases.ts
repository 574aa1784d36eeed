import type Database from 'better-sqlite3';
import type { Lease, LeaseStore } from '../types.js';

interface LeaseRow {
  name: string;
  holder: string;
  acquired_at: string;
  expires_at: string;
}

const toLease = (row: LeaseRow): Lease => ({
  name: row.name,
  holder: row.holder,
  acquiredAt: new Date(row.acquired_at),
  expiresAt: new Date(row.expires_at),
});

/**
 * Leases as rows with an expiry. One statement takes a free or expired lease, or renews our own, so two
 * processes on one database file can never both hold it (SQLite serialises writers). A renewal keeps
 * acquiredAt; taking a lapsed lease, even one's own, starts it afresh. Times are ISO strings (UTC, fixed
 * width), so text order is time order.
 */
export function createLeaseStore(db: Database.Database): LeaseStore {
  const acquire = db.prepare(
    `INSERT INTO leases (name, holder, acquired_at, expires_at) VALUES (@name, @holder, @now, @until)
     ON CONFLICT (name) DO UPDATE SET
       acquired_at = CASE WHEN leases.holder = excluded.holder AND leases.expires_at > excluded.acquired_at
         THEN leases.acquired_at ELSE excluded.acquired_at END,
       holder = excluded.holder, expires_at = excluded.expires_at
     WHERE leases.holder = excluded.holder OR leases.expires_at <= excluded.acquired_at`,
  );
  const release = db.prepare('DELETE FROM leases WHERE name = ? AND holder = ?');
  const list = db.prepare<[string, string], LeaseRow>(
    "SELECT * FROM leases WHERE name LIKE ? ESCAPE '\\' AND expires_at > ? ORDER BY name",
  );
  return {
    acquire: async (name, holder, ttlMs, now = new Date()) =>
      acquire.run({
        name,
        holder,
        now: now.toISOString(),
        until: new Date(now.getTime() + ttlMs).toISOString(),
      }).changes === 1,
    release: async (name, holder) => {
      release.run(name, holder);
    },
    list: async (prefix, now = new Date()) =>
      list.all(`${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, now.toISOString()).map(toLease),
  };
}
