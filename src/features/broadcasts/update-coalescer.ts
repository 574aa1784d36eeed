// Paces edits of one message: at most one draw per interval, only the latest state (intermediate ones are
// dropped, never queued), a leading edge so the first change shows at once and a trailing edge so the last
// state is always drawn, at most one interval (plus a draw in flight) after it arrived. The interval runs
// from the end of one draw to the start of the next, so edits are at least an interval apart however slow
// Slack answers. chat.update is Tier 3 (~50/min for the whole workspace): this pacing is a ceiling.

export interface CoalescerOptions {
  intervalMs: number;
  /** Called when a draw fails; the next push draws again. */
  onError?: (error: unknown) => void;
  now?: () => number;
}

export class UpdateCoalescer<T> {
  private pending: { state: T } | null = null;
  private inFlight: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastDrawAt = Number.NEGATIVE_INFINITY;
  private idleWaiters: (() => void)[] = [];
  private closed = false;
  private readonly now: () => number;
  /** Draws started so far (tests and the benchmark read it). */
  draws = 0;

  constructor(
    private readonly draw: (state: T) => Promise<void>,
    private readonly opts: CoalescerOptions,
  ) {
    this.now = opts.now ?? Date.now;
  }

  /** The newest state to show; replaces any state not drawn yet. */
  push(state: T): void {
    if (this.closed) return;
    this.pending = { state };
    this.schedule();
  }

  /** True while something is waiting to be drawn or being drawn. */
  get busy(): boolean {
    return this.pending !== null || this.inFlight !== null || this.timer !== null;
  }

  /** Resolves once every state pushed so far has been drawn (still paced: it does not skip the wait). */
  idle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops drawing: a waiting state is dropped, a draw in flight completes. */
  async close(): Promise<void> {
    this.closed = true;
    this.pending = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.inFlight;
    this.settle();
  }

  private schedule(): void {
    if (this.inFlight || this.timer || !this.pending) return;
    const wait = this.lastDrawAt + this.opts.intervalMs - this.now();
    if (wait <= 0) {
      this.drawNow();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      this.drawNow();
    }, wait);
  }

  private drawNow(): void {
    const next = this.pending;
    if (!next || this.closed) {
      this.settle();
      return;
    }
    this.pending = null;
    this.draws += 1;
    this.inFlight = this.draw(next.state)
      .catch((error: unknown) => this.opts.onError?.(error))
      .finally(() => {
        this.lastDrawAt = this.now();
        this.inFlight = null;
        if (this.pending) this.schedule();
        else this.settle();
      });
  }

  private settle(): void {
    if (this.busy) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
