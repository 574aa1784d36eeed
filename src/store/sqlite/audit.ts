import type Database from 'better-sqlite3';
import { type AuditRow, toAuditEntry } from '../rows.js';
import type { AuditStore } from '../types.js';

export function createAuditStore(db: Database.Database): AuditStore {
  const insert = db.prepare(
    `INSERT INTO audit_log (actor, team, action, target, outcome, detail, at)
     VALUES (@actor, @team, @action, @target, @outcome, @detail, @at)`,
  );
  const page = db.prepare<[number, number], AuditRow>(
    'SELECT actor, team, action, target, outcome, detail, at FROM audit_log ORDER BY at DESC, id DESC LIMIT ? OFFSET ?',
  );
  const count = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM audit_log');
  const prune = db.prepare('DELETE FROM audit_log WHERE at < ?');
  return {
    record: async (e) => {
      insert.run({
        actor: e.actor,
        team: e.team,
        action: e.action,
        target: e.target.slice(0, 300),
        outcome: e.outcome,
        detail: e.detail?.slice(0, 300) ?? null,
        at: e.at.toISOString(),
      });
    },
    list: async ({ offset, limit }) => page.all(limit, offset).map(toAuditEntry),
    count: async () => count.get()?.n ?? 0,
    prune: async (before) => prune.run(before.toISOString()).changes,
  };
}
