import { type RouteRow, toLeadRoute } from '../rows.js';
import type { RouteStore } from '../types.js';
import { type Db, pgText, pgTextOrNull } from './pool.js';

export function createRouteStore(db: Db, ws: string): RouteStore {
  return {
    async list() {
      // NULLS FIRST: SQLite's order, so both backends list routes alike.
      const { rows } = await db.query<RouteRow>(
        'SELECT * FROM lead_routes WHERE workspace = $1 ORDER BY source_group_name NULLS FIRST, source_group_id',
        [ws],
      );
      return rows.map(toLeadRoute);
    },
    async get(id) {
      const { rows } = await db.query<RouteRow>(
        'SELECT * FROM lead_routes WHERE workspace = $2 AND source_group_id = $1',
        [id, ws],
      );
      return rows[0] ? toLeadRoute(rows[0]) : undefined;
    },
    async set(r) {
      await db.query(
        `INSERT INTO lead_routes (source_group_id, source_group_name, channel, set_by, set_at, workspace)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (workspace, source_group_id) DO UPDATE SET source_group_name = EXCLUDED.source_group_name,
           channel = EXCLUDED.channel, set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at,
           failing_since = NULL, last_error = NULL`,
        [r.sourceGroupId, pgTextOrNull(r.sourceGroupName), r.channel, r.setBy, r.setAt, ws],
      );
    },
    async remove(id) {
      const { rowCount } = await db.query(
        'DELETE FROM lead_routes WHERE workspace = $2 AND source_group_id = $1',
        [id, ws],
      );
      return (rowCount ?? 0) > 0;
    },
    async markFailing(id, error, at) {
      await db.query(
        `UPDATE lead_routes SET failing_since = COALESCE(failing_since, $1), last_error = $2
         WHERE workspace = $4 AND source_group_id = $3`,
        [at, pgText(error), id, ws],
      );
    },
    async markHealthy(id) {
      await db.query(
        'UPDATE lead_routes SET failing_since = NULL, last_error = NULL WHERE workspace = $2 AND source_group_id = $1',
        [id, ws],
      );
    },
  };
}
