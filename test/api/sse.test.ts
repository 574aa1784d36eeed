import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseProgressData } from '../../src/api/bulk-send.js';
import { MoltflowClient } from '../../src/api/client.js';
import { MoltflowConnectionError, MoltflowHttpError } from '../../src/api/errors.js';
import { RateBudget } from '../../src/api/rate-budget.js';
import { readSseEvents, type SseEvent, SseStalledError } from '../../src/api/sse.js';

/** A loopback server whose one stream the test writes by hand, byte for byte. */
async function streamServer() {
  let current: ServerResponse | undefined;
  let connected: () => void = () => {};
  let next = new Promise<void>((resolve) => {
    connected = resolve;
  });
  const seen: { url: string; headers: Record<string, unknown> }[] = [];
  let status = 200;
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    if (status !== 200) {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ detail: 'Bulk send job not found' }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.flushHeaders();
    current = res;
    connected();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/api/v2`,
    seen,
    setStatus: (s: number) => {
      status = s;
    },
    /** Resolves once the client is connected. */
    connected: async () => {
      await next;
      next = new Promise<void>((resolve) => {
        connected = resolve;
      });
    },
    write: (text: string) => current?.write(text),
    end: () => current?.end(),
    drop: () => current?.socket?.destroy(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Server = Awaited<ReturnType<typeof streamServer>>;

describe('readSseEvents', () => {
  let server: Server;
  let client: MoltflowClient;

  beforeEach(async () => {
    server = await streamServer();
    client = new MoltflowClient({
      baseUrl: server.baseUrl,
      apiKey: 'mf_test_key_sse_0001',
      budget: new RateBudget({ limitPerMinute: 10_000 }),
      timeoutMs: 2_000,
    });
  });
  afterEach(async () => {
    await client.close();
    await server.close();
  });

  /** Collects every event until the iterator ends or throws; returns both. */
  async function collect(iter: AsyncGenerator<SseEvent>, onEvent?: (e: SseEvent, n: number) => void) {
    const events: SseEvent[] = [];
    try {
      for await (const event of iter) {
        events.push(event);
        onEvent?.(event, events.length);
      }
      return { events, error: null as unknown };
    } catch (error) {
      return { events, error };
    }
  }

  it('yields each data frame, sends the API key, and ends when the server closes', async () => {
    const result = collect(readSseEvents(client, { path: '/bulk-send/j1/progress', stallMs: 5_000 }));
    await server.connected();
    server.write('data: {"sent":1,"total":3,"failed":0,"status":"running"}\n\n');
    server.write('data: {"sent":2,"total":3,"failed":0,');
    server.write('"status":"running"}\n\n');
    server.end();
    const { events, error } = await result;
    expect(error).toBeNull();
    expect(events.map((e) => JSON.parse(e.data).sent)).toEqual([1, 2]);
    expect(server.seen[0]?.url).toBe('/api/v2/bulk-send/j1/progress');
    expect(server.seen[0]?.headers['x-api-key']).toBe('mf_test_key_sse_0001');
    expect(server.seen[0]?.headers.accept).toBe('text/event-stream');
  });

  it('copes with frames that lack the blank line between them (the documented example)', async () => {
    const result = collect(readSseEvents(client, { path: '/p', stallMs: 5_000 }));
    await server.connected();
    server.write('data: {"sent":1,"total":3,"failed":0,"status":"running"}\n');
    server.write('data: {"sent":2,"total":3,"failed":1,"status":"running"}\n\n');
    server.write('data: {"sent":2,"total":3,"failed":1,"status":"completed"}\n'); // closed without a blank line
    server.end();
    const { events, error } = await result;
    expect(error).toBeNull();
    const progress = events.flatMap((e) => parseProgressData(e.data).events);
    expect(progress).toEqual([
      { sent: 1, total: 3, failed: 0, status: 'running' },
      { sent: 2, total: 3, failed: 1, status: 'running' },
      { sent: 2, total: 3, failed: 1, status: 'completed' },
    ]);
  });

  it('treats silence longer than stallMs as a dropped stream, while comments keep it alive', async () => {
    const started = Date.now();
    const result = collect(readSseEvents(client, { path: '/p', stallMs: 600 }));
    await server.connected();
    server.write('data: {"sent":1}\n\n');
    await new Promise((resolve) => setTimeout(resolve, 100));
    server.write(': heartbeat\n\n');
    const { events, error } = await result;
    expect(events).toHaveLength(1);
    expect(error).toBeInstanceOf(SseStalledError);
    expect(error).toBeInstanceOf(MoltflowConnectionError);
    // The heartbeat at ~100 ms re-armed the detector, so it fired no earlier than ~700 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(650);
  });

  it('reports a connection cut mid-stream as a MoltflowConnectionError, after the events before it', async () => {
    const result = collect(readSseEvents(client, { path: '/p', stallMs: 5_000 }), (_e, n) => {
      if (n === 1) server.drop();
    });
    await server.connected();
    server.write('data: {"sent":1}\n\n');
    const { events, error } = await result;
    expect(events).toHaveLength(1);
    expect(error).toBeInstanceOf(MoltflowConnectionError);
    expect(error).not.toBeInstanceOf(SseStalledError);
  });

  it("stops at once when the caller aborts, throwing the caller's reason", async () => {
    const controller = new AbortController();
    const result = collect(readSseEvents(client, { path: '/p', stallMs: 5_000, signal: controller.signal }));
    await server.connected();
    controller.abort(new Error('app stopping'));
    const { error } = await result;
    expect((error as Error).message).toBe('app stopping');
  });

  it('maps an HTTP refusal to the client error (404 when the job is unknown)', async () => {
    server.setStatus(404);
    const { error } = await collect(readSseEvents(client, { path: '/p', stallMs: 5_000 }));
    expect(error).toBeInstanceOf(MoltflowHttpError);
    expect((error as MoltflowHttpError).status).toBe(404);
  });
});

describe('parseProgressData', () => {
  it('reads one object, joined lines, and skips junk lines', () => {
    expect(parseProgressData('{"sent":3,"total":9,"failed":1,"status":"running"}')).toEqual({
      events: [{ sent: 3, total: 9, failed: 1, status: 'running' }],
      skipped: 0,
    });
    expect(parseProgressData('{"sent":1}\n{"sent":2,"pending":7}\nnot json\n[1]')).toEqual({
      events: [{ sent: 1 }, { sent: 2 }],
      skipped: 2,
    });
  });

  it('drops fields of the wrong type instead of the whole event', () => {
    expect(parseProgressData('{"sent":"x","failed":2,"status":""}').events).toEqual([{ failed: 2 }]);
  });
});
