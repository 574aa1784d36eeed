import type Database from 'better-sqlite3';
import { type AuditRow, toAuditEntry } from '../rows.js';
import type { AuditStore } from '../types.js';

export function createAuditStore(db: Database.Database, ws: string): AuditStore {
  const insert = db.prepare(
    `INSERT INTO audit_log (workspace, actor, team, action, target, outcome, detail, at)
     VALUES (@ws, @actor, @team, @action, @target, @outcome, @detail, @at)`,
  );
  const page = db.prepare<[string, number, number], AuditRow>(
    `SELECT actor, team, action, target, outcome, detail, at FROM audit_log WHERE workspace = ?
     ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`,
  );
  const count = db.prepare<[string], { n: number }>(
    'SELECT COUNT(*) AS n FROM audit_log WHERE workspace = ?',
  );
  const prune = db.prepare('DELETE FROM audit_log WHERE workspace = ? AND at < ?');
  return {
    record: async (e) => {
      insert.run({
        ws,
        actor: e.actor,
        team: e.team,
        action: e.action,
        target: e.target.slice(0, 300),
        outcome: e.outcome,
        detail: e.detail?.slice(0, 300) ?? null,
        at: e.at.toISOString(),
      });
    },
    list: async ({ offset, limit }) => page.all(ws, limit, offset).map(toAuditEntry),
    count: async () => count.get(ws)?.n ?? 0,
    prune: async (before) => prune.run(ws, before.toISOString()).changes,
  };
}
