import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { WorkspaceFleet, type WorkspaceSource } from '../../src/workspaces/fleet.js';
import type { Workspace } from '../../src/workspaces/workspace.js';

/** A workspace that records what the fleet did to it; its webhook answers with its id. */
function fakeWorkspace(id: string, events: string[]): Workspace {
  return {
    id,
    botToken: `xoxb-${id}`,
    ctx: {} as Workspace['ctx'],
    slack: {} as Workspace['slack'],
    lookupClient: {} as Workspace['lookupClient'],
    home: { opened: () => {}, refused: () => {}, viewers: () => [], stop: async () => {} },
    pollOnce: async () => ({}) as never,
    pollNow: async () => {},
    handleWebhook: (_req, res) => void res.writeHead(200).end(id),
    start: async (schedule) => void events.push(`start ${id} ${schedule}`),
    stop: async () => void events.push(`stop ${id}`),
    close: async () => void events.push(`close ${id}`),
  };
}

function source(installed: Map<string, string>, events: string[]) {
  let loads = 0;
  const src: WorkspaceSource = {
    list: async () => [...installed.keys()],
    load: async (id) => {
      loads += 1;
      const fingerprint = installed.get(id);
      return fingerprint === undefined
        ? undefined
        : { workspaceId: id, fingerprint, create: () => fakeWorkspace(id, events) };
    },
  };
  return { src, loads: () => loads };
}

describe('WorkspaceFleet', () => {
  it('builds a workspace once for a burst of requests, and starts it with the fleet', async () => {
    const events: string[] = [];
    const { src, loads } = source(new Map([['T1', 'a']]), events);
    const fleet = new WorkspaceFleet(src, silentLogger);
    const [a, b] = await Promise.all([fleet.get('T1'), fleet.get('T1')]);
    expect(a).toBe(b);
    expect(loads()).toBe(1);
    expect(events).toEqual([]); // built for a request before start: no background work yet
    await fleet.start(true, 60_000);
    expect(events).toEqual(['start T1 true']);
    expect(await fleet.get('T9')).toBeUndefined();
    await fleet.stop();
    await fleet.close();
    expect(events).toEqual(['start T1 true', 'stop T1', 'close T1']);
  });

  it('syncs with the store: new installs start, changed ones rebuild, removed ones stop', async () => {
    const events: string[] = [];
    const installed = new Map([['T1', 'a']]);
    const { src } = source(installed, events);
    const fleet = new WorkspaceFleet(src, silentLogger);
    await fleet.start(false, 60_000);
    const first = await fleet.get('T1');
    installed.set('T2', 'b');
    installed.set('T1', 'a2');
    await fleet.sync();
    expect(await fleet.get('T1')).not.toBe(first);
    expect(events).toEqual(['start T1 false', 'stop T1', 'close T1', 'start T1 false', 'start T2 false']);
    installed.delete('T1');
    await fleet.sync();
    expect(fleet.list().map((w) => w.id)).toEqual(['T2']);
    expect(events.slice(-2)).toEqual(['stop T1', 'close T1']);
    await fleet.stop();
    await fleet.close();
  });

  it("routes a webhook delivery to its workspace's intake, and answers 404 for anything else", async () => {
    const events: string[] = [];
    const { src } = source(new Map([['T1', 'a']]), events);
    const fleet = new WorkspaceFleet(src, silentLogger);
    const server = createServer((req, res) => {
      void fleet.handleWebhook(decodeURIComponent(req.url?.slice(1) ?? ''), req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const post = (path: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request({ port, host: '127.0.0.1', path, method: 'POST' }, (res) => {
          let body = '';
          res.on('data', (chunk) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end('{}');
      });
    try {
      expect(await post('/T1')).toEqual({ status: 200, body: 'T1' });
      expect((await post('/T2')).status).toBe(404);
      expect((await post('/..%2Fetc')).status).toBe(404);
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await fleet.stop();
      await fleet.close();
    }
  });
});
