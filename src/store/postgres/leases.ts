import type { Lease, LeaseStore } from '../types.js';
import { type Db, likePrefix } from './pool.js';

interface LeaseRow {
  name: string;
  holder: string;
  acquired_at: Date;
  expires_at: Date;
}

const toLease = (row: LeaseRow): Lease => ({
  name: row.name,
  holder: row.holder,
  acquiredAt: row.acquired_at,
  expiresAt: row.expires_at,
});

/**
 * Leases as rows with an expiry. One statement takes a free or expired lease, or renews our own: when two
 * replicas insert at once, the second waits on the primary key and then sees the first's row, whose holder
 * is not it and which has not expired, so its update does nothing. A renewal keeps acquiredAt; taking a
 * lapsed lease, even one's own, starts it afresh.
 *
 * Time: a caller that passes `now` is believed (tests drive a fake clock). A caller that does not gets the
 * database server's clock, so replicas whose own clocks drift apart still agree on when a lease expires.
 */
export function createLeaseStore(db: Db): LeaseStore {
  return {
    async acquire(name, holder, ttlMs, now) {
      const { rowCount } = await db.query(
        `WITH t AS (SELECT COALESCE($3::timestamptz, now()) AS at)
         INSERT INTO leases (name, holder, acquired_at, expires_at)
         SELECT $1, $2, t.at, t.at + $4 * interval '1 millisecond' FROM t
         ON CONFLICT (name) DO UPDATE SET
           acquired_at = CASE WHEN leases.holder = EXCLUDED.holder AND leases.expires_at > EXCLUDED.acquired_at
             THEN leases.acquired_at ELSE EXCLUDED.acquired_at END,
           holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
         WHERE leases.holder = EXCLUDED.holder OR leases.expires_at <= EXCLUDED.acquired_at`,
        [name, holder, now ?? null, ttlMs],
      );
      return rowCount === 1;
    },
    async release(name, holder) {
      await db.query('DELETE FROM leases WHERE name = $1 AND holder = $2', [name, holder]);
    },
    async list(prefix, now) {
      const { rows } = await db.query<LeaseRow>(
        `SELECT * FROM leases WHERE name LIKE $1 ESCAPE '\\' AND expires_at > COALESCE($2::timestamptz, now())
         ORDER BY name`,
        [likePrefix(prefix), now ?? null],
      );
      return rows.map(toLease);
    },
  };
}
