import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UpdateCoalescer } from '../../../src/features/broadcasts/update-coalescer.js';

/** A draw that records what it drew and when (fake time), answering after `latencyMs`. */
function recorder(latencyMs = 0) {
  const drawn: { state: number; at: number }[] = [];
  const draw = async (state: number) => {
    drawn.push({ state, at: Date.now() });
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
  };
  return { drawn, draw };
}

describe('UpdateCoalescer', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('draws the first state at once (leading edge)', async () => {
    const { drawn, draw } = recorder();
    const c = new UpdateCoalescer(draw, { intervalMs: 1000 });
    c.push(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(drawn).toEqual([{ state: 1, at: 0 }]);
  });

  it('drops intermediate states and draws only the latest at the end of the interval (trailing edge)', async () => {
    const { drawn, draw } = recorder();
    const c = new UpdateCoalescer(draw, { intervalMs: 1000 });
    c.push(1);
    await vi.advanceTimersByTimeAsync(100);
    for (let i = 2; i <= 50; i += 1) c.push(i);
    await vi.advanceTimersByTimeAsync(899);
    expect(drawn.map((d) => d.state)).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1);
    expect(drawn).toEqual([
      { state: 1, at: 0 },
      { state: 50, at: 1000 },
    ]);
  });

  it('never draws more than once per interval, however fast states arrive', async () => {
    const { drawn, draw } = recorder(5);
    const c = new UpdateCoalescer(draw, { intervalMs: 1000 });
    // 10,000 states at 1,000 a second.
    for (let i = 1; i <= 10_000; i += 1) {
      c.push(i);
      await vi.advanceTimersByTimeAsync(1);
    }
    const lastPushAt = Date.now();
    const idle = c.idle();
    await vi.advanceTimersByTimeAsync(2000);
    await idle;
    const gaps = drawn.slice(1).map((d, i) => d.at - (drawn[i]?.at ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1000 + 5); // interval + the draw's own 5 ms
    expect(drawn.length).toBeLessThanOrEqual(11);
    expect(drawn.at(-1)?.state).toBe(10_000);
    expect((drawn.at(-1)?.at ?? Number.POSITIVE_INFINITY) - lastPushAt).toBeLessThanOrEqual(1000 + 5);
  });

  it('always draws the final state within one interval of the last push', async () => {
    const { drawn, draw } = recorder();
    const c = new UpdateCoalescer(draw, { intervalMs: 1000 });
    c.push(1);
    await vi.advanceTimersByTimeAsync(10);
    c.push(2); // the last state, just after a draw
    const lastPushAt = Date.now();
    const idle = c.idle();
    await vi.advanceTimersByTimeAsync(1000);
    await idle;
    expect(drawn.at(-1)?.state).toBe(2);
    expect((drawn.at(-1)?.at ?? Number.POSITIVE_INFINITY) - lastPushAt).toBeLessThanOrEqual(1000);
  });

  it('waits for a slow draw instead of overlapping it, then draws the newest state', async () => {
    const { drawn, draw } = recorder(2500);
    const c = new UpdateCoalescer(draw, { intervalMs: 1000 });
    c.push(1);
    await vi.advanceTimersByTimeAsync(500);
    c.push(2);
    c.push(3);
    await vi.advanceTimersByTimeAsync(1500); // t = 2000: draw 1 still in flight
    expect(drawn.map((d) => d.state)).toEqual([1]);
    await vi.advanceTimersByTimeAsync(500); // t = 2500: draw 1 done; the interval counts from here
    expect(drawn.map((d) => d.state)).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(drawn).toEqual([
      { state: 1, at: 0 },
      { state: 3, at: 3500 },
    ]);
  });

  it('keeps going after a failed draw and reports the failure', async () => {
    const errors: unknown[] = [];
    const drawn: number[] = [];
    let fail = true;
    const c = new UpdateCoalescer(
      async (s: number) => {
        drawn.push(s);
        if (fail) {
          fail = false;
          throw new Error('ratelimited');
        }
      },
      { intervalMs: 1000, onError: (e) => errors.push(e) },
    );
    c.push(1);
    await vi.advanceTimersByTimeAsync(0);
    c.push(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(drawn).toEqual([1, 2]);
    expect(errors).toHaveLength(1);
  });

  it('idle() resolves at once when nothing is pending, and close() drops a waiting state', async () => {
    const { drawn, draw } = recorder();
    const c = new UpdateCoalescer(draw, { intervalMs: 1000 });
    await c.idle();
    c.push(1);
    await vi.advanceTimersByTimeAsync(0);
    c.push(2);
    await c.close();
    c.push(3);
    await vi.advanceTimersByTimeAsync(5000);
    expect(drawn.map((d) => d.state)).toEqual([1]);
    expect(c.busy).toBe(false);
  });
});
