import { type AuditRow, toAuditEntry } from '../rows.js';
import type { AuditStore } from '../types.js';
import { type Db, pgText, pgTextOrNull } from './pool.js';

export function createAuditStore(db: Db, ws: string): AuditStore {
  return {
    async record(e) {
      await db.query(
        `INSERT INTO audit_log (actor, team, action, target, outcome, detail, at, workspace)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          e.actor,
          e.team,
          e.action,
          pgText(e.target.slice(0, 300)),
          e.outcome,
          pgTextOrNull(e.detail?.slice(0, 300)),
          e.at,
          ws,
        ],
      );
    },
    async list({ offset, limit }) {
      const { rows } = await db.query<AuditRow>(
        `SELECT actor, team, action, target, outcome, detail, at FROM audit_log WHERE workspace = $3
         ORDER BY at DESC, id DESC LIMIT $1 OFFSET $2`,
        [limit, offset, ws],
      );
      return rows.map(toAuditEntry);
    },
    async count() {
      const { rows } = await db.query<{ n: number }>(
        'SELECT COUNT(*)::int AS n FROM audit_log WHERE workspace = $1',
        [ws],
      );
      return rows[0]?.n ?? 0;
    },
    async prune(before) {
      const { rowCount } = await db.query('DELETE FROM audit_log WHERE workspace = $2 AND at < $1', [
        before,
        ws,
      ]);
      return rowCount ?? 0;
    },
  };
}
