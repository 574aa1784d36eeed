import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Store } from './store/index.js';

export interface HealthState {
  ready: boolean;
}

/**
 * GET /healthz: 503 until the app is ready, then 200 with "ok", or "degraded" while the poller's recent
 * passes fail (MoltFlow down): the app is up and will catch up, so a load balancer should keep it.
 */
export function handleHealth(state: HealthState, store: Store) {
  return (_req: IncomingMessage, res: ServerResponse): void => {
    if (!state.ready) {
      reply(res, 503, { status: 'starting' });
      return;
    }
    const poller = store.getPollerState();
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
    const path = req.url?.split('?')[0];
    const route = routes.find((r) => r.method === req.method && r.path === path);
    if (route) route.handler(req, res);
    else reply(res, 404, { error: 'not_found' });
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
