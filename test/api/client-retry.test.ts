import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MockAgent } from 'undici';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { MoltflowClient, type MoltflowClientOptions } from '../../src/api/client.js';
import { MoltflowConnectionError, MoltflowHttpError } from '../../src/api/errors.js';
import { RateBudget } from '../../src/api/rate-budget.js';
import { retryPolicies } from '../../src/api/retry.js';

const ORIGIN = 'https://api.moltflow.test';
const KEY = 'k3y-retry-0f3e9a71';

let cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(cleanups.map((c) => c()));
  cleanups = [];
});

function setup(overrides: Partial<MoltflowClientOptions> = {}) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  cleanups.push(() => agent.close());
  const delays: number[] = [];
  const client = new MoltflowClient({
    baseUrl: `${ORIGIN}/api/v2`,
    apiKey: KEY,
    dispatcher: agent,
    retryPolicy: retryPolicies.fastForTests,
    budget: new RateBudget({ limitPerMinute: 1000 }),
    sleep: async (ms) => {
      delays.push(ms);
    },
    ...overrides,
  });
  return { pool: agent.get(ORIGIN), client, delays };
}

/** A reply callback that counts how often the server was hit. */
function counted(replies: { status: number; body: object; headers?: Record<string, string> }[]) {
  const hits = { count: 0 };
  const reply = () => {
    const r = replies[Math.min(hits.count, replies.length - 1)] ?? { status: 500, body: {} };
    hits.count++;
    return {
      statusCode: r.status,
      data: JSON.stringify(r.body),
      responseOptions: { headers: r.headers ?? {} },
    };
  };
  return { hits, reply };
}

const ok = { status: 200, body: { ok: true } };
const unavailable = { status: 503, body: { detail: 'Service unavailable' } };
const refused = () => Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' });

describe('retries', () => {
  it('waits at least Retry-After before retrying a 429', async () => {
    vi.useFakeTimers();
    // Real timer-based sleep, so only the fake clock can let the retry happen.
    const { pool, client } = setup({ sleep: undefined, budget: new RateBudget({ limitPerMinute: 10 }) });
    const { hits, reply } = counted([
      { status: 429, body: { detail: 'Too many' }, headers: { 'retry-after': '3' } },
      ok,
    ]);
    pool.intercept({ path: '/api/v2/leads', method: 'GET' }).reply(reply).times(2);

    const result = client.request({ method: 'GET', path: '/leads', schema: z.object({ ok: z.boolean() }) });
    await vi.advanceTimersByTimeAsync(2999);
    expect(hits.count).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(hits.count).toBe(2);
    await expect(result).resolves.toEqual({ ok: true });
  });

  it('retries a 429 even for a POST', async () => {
    const { pool, client } = setup();
    const { hits, reply } = counted([{ status: 429, body: {}, headers: { 'retry-after': '0' } }, ok]);
    pool.intercept({ path: '/api/v2/bulk-send', method: 'POST' }).reply(reply).times(2);
    await client.request({ method: 'POST', path: '/bulk-send', body: {}, schema: z.unknown() });
    expect(hits.count).toBe(2);
  });

  it('retries 503 for a GET with growing delays', async () => {
    const { pool, client, delays } = setup();
    const { hits, reply } = counted([unavailable, unavailable, ok]);
    pool.intercept({ path: '/api/v2/leads', method: 'GET' }).reply(reply).times(3);
    await expect(client.request({ method: 'GET', path: '/leads', schema: z.unknown() })).resolves.toEqual({
      ok: true,
    });
    expect(hits.count).toBe(3);
    expect(delays).toEqual([1, 2]);
  });

  it('gives up after the policy’s retries', async () => {
    const { pool, client } = setup();
    const { hits, reply } = counted([unavailable]);
    pool.intercept({ path: '/api/v2/leads', method: 'GET' }).reply(reply).times(10);
    const err = await client.request({ method: 'GET', path: '/leads', schema: z.unknown() }).catch((e) => e);
    expect(err).toBeInstanceOf(MoltflowHttpError);
    expect(hits.count).toBe(4); // 1 + fastForTests.retries
  });

  it('does not retry 503 for a PATCH', async () => {
    const { pool, client } = setup();
    const { hits, reply } = counted([unavailable, ok]);
    pool.intercept({ path: '/api/v2/leads/1/status', method: 'PATCH' }).reply(reply).times(2);
    const err = await client
      .request({ method: 'PATCH', path: '/leads/1/status', body: { status: 'lost' }, schema: z.unknown() })
      .catch((e) => e);
    expect(err).toMatchObject({ status: 503 });
    expect(hits.count).toBe(1);
  });

  it('does not retry a 4xx', async () => {
    const { pool, client } = setup();
    const { hits, reply } = counted([{ status: 404, body: { detail: 'nope' } }, ok]);
    pool.intercept({ path: '/api/v2/leads/1', method: 'GET' }).reply(reply).times(2);
    await expect(
      client.request({ method: 'GET', path: '/leads/1', schema: z.unknown() }),
    ).rejects.toMatchObject({
      status: 404,
    });
    expect(hits.count).toBe(1);
  });

  it('retries a refused connection, even for a POST', async () => {
    const { pool, client } = setup();
    pool.intercept({ path: '/api/v2/messages/send', method: 'POST' }).replyWithError(refused());
    pool.intercept({ path: '/api/v2/messages/send', method: 'POST' }).reply(200, { ok: true });
    await expect(
      client.request({ method: 'POST', path: '/messages/send', body: {}, schema: z.unknown() }),
    ).resolves.toEqual({ ok: true });
  });

  it('does not retry a reset connection for a POST', async () => {
    const { pool, client } = setup();
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    pool.intercept({ path: '/api/v2/messages/send', method: 'POST' }).replyWithError(reset);
    pool.intercept({ path: '/api/v2/messages/send', method: 'POST' }).reply(200, { ok: true });
    const err = await client
      .request({ method: 'POST', path: '/messages/send', body: {}, schema: z.unknown() })
      .catch((e) => e);
    expect(err).toBeInstanceOf(MoltflowConnectionError);
    expect(err).toMatchObject({ code: 'ECONNRESET', timedOut: false });
  });
});

