import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MoltflowClient, type MoltflowClientOptions } from '../../src/api/client.js';
import {
  MoltflowConnectionError,
  MoltflowHttpError,
  MoltflowNotConnectedError,
  MoltflowRateLimitError,
  MoltflowValidationError,
} from '../../src/api/errors.js';
import { RateBudget } from '../../src/api/rate-budget.js';
import { retryPolicies } from '../../src/api/retry.js';
import { createLogger } from '../../src/log.js';

const ORIGIN = 'https://api.moltflow.test';
// Deliberately not shaped like `mf_…`, so the logger's own pattern masking cannot hide a leak by the client.
const KEY = 'k3y-7c1d9e2f4a8b6035';
const JSON_HEADERS = { 'content-type': 'application/json' };

let agents: MockAgent[] = [];
afterEach(async () => {
  await Promise.all(agents.map((a) => a.close()));
  agents = [];
});

function setup(overrides: Partial<MoltflowClientOptions> = {}) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  agents.push(agent);
  const lines: string[] = [];
  const client = new MoltflowClient({
    baseUrl: `${ORIGIN}/api/v2/`,
    apiKey: KEY,
    dispatcher: agent,
    retryPolicy: retryPolicies.none,
    budget: new RateBudget({ limitPerMinute: 1000 }),
    logger: createLogger({ level: 'debug', write: (line) => lines.push(line) }),
    ...overrides,
  });
  return { pool: agent.get(ORIGIN), client, lines, agent };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the request to fail');
}

describe('MoltflowClient requests', () => {
  it('joins the base URL, skips empty query values and sends the standard headers', async () => {
    const { pool, client } = setup();
    pool
      .intercept({
        path: '/api/v2/leads',
        method: 'GET',
        query: { limit: '5', status: 'new', fresh: 'true' },
        headers: (h) =>
          h['x-api-key'] === KEY &&
          h.accept === 'application/json' &&
          h['user-agent'] === 'moltflow-slack' &&
          h['content-type'] === undefined,
      })
      .reply(200, { ok: true }, { headers: JSON_HEADERS });
    const out = await client.request({
      method: 'GET',
      path: '/leads',
      query: { limit: 5, status: 'new', fresh: true, search: undefined, source_group_id: null },
      schema: z.object({ ok: z.boolean() }),
    });
    expect(out).toEqual({ ok: true });
  });

  it('sends nothing without a key (a workspace that has not connected MoltFlow) and says so', async () => {
    // No intercept and no network: a request that went out would fail as a connection error instead.
    const { client } = setup({ apiKey: '' });
    const err = await failure(client.request({ method: 'GET', path: '/leads', schema: z.unknown() }));
    expect(err).toBeInstanceOf(MoltflowNotConnectedError);
    await expect(client.openStream({ path: '/bulk-send/x/progress' })).rejects.toBeInstanceOf(
      MoltflowNotConnectedError,
    );
  });

  it('sends a JSON body with Content-Type', async () => {
    const { pool, client } = setup();
    pool
      .intercept({
        path: '/api/v2/leads/abc/status',
        method: 'PATCH',
        body: JSON.stringify({ status: 'contacted' }),
        headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      })
      .reply(200, { id: 'abc' });
    const out = await client.request({
      method: 'PATCH',
      path: '/leads/abc/status',
      body: { status: 'contacted' },
      schema: z.object({ id: z.string() }),
    });
    expect(out.id).toBe('abc');
  });

  it('parses a 204 or empty body as undefined', async () => {
    const { pool, client } = setup();
    pool.intercept({ path: '/api/v2/things/1', method: 'DELETE' }).reply(204, '');
    pool.intercept({ path: '/api/v2/things/2', method: 'DELETE' }).reply(200, '');
    const schema = z.undefined();
    await expect(client.request({ method: 'DELETE', path: '/things/1', schema })).resolves.toBeUndefined();
    await expect(client.request({ method: 'DELETE', path: '/things/2', schema })).resolves.toBeUndefined();
  });

  it('returns raw text for requestText', async () => {
    const { pool, client } = setup();
    pool
      .intercept({ path: '/api/v2/leads/export/csv?status=new', method: 'GET' })
      .reply(200, 'id,phone\n1,+1\n');
    const csv = await client.requestText({
      method: 'GET',
      path: '/leads/export/csv',
      query: { status: 'new' },
    });
    expect(csv).toBe('id,phone\n1,+1\n');
  });
});

