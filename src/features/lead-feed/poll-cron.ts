import cron from 'node-cron';
import type { Logger } from '../../log.js';
import type { ReplicaView } from '../../replica.js';

/** The lease whose holder is the one replica that polls MoltFlow. */
export const POLL_LEASE = 'poller';

/** The shortest gap between two ticks of a cron expression (the poll interval). */
export function cronIntervalMs(expression: string): number {
  const task = cron.createTask(expression, () => {});
  try {
    const runs = task.getNextRuns(4).map((d) => d.getTime());
    const gaps = runs.slice(1).map((t, i) => t - (runs[i] ?? t));
    return Math.max(1_000, Math.min(...gaps));
  } finally {
    void task.destroy();
  }
}

export interface PollCron {
  /** Runs one pass now unless one is already running; resolves when it ends. */
  runNow(): Promise<void>;
  /** Stops the schedule and waits for a pass in flight to finish. */
  stop(): Promise<void>;
  readonly running: boolean;
}

export interface PollCronOptions {
  cron: string;
  logger: Logger;
  /** Max ticks to sit out after repeated failures (backoff grows 1, 2, 4 … ticks up to this). */
  maxBackoffTicks?: number;
  /**
   * With several replicas: a tick runs a pass only on the replica holding POLL_LEASE, and a replica that
   * takes the lease over (its holder died) runs one at once instead of waiting for its next tick.
   */
  replica?: ReplicaView;
}

/**
 * The poll cron: drives a single-pass job (runLeadPollOnce) on a cron schedule. Never two passes at once,
 * and after failures it sits out a growing number of ticks so an outage is not hammered, then catches up on
 * the first pass that succeeds.
 */
export function startPollCron(run: () => Promise<unknown>, options: PollCronOptions): PollCron {
  const maxBackoff = options.maxBackoffTicks ?? 16;
  let inFlight: Promise<void> | null = null;
  let failures = 0;
  let ticksToSkip = 0;
  let stopped = false;

  const { replica } = options;
  const runNow = (): Promise<void> => {
    if (inFlight) return inFlight;
    inFlight = (async () => {
      try {
        // Renewed at every pass; another replica's lease means it polls and this one stands by.
        if (replica && !(await replica.tryAcquire(POLL_LEASE))) return;
        await run();
        failures = 0;
      } catch (err) {
        failures += 1;
        ticksToSkip = Math.min(maxBackoff, 2 ** (failures - 1)) - 1;
        options.logger.warn('lead poll pass failed; backing off', {
          failures,
          skipTicks: ticksToSkip,
          error: err,
        });
      } finally {
        inFlight = null;
      }
    })();
    return inFlight;
  };

  const task = cron.schedule(
    options.cron,
    () => {
      if (stopped || inFlight) return;
      if (ticksToSkip > 0) {
        ticksToSkip -= 1;
        return;
      }
      void runNow();
    },
    { name: 'lead-poller', noOverlap: true },
  );
  replica?.want(POLL_LEASE, () => {
    if (!stopped) void runNow();
  });

  return {
    runNow,
    get running() {
      return inFlight !== null;
    },
    async stop() {
      stopped = true;
      await task.stop();
      await task.destroy();
      if (inFlight) await inFlight;
    },
  };
}
