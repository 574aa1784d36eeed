// Every broadcast this replica follows, one follower each. Each job is followed by exactly one replica: the
// one holding its `broadcast:<jobId>` lease. app.ts builds one hub; at start and then at every lease beat it
// takes over open jobs whose follower is gone (a restart, or a replica killed), and stops all streams
// cleanly on stop.
import type { webApi } from '@slack/bolt';
import type { BulkJob } from '../../api/bulk-send.js';
import type { MoltflowClient } from '../../api/client.js';
import type { RetryPolicy } from '../../api/retry.js';
import type { ChangeFeed } from '../../changes.js';
import type { AppContext } from '../../context.js';
import type { Logger } from '../../log.js';
import type { ReplicaView } from '../../replica.js';
import type { Store } from '../../store/index.js';
import { BroadcastFollower, type BroadcastFollowerDeps } from './broadcast-follower.js';
import { type BroadcastState, restoreState } from './broadcast-state.js';

/** What broadcast listeners get: the app context plus the hub that keeps live progress messages current. */
export type BroadcastContext = AppContext & { broadcasts: BroadcastHub };

export interface BroadcastHubOptions {
  moltflow: MoltflowClient;
  slack: webApi.WebClient;
  store: Store;
  /** Whose leases say which replica follows which job. */
  replica: ReplicaView;
  logger: Logger;
  intervalMs: number;
  stallMs: number;
  reconnect?: RetryPolicy;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  now?: () => Date;
  changes?: ChangeFeed;
}

const LEASE_PREFIX = 'broadcast:';
const leaseOf = (jobId: string) => `${LEASE_PREFIX}${jobId}`;

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
  private readonly replica: ReplicaView;
  private stopped = false;
  private adoption: NodeJS.Timeout | null = null;
  private adopting: Promise<unknown> | null = null;
  private readonly stopWatchingLeases: () => void;

  constructor(opts: BroadcastHubOptions) {
    this.replica = opts.replica;
    // Another replica took a job's lease (this one stalled past its expiry): that one follows it now.
    this.stopWatchingLeases = opts.replica.onLost((name) => {
      const jobId = name.startsWith(LEASE_PREFIX) ? name.slice(LEASE_PREFIX.length) : null;
      if (jobId) void this.followers.get(jobId)?.follower.stop();
    });
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
      ...(opts.changes ? { changes: opts.changes } : {}),
    };
  }

  /** Starts following a broadcast whose progress message was just posted at `where`. */
  async follow(where: { channel: string; ts: string }, state: BroadcastState): Promise<void> {
    // A new job: no one else can hold its lease yet, so taking it only fails when the store does; the job
    // is recorded as open either way, and a replica's next adoption beat picks it up.
    const leased = await this.replica.tryAcquire(leaseOf(state.jobId));
    await this.deps.store.broadcasts.track(
      { jobId: state.jobId, ...where, startedBy: state.startedBy, status: state.status, state: { ...state } },
      this.deps.now(),
    );
    if (leased) this.launch(where, state, false);
  }

  /**
   * Picks up every open job that no live replica follows (this replica takes its lease); returns how many.
   * At start that is every job a restart left behind; later, the jobs of a replica that died.
   */
  async resumeAll(): Promise<number> {
    let resumed = 0;
    for (const listed of await this.deps.store.broadcasts.listOpen()) {
      const lease = leaseOf(listed.jobId);
      if (this.followers.has(listed.jobId) || this.stopped) continue;
      if (!(await this.replica.tryAcquire(lease))) continue; // followed elsewhere
      // Read again under the lease: its follower may have finished (summary posted, lease given up) since
      // the list was read, and a follower started from the listed state would post the summary again.
      const job = await this.deps.store.broadcasts.get(listed.jobId);
      if (!job || job.finished) {
        await this.replica.release(lease);
        continue;
      }
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

  /** Runs `adopt` now and then every `intervalMs` (never two at once) until stop(). */
  adoptEvery(intervalMs: number, adopt: () => Promise<unknown>): void {
    const run = () => {
      if (this.stopped || this.adopting) return;
      this.adopting = adopt()
        .catch((error: unknown) => this.deps.logger.warn('could not adopt broadcasts', { error }))
        .finally(() => {
          this.adopting = null;
        });
    };
    run();
    this.adoption = setInterval(run, intervalMs);
    this.adoption.unref();
  }

  /** Closes every stream; the store keeps each job open so another replica, or the next start, resumes it. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.adoption) clearInterval(this.adoption);
    await this.adopting;
    const all = [...this.followers];
    await Promise.all(all.map(([, { follower }]) => follower.stop()));
    await Promise.all(all.map(([, { done }]) => done));
    this.stopWatchingLeases();
    // Given up at once, so another replica (or this one's next start) follows the jobs without waiting for
    // the leases to expire; also what a removed workspace's hub must do, as the replica itself runs on.
    await Promise.all(all.map(([jobId]) => this.replica.release(leaseOf(jobId))));
  }

  private launch(where: { channel: string; ts: string }, state: BroadcastState, resync: boolean): void {
    if (this.stopped) return; // stored as open: the next start resumes it
    const follower = new BroadcastFollower(this.deps, where, state);
    const done = follower
      .run({ resync })
      .catch((error: unknown) =>
        this.deps.logger.error('broadcast tracker failed', { error, jobId: state.jobId }),
      )
      .finally(async () => {
        this.followers.delete(state.jobId);
        // Finished: the lease goes now. Stopped: it goes too, so a live replica takes over at its next beat.
        await this.replica.release(leaseOf(state.jobId));
      });
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
