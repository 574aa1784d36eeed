import type Database from 'better-sqlite3';
import { type RouteRow, toLeadRoute } from '../rows.js';
import type { RouteStore } from '../types.js';

export function createRouteStore(db: Database.Database, ws: string): RouteStore {
  const list = db.prepare<[string], RouteRow>(
    'SELECT * FROM lead_routes WHERE workspace = ? ORDER BY source_group_name, source_group_id',
  );
  const get = db.prepare<[string, string], RouteRow>(
    'SELECT * FROM lead_routes WHERE workspace = ? AND source_group_id = ?',
  );
  const upsert = db.prepare(
    `INSERT INTO lead_routes (workspace, source_group_id, source_group_name, channel, set_by, set_at, failing_since, last_error)
     VALUES (@ws, @id, @name, @channel, @by, @at, NULL, NULL)
     ON CONFLICT (workspace, source_group_id) DO UPDATE SET source_group_name = excluded.source_group_name,
       channel = excluded.channel, set_by = excluded.set_by, set_at = excluded.set_at,
       failing_since = NULL, last_error = NULL`,
  );
  const remove = db.prepare('DELETE FROM lead_routes WHERE workspace = ? AND source_group_id = ?');
  const failing = db.prepare(
    `UPDATE lead_routes SET failing_since = COALESCE(failing_since, ?), last_error = ?
     WHERE workspace = ? AND source_group_id = ?`,
  );
  const healthy = db.prepare(
    'UPDATE lead_routes SET failing_since = NULL, last_error = NULL WHERE workspace = ? AND source_group_id = ?',
  );
  return {
    list: async () => list.all(ws).map(toLeadRoute),
    get: async (id) => {
      const row = get.get(ws, id);
      return row ? toLeadRoute(row) : undefined;
    },
    set: async (r) => {
      upsert.run({
        ws,
        id: r.sourceGroupId,
        name: r.sourceGroupName,
        channel: r.channel,
        by: r.setBy,
        at: r.setAt.toISOString(),
      });
    },
    remove: async (id) => remove.run(ws, id).changes > 0,
    markFailing: async (id, error, at) => {
      failing.run(at.toISOString(), error, ws, id);
    },
    markHealthy: async (id) => {
      healthy.run(ws, id);
    },
  };
}
