import type Database from 'better-sqlite3';
import { type JobRow, toTrackedBroadcast } from '../rows.js';
import type { BroadcastJobStore } from '../types.js';

export function createBroadcastJobStore(db: Database.Database, ws: string): BroadcastJobStore {
  const insert = db.prepare(
    `INSERT OR REPLACE INTO bulk_jobs (workspace, job_id, channel, ts, started_by, status, state_json, finished, created_at, updated_at)
     VALUES (@ws, @jobId, @channel, @ts, @startedBy, @status, @state, 0, @now, @now)`,
  );
  const get = db.prepare<[string, string], JobRow>(
    'SELECT * FROM bulk_jobs WHERE workspace = ? AND job_id = ?',
  );
  const open = db.prepare<[string], JobRow>(
    'SELECT * FROM bulk_jobs WHERE workspace = ? AND finished = 0 ORDER BY created_at, job_id',
  );
  const recent = db.prepare<[string, number], JobRow>(
    'SELECT * FROM bulk_jobs WHERE workspace = ? ORDER BY created_at DESC, job_id DESC LIMIT ?',
  );
  const update = db.prepare(
    `UPDATE bulk_jobs SET status = COALESCE(@status, status), state_json = COALESCE(@state, state_json),
       finished = COALESCE(@finished, finished), updated_at = @now WHERE workspace = @ws AND job_id = @jobId`,
  );
  return {
    track: async (job, now = new Date()) => {
      insert.run({
        ws,
        jobId: job.jobId,
        channel: job.channel,
        ts: job.ts,
        startedBy: job.startedBy,
        status: job.status,
        state: JSON.stringify(job.state),
        now: now.toISOString(),
      });
    },
    get: async (id) => {
      const row = get.get(ws, id);
      return row ? toTrackedBroadcast(row) : undefined;
    },
    listOpen: async () => open.all(ws).map(toTrackedBroadcast),
    listRecent: async (limit) => recent.all(ws, limit).map(toTrackedBroadcast),
    update: async (jobId, patch, now = new Date()) => {
      update.run({
        ws,
        jobId,
        status: patch.status ?? null,
        state: patch.state === undefined ? null : JSON.stringify(patch.state),
        finished: patch.finished === undefined ? null : patch.finished ? 1 : 0,
        now: now.toISOString(),
      });
    },
  };
}
