// Paces views.publish. Slack allows views.publish at Tier 4 (100+ a minute) per app and workspace, and a
// Home redrawn on every lead of a busy feed would go far past that. So: at most one publish in flight per
// person; per person at most one every `perUserMs` (a burst of changes becomes one redraw, of the latest
// state); all people together at most one every `gapMs`; and a rate-limited publish is tried again after
// Slack's Retry-After, holding back everyone's (the limit is the workspace's), never dropped.

import type { Logger } from '../../log.js';

export type PublishJob = () => Promise<void>;

export interface PacingOptions {
  /** Least time between two publishes for one person (default 5 s). */
  perUserMs?: number;
  /** Least time between any two publishes (default 700 ms: under Tier 4's 100 a minute). */
  gapMs?: number;
  now?: () => number;
}

interface Lane {
  /** The latest job asked for and not yet started; a newer one replaces it (coalescing). */
  next: PublishJob | null;
  running: Promise<void> | null;
  timer: NodeJS.Timeout | null;
  lastStartAt: number;
}

/** What a rate-limited WebClient call throws with rejectRateLimitedCalls (seconds to wait). */
function retryAfterMs(error: unknown): number | null {
  const e = error as { code?: unknown; retryAfter?: unknown };
  if (e?.code !== 'slack_webapi_rate_limited_error') return null;
  return typeof e.retryAfter === 'number' && e.retryAfter > 0 ? e.retryAfter * 1000 : 1000;
}

export class HomePublisher {
  private readonly lanes = new Map<string, Lane>();
  private readonly perUserMs: number;
  private readonly gapMs: number;
  private readonly now: () => number;
  /** When the next publish (anyone's) may start: the global gap, or Slack's Retry-After. */
  private nextSlotAt = 0;
  private stopped = false;

  constructor(
    private readonly logger: Logger,
    opts: PacingOptions = {},
  ) {
    this.perUserMs = opts.perUserMs ?? 5_000;
    this.gapMs = opts.gapMs ?? 700;
    this.now = opts.now ?? Date.now;
  }

  /** Publishes `job` for `user` as soon as pacing allows; replaces a job of theirs still waiting. */
  schedule(user: string, job: PublishJob): void {
    if (this.stopped) return;
    let lane = this.lanes.get(user);
    if (!lane) {
      lane = { next: null, running: null, timer: null, lastStartAt: Number.NEGATIVE_INFINITY };
      this.lanes.set(user, lane);
    }
    lane.next = job;
    this.pump(user, lane);
  }

  /** Publishes waiting or running for `user` (tests). */
  isBusy(user: string): boolean {
    const lane = this.lanes.get(user);
    return Boolean(lane && (lane.next || lane.running || lane.timer));
  }

  /** Drops what waits and lets what runs finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    const running: Promise<void>[] = [];
    for (const lane of this.lanes.values()) {
      if (lane.timer) clearTimeout(lane.timer);
      lane.timer = null;
      lane.next = null;
      if (lane.running) running.push(lane.running);
    }
    await Promise.all(running);
  }

  private pump(user: string, lane: Lane): void {
    if (this.stopped || lane.running || lane.timer || !lane.next) return;
    const now = this.now();
    const startAt = Math.max(lane.lastStartAt + this.perUserMs, this.nextSlotAt);
    if (startAt > now) {
      lane.timer = setTimeout(() => {
        lane.timer = null;
        this.pump(user, lane);
      }, startAt - now);
      lane.timer.unref?.();
      return;
    }
    const job = lane.next;
    lane.next = null;
    lane.lastStartAt = now;
    this.nextSlotAt = now + this.gapMs;
    lane.running = job()
      .catch((error: unknown) => {
        const wait = retryAfterMs(error);
        if (wait === null) {
          this.logger.warn('could not publish a Home tab', { user, error });
          return;
        }
        this.logger.info('views.publish was rate-limited; waiting', { user, waitMs: wait });
        this.nextSlotAt = Math.max(this.nextSlotAt, this.now() + wait);
        lane.next ??= job; // a newer job (drawn later) wins; otherwise this one is tried again
        lane.lastStartAt = Number.NEGATIVE_INFINITY;
      })
      .finally(() => {
        lane.running = null;
        // The lane stays (a few numbers per person who opened Home): it remembers when they were last drawn.
        this.pump(user, lane);
      });
  }
}
