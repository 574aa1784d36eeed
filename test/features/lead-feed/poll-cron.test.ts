import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startPollCron } from '../../../src/features/lead-feed/poll-cron.js';
import { createLogger } from '../../../src/log.js';

const logger = createLogger({ level: 'silent' });

describe('poll cron', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-11-24T10:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('never runs two passes at once, even when a pass outlasts the interval', async () => {
    let running = 0;
    let maxRunning = 0;
    let passes = 0;
    const run = async () => {
      running += 1;
      passes += 1;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((resolve) => setTimeout(resolve, 3_500));
      running -= 1;
    };
    const scheduler = startPollCron(run, { cron: '* * * * * *', logger });

    await vi.advanceTimersByTimeAsync(10_000);
    const stopping = scheduler.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    await stopping;

    expect(maxRunning).toBe(1);
    expect(passes).toBeGreaterThanOrEqual(2);
    expect(passes).toBeLessThanOrEqual(3);
  });

  it('sits out a growing number of ticks after failures and resumes after a success', async () => {
    const ticks: number[] = [];
    let failing = true;
    const run = async () => {
      ticks.push(Date.now());
      if (failing) throw new Error('MoltFlow down');
    };
    const scheduler = startPollCron(run, { cron: '* * * * * *', logger, maxBackoffTicks: 8 });

    await vi.advanceTimersByTimeAsync(16_000);
    const failingRuns = ticks.length;
    // 1 s apart without backoff would be 16 runs; with 1, 2, 4, 8 … ticks skipped it is far fewer.
    expect(failingRuns).toBeGreaterThanOrEqual(3);
    expect(failingRuns).toBeLessThanOrEqual(6);

    failing = false;
    await vi.advanceTimersByTimeAsync(10_000);
    const afterRecovery = ticks.length;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(ticks.length - afterRecovery).toBeGreaterThanOrEqual(4);
    await scheduler.stop();
  });

  it('stop() waits for the pass in flight', async () => {
    let finished = false;
    const scheduler = startPollCron(
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        finished = true;
      },
      { cron: '0 0 1 1 *', logger },
    );
    void scheduler.runNow();
    let stopped = false;
    const stopping = scheduler.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(stopped).toBe(false);
    await vi.advanceTimersByTimeAsync(1_500);
    await stopping;
    expect(finished).toBe(true);
  });
});