describe('timeouts', () => {
  it('times out a request that never answers', async () => {
    vi.useFakeTimers();
    const { pool, client } = setup({ retryPolicy: retryPolicies.none, timeoutMs: 1000 });
    pool.intercept({ path: '/api/v2/leads', method: 'GET' }).reply(200, { ok: true }).delay(60_000);
    const outcome = client.request({ method: 'GET', path: '/leads', schema: z.unknown() }).catch((e) => e);
    await vi.advanceTimersByTimeAsync(1000);
    const err = await outcome;
    expect(err).toBeInstanceOf(MoltflowConnectionError);
    expect(err).toMatchObject({ timedOut: true });
    expect((err as Error).message).toBe('MoltFlow GET /leads timed out after 1000 ms');
  });

  it('retries a timed-out GET', async () => {
    vi.useFakeTimers();
    const { pool, client } = setup({ timeoutMs: 1000 });
    pool.intercept({ path: '/api/v2/leads', method: 'GET' }).reply(200, { late: true }).delay(60_000);
    pool.intercept({ path: '/api/v2/leads', method: 'GET' }).reply(200, { ok: true });
    const result = client.request({ method: 'GET', path: '/leads', schema: z.unknown() });
    await vi.advanceTimersByTimeAsync(1000);
    await expect(result).resolves.toEqual({ ok: true });
  });
});

describe('against a real socket', () => {
  async function listen(server: Server): Promise<number> {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  it('reports a refused connection with code ECONNREFUSED', async () => {
    const server = createServer();
    const port = await listen(server);
    await new Promise((resolve) => server.close(resolve)); // the port is now closed
    const client = new MoltflowClient({
      baseUrl: `http://127.0.0.1:${port}/api/v2`,
      apiKey: KEY,
      retryPolicy: retryPolicies.none,
    });
    cleanups.push(() => client.close());
    const err = await client
      .request({ method: 'GET', path: '/sessions', schema: z.unknown() })
      .catch((e) => e);
    expect(err).toBeInstanceOf(MoltflowConnectionError);
    expect(err).toMatchObject({ code: 'ECONNREFUSED', timedOut: false });
  });

  it('times out a server that accepts but never answers', async () => {
    const server = createServer(() => {}); // holds every request open
    const port = await listen(server);
    cleanups.push(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });
    const client = new MoltflowClient({
      baseUrl: `http://127.0.0.1:${port}/api/v2`,
      apiKey: KEY,
      retryPolicy: retryPolicies.none,
      timeoutMs: 150,
    });
    cleanups.push(() => client.close());
    const err = await client
      .request({ method: 'GET', path: '/sessions', schema: z.unknown() })
      .catch((e) => e);
    expect(err).toBeInstanceOf(MoltflowConnectionError);
    expect(err).toMatchObject({ timedOut: true });
  });
});

describe('budget integration', () => {
  it('holds the 11th request of a minute at limit 10 until the window frees', async () => {
    vi.useFakeTimers();
    const { pool, client } = setup({ budget: new RateBudget({ limitPerMinute: 10 }) });
    const { hits, reply } = counted([ok]);
    pool.intercept({ path: '/api/v2/sessions', method: 'GET' }).reply(reply).times(11);
    const all = Array.from({ length: 11 }, () =>
      client.request({ method: 'GET', path: '/sessions', schema: z.unknown() }),
    );
    await vi.advanceTimersByTimeAsync(59_999);
    expect(hits.count).toBe(10);
    await vi.advanceTimersByTimeAsync(1);
    await Promise.all(all);
    expect(hits.count).toBe(11);
  });

  it('feeds every response to the budget', async () => {
    const { pool, client } = setup({ budget: new RateBudget({ limitPerMinute: 10 }) });
    pool
      .intercept({ path: '/api/v2/sessions', method: 'GET' })
      .reply(200, [], { headers: { 'x-ratelimit-remaining': '7', 'x-ratelimit-reset': '42' } });
    await client.request({ method: 'GET', path: '/sessions', schema: z.unknown() });
    expect(client.budgetSnapshot()).toMatchObject({ usedInWindow: 1, remaining: 9, serverRemaining: 7 });
  });
});
