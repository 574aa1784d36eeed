import { type JobRow, toTrackedBroadcast } from '../rows.js';
import type { BroadcastJobStore } from '../types.js';
import type { Db } from './pool.js';

export function createBroadcastJobStore(db: Db, ws: string): BroadcastJobStore {
  return {
    async track(job, now = new Date()) {
      // Tracking a job again starts it over, as SQLite's INSERT OR REPLACE does.
      await db.query(
        `INSERT INTO bulk_jobs (job_id, channel, ts, started_by, status, state_json, finished, created_at, updated_at, workspace)
         VALUES ($1, $2, $3, $4, $5, $6, false, $7, $7, $8)
         ON CONFLICT (workspace, job_id) DO UPDATE SET channel = EXCLUDED.channel, ts = EXCLUDED.ts,
           started_by = EXCLUDED.started_by, status = EXCLUDED.status, state_json = EXCLUDED.state_json,
           finished = false, created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at`,
        [job.jobId, job.channel, job.ts, job.startedBy, job.status, JSON.stringify(job.state), now, ws],
      );
    },
    async get(id) {
      const { rows } = await db.query<JobRow>(
        'SELECT * FROM bulk_jobs WHERE workspace = $2 AND job_id = $1',
        [id, ws],
      );
      return rows[0] ? toTrackedBroadcast(rows[0]) : undefined;
    },
    async listOpen() {
      const { rows } = await db.query<JobRow>(
        'SELECT * FROM bulk_jobs WHERE workspace = $1 AND NOT finished ORDER BY created_at, job_id',
        [ws],
      );
      return rows.map(toTrackedBroadcast);
    },
    async listRecent(limit) {
      const { rows } = await db.query<JobRow>(
        'SELECT * FROM bulk_jobs WHERE workspace = $2 ORDER BY created_at DESC, job_id DESC LIMIT $1',
        [limit, ws],
      );
      return rows.map(toTrackedBroadcast);
    },
    async update(jobId, patch, now = new Date()) {
      await db.query(
        `UPDATE bulk_jobs SET status = COALESCE($2, status), state_json = COALESCE($3, state_json),
           finished = COALESCE($4, finished), updated_at = $5 WHERE workspace = $6 AND job_id = $1`,
        [
          jobId,
          patch.status ?? null,
          patch.state === undefined ? null : JSON.stringify(patch.state),
          patch.finished ?? null,
          now,
          ws,
        ],
      );
    },
  };
}
