import type Database from 'better-sqlite3';
import type { BroadcastJobStore, TrackedBroadcast } from '../types.js';

interface JobRow {
  job_id: string;
  channel: string;
  ts: string;
  started_by: string;
  status: string;
  state_json: string;
  finished: number;
  created_at: string;
  updated_at: string;
}

const toJob = (row: JobRow): TrackedBroadcast => ({
  jobId: row.job_id,
  channel: row.channel,
  ts: row.ts,
  startedBy: row.started_by,
  status: row.status,
  state: JSON.parse(row.state_json) as Record<string, unknown>,
  finished: row.finished !== 0,
  createdAt: new Date(row.created_at),
  updatedAt: new Date(row.updated_at),
});

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
      return row ? toJob(row) : undefined;
    },
    listOpen: async () => open.all().map(toJob),
    listRecent: async (limit) => recent.all(limit).map(toJob),
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
