import type Database from 'better-sqlite3';
import { type JobRow, toTrackedBroadcast } from '../rows.js';
import type { BroadcastJobStore } from '../types.js';

export function createBroadcastJobStore(db: Database.Database): BroadcastJobStore {
  const insert = db.prepare(
    `INSERT OR REPLACE INTO bulk_jobs (job_id, channel, ts, started_by, status, state_json, finished, created_at, updated_at)
     VALUES (@jobId, @channel, @ts, @startedBy, @status, @state, 0, @now, @now)`,
  );
  const get = db.prepare<[string], JobRow>('SELECT * FROM bulk_jobs WHERE job_id = ?');
  const open = db.prepare<[], JobRow>(
    'SELECT * FROM bulk_jobs WHERE finished = 0 ORDER BY created_at, job_id',
  );
  const recent = db.prepare<[number], JobRow>(
    'SELECT * FROM bulk_jobs ORDER BY created_at DESC, job_id DESC LIMIT ?',
  );
  const update = db.prepare(
    `UPDATE bulk_jobs SET status = COALESCE(@status, status), state_json = COALESCE(@state, state_json),
       finished = COALESCE(@finished, finished), updated_at = @now WHERE job_id = @jobId`,
  );
  return {
    track: async (job, now = new Date()) => {
      insert.run({ ...job, state: JSON.stringify(job.state), now: now.toISOString() });
    },
    get: async (id) => {
      const row = get.get(id);
      return row ? toTrackedBroadcast(row) : undefined;
    },
    listOpen: async () => open.all().map(toTrackedBroadcast),
    listRecent: async (limit) => recent.all(limit).map(toTrackedBroadcast),
    update: async (jobId, patch, now = new Date()) => {
      update.run({
        jobId,
        status: patch.status ?? null,
        state: patch.state === undefined ? null : JSON.stringify(patch.state),
        finished: patch.finished === undefined ? null : patch.finished ? 1 : 0,
        now: now.toISOString(),
      });
    },
  };
}