describe('MoltflowClient error mapping', () => {
  const cases = [
    {
      status: 400,
      body: { detail: 'Invalid status transition from converted to new' },
      detail: 'Invalid status transition from converted to new',
    },
    { status: 401, body: { detail: 'Invalid API key' }, detail: 'Invalid API key' },
    { status: 404, body: { detail: 'Lead not found' }, detail: 'Lead not found' },
    {
      status: 422,
      body: {
        detail: [
          {
            loc: ['body', 'status'],
            msg: 'value is not a valid enumeration member',
            type: 'type_error.enum',
          },
        ],
      },
      detail: 'status: value is not a valid enumeration member',
    },
    { status: 500, body: { detail: 'Internal error' }, detail: 'Internal error' },
    { status: 502, body: '<html>Bad gateway</html>', detail: 'HTTP 502' },
  ];
  for (const c of cases) {
    it(`maps ${c.status} to MoltflowHttpError with a readable detail`, async () => {
      const { pool, client } = setup();
      pool.intercept({ path: '/api/v2/leads/x?verbose=1', method: 'GET' }).reply(c.status, c.body);
      const err = await failure(
        client.request({ method: 'GET', path: '/leads/x', query: { verbose: 1 }, schema: z.unknown() }),
      );
      expect(err).toBeInstanceOf(MoltflowHttpError);
      expect(err).not.toBeInstanceOf(MoltflowRateLimitError);
      expect(err).toMatchObject({ status: c.status, detail: c.detail, method: 'GET', path: '/leads/x' });
      expect((err as Error).message).toBe(`MoltFlow GET /leads/x answered ${c.status}: ${c.detail}`);
    });
  }

  it('maps 403 with X-Required-Scopes', async () => {
    const { pool, client } = setup();
    pool
      .intercept({ path: '/api/v2/leads', method: 'GET' })
      .reply(
        403,
        { detail: 'Upgrade to Pro' },
        { headers: { 'x-required-scopes': 'leads:read, custom-groups:manage' } },
      );
    const err = (await failure(
      client.request({ method: 'GET', path: '/leads', schema: z.unknown() }),
    )) as MoltflowHttpError;
    expect(err.status).toBe(403);
    expect(err.requiredScopes).toEqual(['leads:read', 'custom-groups:manage']);
    expect(err.message).toContain('MoltFlow GET /leads answered 403: Upgrade to Pro');
  });

  it('maps 429 to MoltflowRateLimitError with retryAfterMs', async () => {
    const { pool, client } = setup();
    pool.intercept({ path: '/api/v2/leads', method: 'GET' }).reply(
      429,
      { detail: 'Rate limit exceeded' },
      {
        headers: { 'retry-after': '7' },
      },
    );
    const err = await failure(client.request({ method: 'GET', path: '/leads', schema: z.unknown() }));
    expect(err).toBeInstanceOf(MoltflowRateLimitError);
    expect(err).toMatchObject({ status: 429, retryAfterMs: 7000 });
    expect(client.budgetSnapshot().pausedUntil).not.toBeNull();
  });

  it('maps invalid JSON to MoltflowValidationError at (body)', async () => {
    const { pool, client } = setup();
    pool
      .intercept({ path: '/api/v2/leads', method: 'GET' })
      .reply(200, '{"leads": [', { headers: JSON_HEADERS });
    const err = await failure(client.request({ method: 'GET', path: '/leads', schema: z.unknown() }));
    expect(err).toBeInstanceOf(MoltflowValidationError);
    expect((err as MoltflowValidationError).path).toBe('(body)');
    expect((err as Error).message).toContain('GET /leads');
  });

  it('maps a schema mismatch to MoltflowValidationError with the failing path', async () => {
    const { pool, client } = setup();
    const leads = [0, 1, 2, 3].map((i) => ({ lead_status: i === 3 ? 'spam' : 'new' }));
    pool.intercept({ path: '/api/v2/leads', method: 'GET' }).reply(200, { leads });
    const schema = z.object({ leads: z.array(z.object({ lead_status: z.enum(['new', 'lost']) })) });
    const err = (await failure(
      client.request({ method: 'GET', path: '/leads', schema }),
    )) as MoltflowValidationError;
    expect(err).toBeInstanceOf(MoltflowValidationError);
    expect(err.path).toBe('leads[3].lead_status');
  });

  it('passes the caller’s own abort through unchanged', async () => {
    const { pool, client } = setup();
    pool.intercept({ path: '/api/v2/leads', method: 'GET' }).reply(200, {}).delay(10_000);
    const controller = new AbortController();
    const pending = failure(
      client.request({ method: 'GET', path: '/leads', schema: z.unknown(), signal: controller.signal }),
    );
    controller.abort(new Error('user cancelled'));
    const err = await pending;
    expect(err).not.toBeInstanceOf(MoltflowConnectionError);
    expect((err as Error).message).toBe('user cancelled');
  });
});

