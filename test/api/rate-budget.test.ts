import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateBudget } from '../../src/api/rate-budget.js';
import { parseResetMs, parseRetryAfterMs } from '../../src/api/response-mapping.js';

const T0 = Date.parse('2026-03-01T12:00:00Z');

/** Starts an acquire and exposes whether it has resolved yet. */
function track(budget: RateBudget, signal?: AbortSignal) {
  const state = { done: false, error: undefined as unknown };
  const promise = budget.acquire(signal).then(
    () => {
      state.done = true;
    },
    (err: unknown) => {
      state.error = err;
    },
  );
  return Object.assign(state, { promise });
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('RateBudget window', () => {
  it('lets the 11th request at limit 10 wait until the first leaves the 60 s window', async () => {
    const budget = new RateBudget({ limitPerMinute: 10 });
    for (let i = 0; i < 10; i++) await budget.acquire();
    expect(budget.snapshot()).toMatchObject({ usedInWindow: 10, remaining: 0 });

    const eleventh = track(budget);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(eleventh.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(eleventh.done).toBe(true);
  });

  it('slides: capacity frees as each old request ages out', async () => {
    const budget = new RateBudget({ limitPerMinute: 2 });
    await budget.acquire(); // t = 0
    await vi.advanceTimersByTimeAsync(30_000);
    await budget.acquire(); // t = 30 s
    const third = track(budget);
    const fourth = track(budget);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(third.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1); // t = 60 s: the t = 0 request has left
    expect([third.done, fourth.done]).toEqual([true, false]);
    await vi.advanceTimersByTimeAsync(30_000); // t = 90 s: the t = 30 s request has left
    expect(fourth.done).toBe(true);
  });

  it('serves waiters first come, first served', async () => {
    const budget = new RateBudget({ limitPerMinute: 1 });
    await budget.acquire();
    const order: number[] = [];
    const waits = [1, 2, 3].map((n) => budget.acquire().then(() => order.push(n)));
    await vi.advanceTimersByTimeAsync(180_000);
    await Promise.all(waits);
    expect(order).toEqual([1, 2, 3]);
  });

  it('drops an aborted waiter and serves the next one', async () => {
    const budget = new RateBudget({ limitPerMinute: 1 });
    await budget.acquire();
    const controller = new AbortController();
    const first = track(budget, controller.signal);
    const second = track(budget);
    controller.abort(new Error('user gave up'));
    await first.promise;
    expect((first.error as Error).message).toBe('user gave up');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(second.done).toBe(true);
    expect(budget.snapshot().usedInWindow).toBe(1);
  });
});

describe('RateBudget.observe', () => {
  it('pauses on 429 with Retry-After in seconds', async () => {
    const budget = new RateBudget({ limitPerMinute: 10 });
    await budget.acquire();
    budget.observe(429, { 'retry-after': '5' });
    expect(budget.snapshot().pausedUntil).toEqual(new Date(T0 + 5000));
    const next = track(budget);
    await vi.advanceTimersByTimeAsync(4999);
    expect(next.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(next.done).toBe(true);
  });

  it('pauses on 503 with Retry-After as an HTTP date', async () => {
    const budget = new RateBudget({ limitPerMinute: 10 });
    budget.observe(503, { 'Retry-After': new Date(T0 + 20_000).toUTCString() });
    expect(budget.snapshot().pausedUntil).toEqual(new Date(T0 + 20_000));
  });

  it('ignores Retry-After on a success', () => {
    const budget = new RateBudget({ limitPerMinute: 10 });
    budget.observe(200, { 'retry-after': '5' });
    expect(budget.snapshot().pausedUntil).toBeNull();
  });

  it('pauses until the reset when X-RateLimit-Remaining is 0', async () => {
    const budget = new RateBudget({ limitPerMinute: 10 });
    await budget.acquire();
    budget.observe(200, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '30' });
    expect(budget.snapshot()).toMatchObject({ serverRemaining: 0, pausedUntil: new Date(T0 + 30_000) });
    const next = track(budget);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(next.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(next.done).toBe(true);
  });

  it('reads a reset above 1e9 as epoch seconds, and a missing one as 60 s', () => {
    const budget = new RateBudget({ limitPerMinute: 10 });
    budget.observe(200, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(T0 / 1000 + 45) });
    expect(budget.snapshot().pausedUntil).toEqual(new Date(T0 + 45_000));
    const other = new RateBudget({ limitPerMinute: 10 });
    other.observe(200, { 'x-ratelimit-remaining': '0' });
    expect(other.snapshot().pausedUntil).toEqual(new Date(T0 + 60_000));
  });

  it('spaces requests evenly when the server has fewer left than we think', async () => {
    const budget = new RateBudget({ limitPerMinute: 10 });
    await budget.acquire(); // t = 0, 9 left locally
    // 2 left on the server, reset in 30 s: one request every 30 / (2 + 1) = 10 s.
    budget.observe(200, { 'x-ratelimit-remaining': '2', 'x-ratelimit-reset': '30' });
    const second = track(budget);
    await vi.advanceTimersByTimeAsync(9_999);
    expect(second.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(second.done).toBe(true);
    const third = track(budget);
    await vi.advanceTimersByTimeAsync(9_999);
    expect(third.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(third.done).toBe(true);
  });

  it('stops spacing once the server reports plenty again', async () => {
    const budget = new RateBudget({ limitPerMinute: 10 });
    await budget.acquire();
    budget.observe(200, { 'x-ratelimit-remaining': '2', 'x-ratelimit-reset': '30' });
    budget.observe(200, { 'x-ratelimit-remaining': '40', 'x-ratelimit-reset': '60' });
    const next = track(budget);
    await vi.advanceTimersByTimeAsync(0);
    expect(next.done).toBe(true);
  });

  it('pauses one slot (60 s / limit) on a 429 that gives no Retry-After', () => {
    const budget = new RateBudget({ limitPerMinute: 10 });
    budget.observe(429, {});
    expect(budget.snapshot().pausedUntil).toEqual(new Date(T0 + 6000));
  });

  it('pauseFor keeps the longer of two pauses', () => {
    const budget = new RateBudget({ limitPerMinute: 10 });
    budget.pauseFor(10_000);
    budget.pauseFor(2_000);
    expect(budget.snapshot().pausedUntil).toEqual(new Date(T0 + 10_000));
  });
});

describe('header parsing', () => {
  it('parses Retry-After', () => {
    expect(parseRetryAfterMs('3', T0)).toBe(3000);
    expect(parseRetryAfterMs('1.5', T0)).toBe(1500);
    expect(parseRetryAfterMs(new Date(T0 + 7000).toUTCString(), T0)).toBe(7000);
    expect(parseRetryAfterMs(new Date(T0 - 7000).toUTCString(), T0)).toBe(0);
    expect(parseRetryAfterMs('soon', T0)).toBeNull();
    expect(parseRetryAfterMs(undefined, T0)).toBeNull();
  });

  it('parses X-RateLimit-Reset', () => {
    expect(parseResetMs('12', T0)).toBe(12_000);
    expect(parseResetMs(String(T0 / 1000 + 20), T0)).toBe(20_000);
    expect(parseResetMs(String(T0 + 20_000), T0)).toBe(20_000);
    expect(parseResetMs('garbage', T0)).toBe(60_000);
    expect(parseResetMs(String(T0 / 1000 - 5), T0)).toBe(1000);
  });
});
