import cron from 'node-cron';
import type { Logger } from '../../log.js';

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

  const runNow = (): Promise<void> => {
    if (inFlight) return inFlight;
    inFlight = (async () => {
      try {
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