describe('MoltflowClient secrecy', () => {
  it('never puts the API key in a log line or an error message', async () => {
    const { pool, client, lines } = setup({ retryPolicy: retryPolicies.fastForTests, sleep: async () => {} });
    // A server that echoes the key back, a retried 500, and a transport error that echoes request headers.
    pool.intercept({ path: '/api/v2/echo', method: 'GET' }).reply(403, { detail: `Key ${KEY} lacks scopes` });
    pool.intercept({ path: '/api/v2/flaky', method: 'GET' }).reply(500, { detail: 'oops' }).times(4);
    pool
      .intercept({ path: '/api/v2/strict', method: 'GET', headers: { 'x-api-key': 'another-key' } })
      .reply(200, {});
    const errors = [
      await failure(client.request({ method: 'GET', path: '/echo', schema: z.unknown() })),
      await failure(client.request({ method: 'GET', path: '/flaky', schema: z.unknown() })),
      await failure(client.request({ method: 'GET', path: '/strict', schema: z.unknown() })),
    ] as Error[];

    expect(errors[0]).toBeInstanceOf(MoltflowHttpError);
    expect(errors[1]).toBeInstanceOf(MoltflowHttpError);
    expect(errors[2]).toBeInstanceOf(MoltflowConnectionError);
    for (const err of errors) {
      expect(err.message).not.toContain(KEY);
      expect(JSON.stringify(err)).not.toContain(KEY);
    }
    expect(errors[0]?.message).toContain('[redacted]');

    const warns = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.level === 'warn');
    // 3 retries of the 500 and 3 of the transport error (a GET, so retried); the 403 is not retried.
    expect(warns).toHaveLength(6);
    expect(warns[0]).toMatchObject({ method: 'GET', path: '/flaky', status: 500, attempt: 1 });
    expect(lines.filter((l) => l.includes('"level":"debug"'))).toHaveLength(3);
    for (const line of lines) expect(line).not.toContain(KEY);
  });
});

describe('MoltflowClient.openStream', () => {
  it('returns the open body of a 2xx stream', async () => {
    const { pool, client } = setup();
    pool
      .intercept({
        path: '/api/v2/bulk-send/j1/progress',
        method: 'GET',
        headers: { accept: 'text/event-stream' },
      })
      .reply(200, 'data: {"sent":1}\n\n', { headers: { 'content-type': 'text/event-stream' } });
    const stream = await client.openStream({ path: '/bulk-send/j1/progress' });
    expect(stream.status).toBe(200);
    let text = '';
    for await (const chunk of stream.body) text += chunk.toString();
    expect(text).toBe('data: {"sent":1}\n\n');
  });

  it('maps a non-2xx answer like any request', async () => {
    const { pool, client } = setup();
    pool
      .intercept({ path: '/api/v2/bulk-send/j1/progress', method: 'GET' })
      .reply(404, { detail: 'Job not found' });
    const err = await failure(client.openStream({ path: '/bulk-send/j1/progress' }));
    expect(err).toBeInstanceOf(MoltflowHttpError);
    expect(err).toMatchObject({ status: 404, detail: 'Job not found' });
  });
});

describe('MoltflowClient.close', () => {
  it('leaves an injected dispatcher open', async () => {
    const { pool, client } = setup();
    await client.close();
    pool.intercept({ path: '/api/v2/sessions', method: 'GET' }).reply(200, []);
    await expect(
      client.request({ method: 'GET', path: '/sessions', schema: z.array(z.unknown()) }),
    ).resolves.toEqual([]);
  });

  it('closes the dispatcher it created', async () => {
    const client = new MoltflowClient({
      baseUrl: 'http://127.0.0.1:9/api/v2',
      apiKey: KEY,
      retryPolicy: retryPolicies.none,
    });
    await client.close();
    const err = await failure(client.request({ method: 'GET', path: '/sessions', schema: z.unknown() }));
    expect(err).toBeInstanceOf(MoltflowConnectionError);
    expect((err as MoltflowConnectionError).code).toBe('UND_ERR_DESTROYED');
  });
});
