import type Database from 'better-sqlite3';

/** A bulk send whose progress message the app keeps up to date; kept so a restart picks it up again. */
export interface TrackedBroadcast<S = Record<string, unknown>> {
  jobId: string;
  /** Where the progress message lives (its ts is also the thread for the story). */
  channel: string;
  ts: string;
  startedBy: string;
  status: string;
  /** Whatever the tracker needs to redraw the message (counts, group and session names, last posted state). */
  state: S;
  finished: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface BroadcastJobStore {
  track(job: Omit<TrackedBroadcast, 'finished' | 'createdAt' | 'updatedAt'>, now?: Date): void;
  get(jobId: string): TrackedBroadcast | undefined;
  /** Jobs still being followed (not finished), oldest first: what a restart resumes. */
  listOpen(): TrackedBroadcast[];
  listRecent(limit: number): TrackedBroadcast[];
  update(
    jobId: string,
    patch: { status?: string; state?: Record<string, unknown>; finished?: boolean },
    now?: Date,
  ): void;
}

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
  const open = db.prepare<[], JobRow>('SELECT * FROM bulk_jobs WHERE finished = 0 ORDER BY created_at');
  const recent = db.prepare<[number], JobRow>('SELECT * FROM bulk_jobs ORDER BY created_at DESC LIMIT ?');
  const update = db.prepare(
    `UPDATE bulk_jobs SET status = COALESCE(@status, status), state_json = COALESCE(@state, state_json),
       finished = COALESCE(@finished, finished), updated_at = @now WHERE job_id = @jobId`,
  );
  return {
    track: (job, now = new Date()) => {
      insert.run({ ...job, state: JSON.stringify(job.state), now: now.toISOString() });
    },
    get: (id) => {
      const row = get.get(id);
      return row ? toJob(row) : undefined;
    },
    listOpen: () => open.all().map(toJob),
    listRecent: (limit) => recent.all(limit).map(toJob),
    update: (jobId, patch, now = new Date()) => {
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
