import type Database from 'better-sqlite3';
import { type RouteRow, toLeadRoute } from '../rows.js';
import type { RouteStore } from '../types.js';

export function createRouteStore(db: Database.Database): RouteStore {
  const list = db.prepare<[], RouteRow>(
    'SELECT * FROM lead_routes ORDER BY source_group_name, source_group_id',
  );
  const get = db.prepare<[string], RouteRow>('SELECT * FROM lead_routes WHERE source_group_id = ?');
  const upsert = db.prepare(
    `INSERT INTO lead_routes (source_group_id, source_group_name, channel, set_by, set_at, failing_since, last_error)
     VALUES (@id, @name, @channel, @by, @at, NULL, NULL)
     ON CONFLICT (source_group_id) DO UPDATE SET source_group_name = excluded.source_group_name,
       channel = excluded.channel, set_by = excluded.set_by, set_at = excluded.set_at,
       failing_since = NULL, last_error = NULL`,
  );
  const remove = db.prepare('DELETE FROM lead_routes WHERE source_group_id = ?');
  const failing = db.prepare(
    'UPDATE lead_routes SET failing_since = COALESCE(failing_since, ?), last_error = ? WHERE source_group_id = ?',
  );
  const healthy = db.prepare(
    'UPDATE lead_routes SET failing_since = NULL, last_error = NULL WHERE source_group_id = ?',
  );
  return {
    list: async () => list.all().map(toLeadRoute),
    get: async (id) => {
      const row = get.get(id);
      return row ? toLeadRoute(row) : undefined;
    },
    set: async (r) => {
      upsert.run({
        id: r.sourceGroupId,
        name: r.sourceGroupName,
        channel: r.channel,
        by: r.setBy,
        at: r.setAt.toISOString(),
      });
    },
    remove: async (id) => remove.run(id).changes > 0,
    markFailing: async (id, error, at) => {
      failing.run(at.toISOString(), error, id);
    },
    markHealthy: async (id) => {
      healthy.run(id);
    },
  };
}
