// Every broadcast the app follows, one follower each. app.ts builds one hub, resumes what the store says is
// still open on start (a restart picks up every job), and stops all streams cleanly on stop.
import type { webApi } from '@slack/bolt';
import type { BulkJob } from '../../api/bulk-send.js';
import type { MoltflowClient } from '../../api/client.js';
import type { RetryPolicy } from '../../api/retry.js';
import type { AppContext } from '../../context.js';
import type { Logger } from '../../log.js';
import type { Store } from '../../store/index.js';
import { BroadcastFollower, type BroadcastFollowerDeps } from './broadcast-follower.js';
import { type BroadcastState, restoreState } from './broadcast-state.js';

/** What broadcast listeners get: the app context plus the hub that keeps live progress messages current. */
export type BroadcastContext = AppContext & { broadcasts: BroadcastHub };

export interface BroadcastHubOptions {
  moltflow: MoltflowClient;
  slack: webApi.WebClient;
  store: Store;
  logger: Logger;
  intervalMs: number;
  stallMs: number;
  reconnect?: RetryPolicy;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  now?: () => Date;
}

/** Reconnects start at 1 s and level off at a minute: MoltFlow spaces messages 30 s–2 min anyway. */
export const RECONNECT_POLICY: RetryPolicy = {
  name: 'bulk-progress-reconnect',
  retries: Number.POSITIVE_INFINITY,
  minDelayMs: 1_000,
  maxDelayMs: 60_000,
  factor: 2,
  jitter: true,
};

export class BroadcastHub {
  private readonly followers = new Map<string, { follower: BroadcastFollower; done: Promise<void> }>();
  private readonly deps: BroadcastFollowerDeps;
  private stopped = false;

  constructor(opts: BroadcastHubOptions) {
    this.deps = {
      moltflow: opts.moltflow,
      slack: opts.slack,
      store: opts.store,
      logger: opts.logger.child({ component: 'bulk-progress' }),
      intervalMs: opts.intervalMs,
      stallMs: opts.stallMs,
      reconnect: opts.reconnect ?? RECONNECT_POLICY,
      sleep: opts.sleep ?? abortableSleep,
      now: opts.now ?? (() => new Date()),
    };
  }

  /** Starts following a broadcast whose progress message was just posted at `where`. */
  follow(where: { channel: string; ts: string }, state: BroadcastState): void {
    this.deps.store.broadcasts.track(
      { jobId: state.jobId, ...where, startedBy: state.startedBy, status: state.status, state: { ...state } },
      this.deps.now(),
    );
    this.launch(where, state, false);
  }

  /** Picks up every job the store says is still being followed; returns how many. */
  resumeAll(): number {
    let resumed = 0;
    for (const job of this.deps.store.broadcasts.listOpen()) {
      if (this.followers.has(job.jobId)) continue;
      this.launch({ channel: job.channel, ts: job.ts }, restoreState(job.jobId, job.state), true);
      resumed += 1;
    }
    if (resumed > 0) this.deps.logger.info('resumed following broadcasts', { count: resumed });
    return resumed;
  }

  /** Credits the coming status change to a person (see BroadcastFollower.credit); false when not followed. */
  credit(jobId: string, change: { status: string; by: string } | null): boolean {
    const entry = this.followers.get(jobId);
    entry?.follower.credit(change);
    return entry !== undefined;
  }

  /** Tells a follower about a job read on Slack's side; false when the job is not followed here. */
  observe(jobId: string, job: BulkJob): boolean {
    const entry = this.followers.get(jobId);
    entry?.follower.observe(job);
    return entry !== undefined;
  }

  /** The latest state of a followed job. */
  state(jobId: string): BroadcastState | undefined {
    return this.followers.get(jobId)?.follower.current;
  }

  /** Resolves when the job's follower has finished (message final, thread told); at once if not followed. */
  async whenDone(jobId: string): Promise<void> {
    await this.followers.get(jobId)?.done;
  }

  get size(): number {
    return this.followers.size;
  }

  /** Closes every stream; the store keeps each job open so the next start resumes it. */
  async stop(): Promise<void> {
    this.stopped = true;
    const all = [...this.followers.values()];
    await Promise.all(all.map(({ follower }) => follower.stop()));
    await Promise.all(all.map(({ done }) => done));
  }

  private launch(where: { channel: string; ts: string }, state: BroadcastState, resync: boolean): void {
    if (this.stopped) return; // stored as open: the next start resumes it
    const follower = new BroadcastFollower(this.deps, where, state);
    const done = follower
      .run({ resync })
      .catch((error: unknown) =>
        this.deps.logger.error('broadcast tracker failed', { error, jobId: state.jobId }),
      )
      .finally(() => this.followers.delete(state.jobId));
    this.followers.set(state.jobId, { follower, done });
  }
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
