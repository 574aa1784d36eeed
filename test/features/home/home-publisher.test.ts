// HomePublisher's pacing on fake timers: one publish in flight per person, bursts coalesced into the latest,
// per-person and workspace spacing, and a rate-limited publish that waits for Retry-After instead of dropping.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HomePublisher } from '../../../src/features/home/home-publisher.js';
import { silentLogger } from '../../../src/log.js';

/** A job that records when it started (fake time) and, optionally, takes `latencyMs` or fails once. */
function recorder() {
  const started: { user: string; label: string; at: number }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const job =
    (user: string, label: string, opts: { latencyMs?: number; error?: unknown } = {}) =>
    async () => {
      started.push({ user, label, at: Date.now() });
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        if (opts.latencyMs) await new Promise((resolve) => setTimeout(resolve, opts.latencyMs));
        if (opts.error) throw opts.error;
      } finally {
        inFlight -= 1;
      }
    };
  return { started, job, maxInFlight: () => maxInFlight };
}

const rateLimited = (retryAfter: number) =>
  Object.assign(new Error('rate limited'), { code: 'slack_webapi_rate_limited_error', retryAfter });

describe('HomePublisher', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('publishes at once, then coalesces a burst into one publish of the latest after the interval', async () => {
    const r = recorder();
    const p = new HomePublisher(silentLogger, { perUserMs: 5_000, gapMs: 0 });
    p.schedule('U1', r.job('U1', 'open'));
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 1; i <= 20; i += 1) p.schedule('U1', r.job('U1', `change ${i}`));
    await vi.advanceTimersByTimeAsync(4_999);
    expect(r.started.map((s) => s.label)).toEqual(['open']);
    await vi.advanceTimersByTimeAsync(1);
    expect(r.started).toEqual([
      { user: 'U1', label: 'open', at: 0 },
      { user: 'U1', label: 'change 20', at: 5_000 },
    ]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(r.started).toHaveLength(2);
  });

  it('never has two publishes in flight for one person, however slow Slack is', async () => {
    const r = recorder();
    const p = new HomePublisher(silentLogger, { perUserMs: 100, gapMs: 0 });
    p.schedule('U1', r.job('U1', 'first', { latencyMs: 3_000 }));
    await vi.advanceTimersByTimeAsync(500);
    p.schedule('U1', r.job('U1', 'second', { latencyMs: 3_000 }));
    await vi.advanceTimersByTimeAsync(2_000);
    expect(r.started.map((s) => s.label)).toEqual(['first']);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(r.started.map((s) => [s.label, s.at])).toEqual([
      ['first', 0],
      ['second', 3_000],
    ]);
    expect(r.maxInFlight()).toBe(1);
  });

  it('spaces publishes of different people by the workspace gap', async () => {
    const r = recorder();
    const p = new HomePublisher(silentLogger, { perUserMs: 5_000, gapMs: 700 });
    for (const user of ['U1', 'U2', 'U3']) p.schedule(user, r.job(user, user));
    await vi.advanceTimersByTimeAsync(2_000);
    expect(r.started.map((s) => [s.user, s.at])).toEqual([
      ['U1', 0],
      ['U2', 700],
      ['U3', 1_400],
    ]);
  });

  it('waits for Retry-After after a 429, holding everyone back, and publishes then (not dropped)', async () => {
    const r = recorder();
    const p = new HomePublisher(silentLogger, { perUserMs: 1_000, gapMs: 0 });
    let first = true;
    const flaky = r.job('U1', 'home');
    p.schedule('U1', async () => {
      if (first) {
        first = false;
        await flaky();
        throw rateLimited(30);
      }
      await flaky();
    });
    await vi.advanceTimersByTimeAsync(0);
    p.schedule('U2', r.job('U2', 'other'));
    await vi.advanceTimersByTimeAsync(29_999);
    expect(r.started.map((s) => s.label)).toEqual(['home']);
    await vi.advanceTimersByTimeAsync(1);
    expect(r.started.map((s) => [s.user, s.at])).toEqual([
      ['U1', 0],
      ['U1', 30_000],
      ['U2', 30_000],
    ]);
  });

  it('logs and drops a publish Slack refused for another reason; the next change draws again', async () => {
    const r = recorder();
    const p = new HomePublisher(silentLogger, { perUserMs: 1_000, gapMs: 0 });
    p.schedule('U1', r.job('U1', 'refused', { error: new Error('invalid_blocks') }));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(r.started).toHaveLength(1);
    p.schedule('U1', r.job('U1', 'next'));
    await vi.advanceTimersByTimeAsync(0);
    expect(r.started.map((s) => s.label)).toEqual(['refused', 'next']);
  });

  it('stop() drops what waits and waits for what runs', async () => {
    const r = recorder();
    const p = new HomePublisher(silentLogger, { perUserMs: 1_000, gapMs: 0 });
    p.schedule('U1', r.job('U1', 'running', { latencyMs: 500 }));
    await vi.advanceTimersByTimeAsync(0);
    p.schedule('U1', r.job('U1', 'waiting'));
    let stopped = false;
    void p.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(499);
    expect(stopped).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(stopped).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(r.started.map((s) => s.label)).toEqual(['running']);
  });
});
