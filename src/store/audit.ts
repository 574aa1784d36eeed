import type Database from 'better-sqlite3';

// The audit trail (issue 9): every privileged action and every denial, with who, which workspace, what,
// on what, when and how it ended. Shown to admins by `/moltflow audit`; pruned after AUDIT_RETENTION_DAYS.
// Targets are ids and names of things (a group, a route, a job), never message text or phone numbers.

export type AuditOutcome = 'ok' | 'denied' | 'failed';

export interface AuditEntry {
  /** Slack user id. */
  actor: string;
  team: string;
  /** What was done, e.g. `broadcast.started`, `group.deleted`, `lead.moved`, `denied`. */
  action: string;
  /** What it was done to (an id, with a short name where that helps). */
  target: string;
  outcome: AuditOutcome;
  /** A short detail: the refusal reason, the status moved to, a row count. */
  detail?: string;
  at: Date;
}

export interface AuditStore {
  record(entry: AuditEntry): void;
  /** Newest first. */
  list(page: { offset: number; limit: number }): AuditEntry[];
  count(): number;
  /** Deletes entries older than `before`; returns how many. */
  prune(before: Date): number;
}

interface AuditRow {
  actor: string;
  team: string;
  action: string;
  target: string;
  outcome: AuditOutcome;
  detail: string | null;
  at: string;
}

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
    record: (e) => {
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
    list: ({ offset, limit }) =>
      page.all(limit, offset).map((r) => ({
        actor: r.actor,
        team: r.team,
        action: r.action,
        target: r.target,
        outcome: r.outcome,
        ...(r.detail === null ? {} : { detail: r.detail }),
        at: new Date(r.at),
      })),
    count: () => count.get()?.n ?? 0,
    prune: (before) => prune.run(before.toISOString()).changes,
  };
}
