import type { AuditOutcome, AuditStore } from '../types.js';
import { type Db, pgText, pgTextOrNull } from './pool.js';

interface AuditRow {
  actor: string;
  team: string;
  action: string;
  target: string;
  outcome: AuditOutcome;
  detail: string | null;
  at: Date;
}

export function createAuditStore(db: Db): AuditStore {
  return {
    async record(e) {
      await db.query(
        `INSERT INTO audit_log (actor, team, action, target, outcome, detail, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          e.actor,
          e.team,
          e.action,
          pgText(e.target.slice(0, 300)),
          e.outcome,
          pgTextOrNull(e.detail?.slice(0, 300)),
          e.at,
        ],
      );
    },
    async list({ offset, limit }) {
      const { rows } = await db.query<AuditRow>(
        `SELECT actor, team, action, target, outcome, detail, at FROM audit_log
         ORDER BY at DESC, id DESC LIMIT $1 OFFSET $2`,
        [limit, offset],
      );
      return rows.map((r) => ({
        actor: r.actor,
        team: r.team,
        action: r.action,
        target: r.target,
        outcome: r.outcome,
        ...(r.detail === null ? {} : { detail: r.detail }),
        at: r.at,
      }));
    },
    async count() {
      const { rows } = await db.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM audit_log');
      return rows[0]?.n ?? 0;
    },
    async prune(before) {
      const { rowCount } = await db.query('DELETE FROM audit_log WHERE at < $1', [before]);
      return rowCount ?? 0;
    },
  };
}
