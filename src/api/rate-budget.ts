import { AsyncLocalStorage } from 'node:async_hooks';

// The app's own request budget toward MoltFlow. MoltFlow limits a tenant to 10-60 requests a minute
// (by plan) and a 429 costs a round trip plus a wait, so we pace ourselves: a sliding 60 s window, plus
// whatever the server tells us through Retry-After and X-RateLimit-*. Waiting uses setTimeout, so
// tests drive it with fake timers.

const WINDOW_MS = 60_000;

import { headerValue, parseNumber, parseResetMs, parseRetryAfterMs } from './response-mapping.js';

type Headers = Record<string, string | string[] | undefined>;

export interface RateBudgetSnapshot {
  limitPerMinute: number;
  usedInWindow: number;
  remaining: number;
  pausedUntil: Date | null;
  serverRemaining: number | null;
}

/** Who is asking: a person waiting on a click or command goes before background work (poll passes). */
export type Priority = 'interactive' | 'background';
export interface BudgetTicket {
  priority?: Priority;
  /** The Slack user the request is for; one user may hold at most half of a minute's budget. */
  user?: string | undefined;
}

interface Waiter {
  priority: Priority;
  enqueuedAt: number;
  user: string | undefined;
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/** How the budget waits; replaceable together with `now` to run it on a simulated clock (benchmarks). */
export interface BudgetTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export class RateBudget {
  readonly limitPerMinute: number;
  private readonly now: () => number;
  private stamps: number[] = [];
  /** Grant times per user, for the per-person share. */
  private readonly userStamps = new Map<string, number[]>();
  private readonly perUserLimit: number;
  private readonly queue: Waiter[] = [];
  private timer: unknown = null;
  private readonly timers: BudgetTimers;
  private pausedUntil = 0;
  private serverRemaining: number | null = null;
  private lastGrantAt = Number.NEGATIVE_INFINITY;
  private minGapMs = 0;
  private spacingUntil = 0;

  /** Extra time a sent request keeps its slot: the server counts from arrival, not from when we sent. */
  private readonly windowMs: number;

  /** Slots of the window background work leaves to people (it takes them only after waiting `maxDeferMs`). */
  private readonly peopleReserve: number;
  private readonly maxDeferMs: number;

  constructor(opts: {
    limitPerMinute: number;
    now?: () => number;
    timers?: BudgetTimers;
    windowMarginMs?: number;
    /** How many of the window's slots background work leaves to people while the budget is short. */
    peopleReserve?: number;
    /** How long background work defers to that reserve at most (so the lead feed is never starved). */
    maxDeferMs?: number;
  }) {
    this.peopleReserve = Math.max(0, opts.peopleReserve ?? 0);
    this.maxDeferMs = opts.maxDeferMs ?? 30_000;
    this.windowMs = WINDOW_MS + (opts.windowMarginMs ?? 0);
    this.timers = opts.timers ?? {
      set: (fn, ms) => setTimeout(fn, ms),
      clear: (h) => clearTimeout(h as NodeJS.Timeout),
    };
    if (!(opts.limitPerMinute >= 1)) throw new RangeError('limitPerMinute must be at least 1');
    this.limitPerMinute = Math.floor(opts.limitPerMinute);
    this.perUserLimit = Math.max(1, Math.floor(this.limitPerMinute / 2));
    this.now = opts.now ?? Date.now;
  }

