// Named retry policies and the single rule for what may be retried. Kept pure so the client's loop is
// trivial and the timing can be unit-tested without any HTTP.
import { MoltflowConnectionError, MoltflowHttpError, MoltflowRateLimitError } from './errors.js';

export interface RetryPolicy {
  readonly name: string;
  /** Retries after the first attempt (so `retries: 4` means at most 5 attempts). */
  readonly retries: number;
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
  readonly factor: number;
  readonly jitter: boolean;
  /**
   * Longest a caller will wait for a retry or for the request budget. Past it the error goes back to the
   * caller at once: a person who clicked a button would rather hear "try again in 40 s" than wait 40 s.
   */
  readonly maxWaitMs?: number;
}

export const retryPolicies = {
  standard: { name: 'standard', retries: 4, minDelayMs: 500, maxDelayMs: 30_000, factor: 2, jitter: true },
  /** For clicks and commands a person is waiting on. */
  interactive: {
    name: 'interactive',
    retries: 2,
    minDelayMs: 250,
    maxDelayMs: 1_000,
    factor: 2,
    jitter: true,
    maxWaitMs: 3_000,
  },
  none: { name: 'none', retries: 0, minDelayMs: 0, maxDelayMs: 0, factor: 1, jitter: false },
  fastForTests: { name: 'fastForTests', retries: 3, minDelayMs: 1, maxDelayMs: 5, factor: 2, jitter: false },
} as const satisfies Record<string, RetryPolicy>;

/**
 * Delay before retry number `attempt` (1-based). Exponential and capped; with jitter it lands in
 * [half, full] so a herd of clients spreads out but nobody retries almost immediately. A server's
 * Retry-After always wins, even above maxDelayMs: retrying earlier would only earn another 429.
 */
export function backoffDelay(
  policy: RetryPolicy,
  attempt: number,
  retryAfterMs?: number | null,
  random: () => number = Math.random,
): number {
  const exp = policy.minDelayMs * policy.factor ** Math.max(0, attempt - 1);
  const capped = Math.min(policy.maxDelayMs, exp);
  const delay = policy.jitter ? capped / 2 + random() * (capped / 2) : capped;
  const floor = retryAfterMs != null && retryAfterMs > 0 ? retryAfterMs : 0;
  return Math.ceil(Math.max(delay, floor));
}

const RETRYABLE_STATUSES = new Set([500, 502, 503, 504]);

/**
 * 429 and refused connections are safe for any method: the server did not process the request.
 * Timeouts, resets and 5xx might have been processed, so only idempotent calls go again.
 */
export function shouldRetry(error: unknown, idempotent: boolean): boolean {
  if (error instanceof MoltflowRateLimitError) return true;
  if (error instanceof MoltflowHttpError) return idempotent && RETRYABLE_STATUSES.has(error.status);
  if (error instanceof MoltflowConnectionError) return error.code === 'ECONNREFUSED' || idempotent;
  return false;
}

// Per-attempt timeouts and abortable waits: the clock side of a retry.

/** One AbortController per attempt, fired by the timeout or by the caller's signal. */
export function startDeadline(ms: number, outer: AbortSignal | undefined) {
  const controller = new AbortController();
  let timedOut = false;
  const onOuter = () => controller.abort(outer?.reason);
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`timed out after ${ms} ms`));
  }, ms);
  if (outer?.aborted) controller.abort(outer.reason);
  else outer?.addEventListener('abort', onOuter, { once: true });
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    clearTimer: () => clearTimeout(timer),
    dispose: () => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuter);
    },
  };
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
