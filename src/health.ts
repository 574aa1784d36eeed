import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Store } from './store/index.js';

export interface HealthState {
  ready: boolean;
}

/**
 * GET /healthz: 503 until the app is ready, then 200 with "ok", or "degraded" while the poller's recent
 * passes fail (MoltFlow down): the app is up and will catch up, so a load balancer should keep it. A store
 * that cannot be read (disk gone, file locked or corrupt) is 503 "unhealthy": nothing the app does can be
 * remembered, so it should be taken out, and a probe must never be what brings the process down.
 */
export function handleHealth(state: HealthState, store: Store) {
  return async (_req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!state.ready) {
      reply(res, 503, { status: 'starting' });
      return;
    }
    let poller: Awaited<ReturnType<Store['getPollerState']>>;
    try {
      poller = await store.getPollerState();
    } catch (err) {
      reply(res, 503, {
        status: 'unhealthy',
        store: { ok: false, error: err instanceof Error ? err.message : String(err) },
      });
      return;
    }
    const degraded = poller.consecutiveFailures > 0;
    reply(res, 200, {
      status: degraded ? 'degraded' : 'ok',
      poller: {
        lastRunAt: poller.lastRunAt?.toISOString() ?? null,
        lastRunOk: poller.lastRunOk,
        consecutiveFailures: poller.consecutiveFailures,
      },
    });
  };
}

export interface HttpRoute {
  path: string;
  method: string;
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

/**
 * In Socket Mode nothing else listens on PORT, so /healthz (and the webhook endpoint) get a tiny server of
 * their own.
 */
export async function startHealthServer(port: number, routes: readonly HttpRoute[]): Promise<Server> {
  const server = createServer((req, res) => {
    try {
      const path = req.url?.split('?')[0];
      const route = routes.find((r) => r.method === req.method && r.path === path);
      if (route) route.handler(req, res);
      else reply(res, 404, { error: 'not_found' });
    } catch (err) {
      // Nothing Bolt-like stands behind this server: a throw here would be an uncaught exception.
      if (!res.headersSent) reply(res, 500, { status: 'unhealthy', error: String(err) });
      else res.destroy();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
  return server;
}

function reply(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
