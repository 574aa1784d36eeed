import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type BudgetTicket, currentCaller, RateBudget, runAsCaller } from '../../src/api/rate-budget.js';

const order: string[] = [];
function ask(budget: RateBudget, name: string, ticket: BudgetTicket) {
  return budget.acquire(undefined, ticket).then(() => {
    order.push(name);
  });
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.parse('2026-03-01T12:00:00Z'));
  order.length = 0;
});
afterEach(() => {
  vi.useRealTimers();
});

describe('RateBudget fairness', () => {
  it('serves a waiting person before queued background work', async () => {
    const budget = new RateBudget({ limitPerMinute: 2 });
    await budget.acquire();
    await budget.acquire();
    void ask(budget, 'poll-1', { priority: 'background' });
    void ask(budget, 'poll-2', { priority: 'background' });
    void ask(budget, 'click', { priority: 'interactive', user: 'U0ANA' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(order).toEqual(['click', 'poll-1']);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(order).toEqual(['click', 'poll-1', 'poll-2']);
  });

  it('gives one person at most half of a minute, so the lead feed and others still get through', async () => {
    const budget = new RateBudget({ limitPerMinute: 10 });
    for (let i = 0; i < 8; i += 1) void ask(budget, `spam-${i}`, { priority: 'interactive', user: 'U0SPAM' });
    void ask(budget, 'poll', { priority: 'background' });
    void ask(budget, 'ben', { priority: 'interactive', user: 'U0BEN' });
    await vi.advanceTimersByTimeAsync(0);
    expect(order.filter((n) => n.startsWith('spam'))).toHaveLength(5);
    expect(order).toContain('poll');
    expect(order).toContain('ben');
    expect(budget.estimatedWaitMs({ priority: 'interactive', user: 'U0SPAM' })).toBeGreaterThan(50_000);
    expect(budget.estimatedWaitMs({ priority: 'interactive', user: 'U0BEN' })).toBeLessThan(60_000);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(order.filter((n) => n.startsWith('spam'))).toHaveLength(8);
  });

  it('lets background work leave the last slots to people while the minute is short, but not forever', async () => {
    const budget = new RateBudget({ limitPerMinute: 10, peopleReserve: 2, maxDeferMs: 20_000 });
    for (let i = 0; i < 8; i += 1) await budget.acquire(); // two slots left: the reserve
    void ask(budget, 'poll', { priority: 'background' });
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual([]);
    void ask(budget, 'click', { priority: 'interactive', user: 'U0ANA' });
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual(['click']);
    await vi.advanceTimersByTimeAsync(19_999);
    expect(order).toEqual(['click']);
    await vi.advanceTimersByTimeAsync(1);
    expect(order).toEqual(['click', 'poll']); // the feed waited 20 s at most
  });

  it('learns who a request is for from the caller scope the listener table sets', async () => {
    expect(currentCaller()).toBeUndefined();
    await runAsCaller('U0ANA', async () => {
      await Promise.resolve();
      expect(currentCaller()).toBe('U0ANA');
    });
  });
});
