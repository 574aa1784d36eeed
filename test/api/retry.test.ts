import { describe, expect, it } from 'vitest';
import {
  MoltflowConnectionError,
  MoltflowHttpError,
  MoltflowRateLimitError,
  MoltflowValidationError,
} from '../../src/api/errors.js';
import { backoffDelay, retryPolicies, shouldRetry } from '../../src/api/retry.js';

const http = (status: number) => new MoltflowHttpError({ method: 'GET', path: '/x', status, detail: 'd' });
const conn = (code: string | null, timedOut = false) => new MoltflowConnectionError('c', { code, timedOut });

describe('retryPolicies', () => {
  it('has the documented named policies', () => {
    expect(retryPolicies.standard).toMatchObject({
      retries: 4,
      minDelayMs: 500,
      maxDelayMs: 30_000,
      factor: 2,
    });
    expect(retryPolicies.standard.jitter).toBe(true);
    expect(retryPolicies.none.retries).toBe(0);
    expect(retryPolicies.fastForTests).toMatchObject({
      retries: 3,
      minDelayMs: 1,
      maxDelayMs: 5,
      jitter: false,
    });
  });
});

describe('backoffDelay', () => {
  it('grows exponentially and is capped', () => {
    const p = retryPolicies.fastForTests;
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(p, n))).toEqual([1, 2, 4, 5, 5]);
    const s = { ...retryPolicies.standard, jitter: false };
    expect([1, 2, 3, 7, 8].map((n) => backoffDelay(s, n))).toEqual([500, 1000, 2000, 30_000, 30_000]);
  });

  it('jitters between half and the full delay', () => {
    const p = retryPolicies.standard;
    expect(backoffDelay(p, 3, null, () => 0)).toBe(1000);
    expect(backoffDelay(p, 3, null, () => 0.999999)).toBe(2000);
    for (let i = 0; i < 50; i++) {
      const d = backoffDelay(p, 2);
      expect(d).toBeGreaterThanOrEqual(500);
      expect(d).toBeLessThanOrEqual(1000);
    }
  });

  it('never goes below Retry-After, even above maxDelayMs', () => {
    expect(backoffDelay(retryPolicies.fastForTests, 1, 3000)).toBe(3000);
    expect(backoffDelay(retryPolicies.standard, 1, 120_000, () => 0)).toBe(120_000);
    expect(backoffDelay(retryPolicies.standard, 4, 10, () => 1)).toBe(4000);
  });
});

describe('shouldRetry', () => {
  it('retries 429 and refused connections for any method', () => {
    const limited = new MoltflowRateLimitError({
      method: 'POST',
      path: '/x',
      detail: 'd',
      retryAfterMs: null,
    });
    expect(shouldRetry(limited, false)).toBe(true);
    expect(shouldRetry(conn('ECONNREFUSED'), false)).toBe(true);
  });

  it('retries 5xx, resets and timeouts only when idempotent', () => {
    for (const err of [http(500), http(502), http(503), http(504), conn('ECONNRESET'), conn(null, true)]) {
      expect(shouldRetry(err, true)).toBe(true);
      expect(shouldRetry(err, false)).toBe(false);
    }
  });

  it('never retries other 4xx, 501, validation or foreign errors', () => {
    for (const err of [http(400), http(401), http(403), http(404), http(422), http(501)]) {
      expect(shouldRetry(err, true)).toBe(false);
    }
    expect(shouldRetry(new MoltflowValidationError('(body)', ['bad']), true)).toBe(false);
    expect(shouldRetry(new Error('boom'), true)).toBe(false);
  });
});
