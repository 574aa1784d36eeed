// MoltFlow's per-tenant request budget (moltflow-api.md §1.4) as a sliding one-minute window.
// X-RateLimit-Reset is sent as epoch seconds (the docs leave the unit open; clients must tolerate both).
const WINDOW_MS = 60_000;

export class RateLimiter {
  private readonly hits: number[] = [];
  /** How many requests were refused with 429: the number a well-behaved client keeps at zero. */
  rejected = 0;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number,
  ) {}

  /** Counts the request if budget remains; the headers to send either way. */
  take(): { allowed: boolean; headers: Record<string, string> } {
    const now = this.now();
    while (this.hits.length > 0 && (this.hits[0] ?? 0) <= now - WINDOW_MS) this.hits.shift();
    const allowed = this.hits.length < this.perMinute;
    if (allowed) this.hits.push(now);
    else this.rejected += 1;
    const resetAt = (this.hits[0] ?? now) + WINDOW_MS;
    const headers: Record<string, string> = {
      'x-ratelimit-limit': String(this.perMinute),
      'x-ratelimit-remaining': String(Math.max(0, this.perMinute - this.hits.length)),
      'x-ratelimit-reset': String(Math.ceil(resetAt / 1000)),
    };
    if (!allowed) headers['retry-after'] = String(Math.max(1, Math.ceil((resetAt - now) / 1000)));
    return { allowed, headers };
  }
}