  /**
   * Resolves when a request may go out, and counts it. People go first: interactive waiters are served
   * before background ones, each kind first come, first served; a person already holding half of the
   * minute's budget waits for their own slots to free up while others go ahead.
   */
  acquire(signal?: AbortSignal, ticket: BudgetTicket = {}): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        priority: ticket.priority ?? 'background',
        enqueuedAt: this.now(),
        user: ticket.user,
        resolve,
        reject,
        signal,
        onAbort: () => this.cancel(waiter),
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.queue.push(waiter);
      this.pump();
    });
  }

  /** Reads what the server said about its limits; call after every response. */
  observe(status: number, headers: Headers): void {
    const now = this.now();
    const retryAfter = parseRetryAfterMs(headerValue(headers, 'retry-after'), now);
    if ((status === 429 || status === 503) && retryAfter !== null) this.pauseFor(retryAfter);

    const remaining = parseNumber(headerValue(headers, 'x-ratelimit-remaining'));
    if (remaining !== null) {
      this.serverRemaining = Math.max(0, Math.floor(remaining));
      const untilReset = parseResetMs(headerValue(headers, 'x-ratelimit-reset'), now);
      if (this.serverRemaining === 0) {
        this.pauseFor(untilReset);
      } else if (this.serverRemaining < this.localRemaining(now)) {
        // The server counts requests we cannot see (other clients of the tenant); spread what is left
        // evenly until its reset instead of spending it in one burst and then hitting a 429.
        this.minGapMs = untilReset / (this.serverRemaining + 1);
        this.spacingUntil = now + untilReset;
      } else {
        this.minGapMs = 0;
      }
    }

    // A 429 that says nothing about when: hold off for one slot of our own even pacing
    // (60 s / limit, 6 s on the Free plan). The retry policy's growing backoff comes on top.
    if (status === 429 && retryAfter === null && this.serverRemaining !== 0) {
      this.pauseFor(Math.ceil(WINDOW_MS / this.limitPerMinute));
    }
    this.pump();
  }

  /** Nothing goes out until `ms` from now (an existing longer pause is kept). */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + Math.max(0, ms));
    this.pump();
  }

  /** Roughly how long a request asked for now would wait for its turn (people skip background work). */
  estimatedWaitMs(ticket: BudgetTicket = {}): number {
    const now = this.now();
    const ahead =
      ticket.priority === 'interactive' ? this.queue.filter((w) => w.priority === 'interactive') : this.queue;
    const queued = ahead.length * Math.ceil(WINDOW_MS / this.limitPerMinute);
    const own = ticket.user ? Math.max(0, this.userFreeAt(ticket.user, now) - now) : 0;
    return Math.max(0, this.nextSlotAt(now) - now, own) + queued;
  }

  snapshot(): RateBudgetSnapshot {
    const now = this.now();
    this.prune(now);
    return {
      limitPerMinute: this.limitPerMinute,
      usedInWindow: this.stamps.length,
      remaining: this.localRemaining(now),
      pausedUntil: this.pausedUntil > now ? new Date(this.pausedUntil) : null,
      serverRemaining: this.serverRemaining,
    };
  }

  private localRemaining(now: number): number {
    this.prune(now);
    return Math.max(0, this.limitPerMinute - this.stamps.length);
  }

  private prune(now: number): void {
    while (this.stamps.length > 0 && (this.stamps[0] ?? 0) + this.windowMs <= now) this.stamps.shift();
    for (const [user, stamps] of this.userStamps) {
      while (stamps.length > 0 && (stamps[0] ?? 0) + this.windowMs <= now) stamps.shift();
      if (stamps.length === 0) this.userStamps.delete(user);
    }
  }

  /** When this user may be granted again under the per-person share. */
  private userFreeAt(user: string, now: number): number {
    this.prune(now);
    const stamps = this.userStamps.get(user) ?? [];
    const blocking = stamps[stamps.length - this.perUserLimit];
    return blocking === undefined ? now : blocking + this.windowMs;
  }

  /** The next waiter to serve now: people before background work, skipping anyone over their share. */
  private next(now: number): { index: number; retryAt: number } {
    let retryAt = Number.POSITIVE_INFINITY;
    const short = this.localRemaining(now) <= this.peopleReserve;
    for (const priority of ['interactive', 'background'] as const) {
      for (let i = 0; i < this.queue.length; i += 1) {
        const w = this.queue[i] as Waiter;
        if (w.priority !== priority) continue;
        // While the minute's budget is short, background work yields the last slots to people, for a while.
        const deferredUntil = w.enqueuedAt + this.maxDeferMs;
        const freeAt = w.user
          ? this.userFreeAt(w.user, now)
          : priority === 'background' && short && deferredUntil > now
            ? Math.min(deferredUntil, this.nextStampExpiry(now))
            : now;
        if (freeAt <= now) return { index: i, retryAt: now };
        retryAt = Math.min(retryAt, freeAt);
      }
    }
    return { index: -1, retryAt };
  }

  /** When the oldest request in the window leaves it (and a slot frees). */
  private nextStampExpiry(now: number): number {
    const oldest = this.stamps[0];
    return oldest === undefined ? now : oldest + this.windowMs;
  }

  /** Earliest time the next request may go out. */
  private nextSlotAt(now: number): number {
    this.prune(now);
    let at = now;
    const blocking = this.stamps[this.stamps.length - this.limitPerMinute];
    if (blocking !== undefined) at = Math.max(at, blocking + this.windowMs);
    at = Math.max(at, this.pausedUntil);
    if (this.minGapMs > 0 && this.lastGrantAt < this.spacingUntil) {
      at = Math.max(at, Math.min(this.lastGrantAt + this.minGapMs, this.spacingUntil));
    }
    return at;
  }

  private pump(): void {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
    while (this.queue.length > 0) {
      const now = this.now();
      const at = this.nextSlotAt(now);
      if (at > now) {
        this.timer = this.timers.set(() => this.pump(), Math.ceil(at - now));
        return;
      }
      const pick = this.next(now);
      if (pick.index === -1) {
        this.timer = this.timers.set(() => this.pump(), Math.max(1, Math.ceil(pick.retryAt - now)));
        return;
      }
      const [waiter] = this.queue.splice(pick.index, 1) as [Waiter];
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      this.stamps.push(now);
      if (waiter.user) this.userStamps.set(waiter.user, [...(this.userStamps.get(waiter.user) ?? []), now]);
      this.lastGrantAt = now;
      waiter.resolve();
    }
  }

  private cancel(waiter: Waiter): void {
    const index = this.queue.indexOf(waiter);
    if (index === -1) return;
    this.queue.splice(index, 1);
    waiter.reject(waiter.signal?.reason);
    this.pump();
  }
}

// Who a MoltFlow request is for. The listener table runs each Slack request's handler inside
// `runAsCaller(userId, …)`; the rate budget reads it back to give one person at most half a minute's budget,
// without every feature passing a user id down to every API call.

const caller = new AsyncLocalStorage<string>();

export function runAsCaller<T>(userId: string, fn: () => T): T {
  return caller.run(userId, fn);
}

/** The Slack user whose click or command this work serves; undefined for background work. */
export function currentCaller(): string | undefined {
  return caller.getStore();
}
