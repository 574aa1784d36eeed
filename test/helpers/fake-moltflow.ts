// A fake MoltFlow API v2 on a real loopback port: X-API-Key auth, FastAPI-style errors, injectable faults
// (status, reset, hang, raw bodies), per-route overrides and an optional per-minute rate limit.
// Routes live in moltflow-api/<area>.ts as small tables; add an area by adding its table to ROUTES.
// Several tenants (MoltFlow accounts) share one server, each with its own API key, data, plan and scopes
// (moltflow-api/tenants.ts); `apiKey` and `state` are the default tenant's, so single-tenant tests read as before.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { queryRecord, readBody, sendJson, sendRaw, startServer, stopServer } from './fake-http.js';
import { FaultQueue } from './fault-queue.js';
import { accountRoutes } from './moltflow-api/account.js';
import { bulkSendRoutes } from './moltflow-api/bulk-send.js';
import { customGroupRoutes } from './moltflow-api/custom-groups.js';
import { leadBulkRoutes } from './moltflow-api/lead-bulk.js';
import { leadRoutes } from './moltflow-api/leads.js';
import { monitoredGroupRoutes } from './moltflow-api/monitored-groups.js';
import { RateLimiter } from './moltflow-api/rate-limit.js';
import {
  invalid,
  matchPath,
  type PathPattern,
  type Route,
  type RouteAnswer,
  type RouteContext,
} from './moltflow-api/router.js';
import { scheduledMessageRoutes } from './moltflow-api/scheduled-messages.js';
import type { LeadInput, MoltflowState, Reciprocity, WireLead } from './moltflow-api/state.js';
import { scopeGate, Tenant, type TenantOptions } from './moltflow-api/tenants.js';
import { webhookRoutes } from './moltflow-api/webhooks.js';
import { RequestSignal, type WaitOptions } from './wait.js';

export type { Route, RouteAnswer, RouteContext } from './moltflow-api/router.js';
export type { WireLead, WireSession } from './moltflow-api/state.js';
export { ALL_SCOPES, requiredScope, Tenant, type TenantOptions } from './moltflow-api/tenants.js';

export type MoltflowFault =
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string>; times?: number }
  | { kind: 'reset'; times?: number }
  | { kind: 'hang'; times?: number }
  | { kind: 'raw'; body: string; contentType?: string; times?: number };
export interface MoltflowRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  at: number;
}
type RouteFilter = { method?: string; path?: PathPattern } | 'all';
type OverrideHandler = (req: {
  query: Record<string, string>;
  body: unknown;
  params: Record<string, string>;
}) => RouteAnswer;

type Incoming = Pick<RouteContext, 'method' | 'path' | 'query' | 'body' | 'req' | 'res'>;

const PREFIX = '/api/v2';
// leadBulkRoutes first: its static paths ('/leads/bulk/status') would otherwise meet '/leads/:id/…'.
const ROUTES: Route[] = [
  ...leadBulkRoutes,
  ...leadRoutes,
  ...accountRoutes,
  ...customGroupRoutes,
  ...monitoredGroupRoutes,
  ...scheduledMessageRoutes,
  ...bulkSendRoutes,
  ...webhookRoutes,
];

export class FakeMoltflow {
  readonly requests: MoltflowRequest[] = [];
  /** The default tenant's data; route areas export seed helpers that take this (e.g. customGroups(fake.state)). */
  readonly state: MoltflowState;
  /** The default tenant (every scope, Business plan unless a test lowers `state.plan`). */
  readonly tenant: Tenant;
  private readonly tenants = new Map<string, Tenant>();
  private readonly signal = new RequestSignal(() => this.recentRequests());
  private readonly faults = new FaultQueue<RouteFilter, MoltflowFault>();
  private overrides: Route[] = [];
  private limiter: RateLimiter | undefined;
  private server: Server | undefined;
  private origin = '';

  private constructor(readonly apiKey: string) {
    this.tenant = this.addTenant({ apiKey });
    this.state = this.tenant.state;
  }

  /** Every tenant's key: none may ever reach Slack or a log line (the harness checks at close). */
  get apiKeys(): string[] {
    return [...this.tenants.keys()];
  }

  /** Another MoltFlow account on the same server, answering to its own key with its own data. */
  addTenant(opts: TenantOptions): Tenant {
    if (this.tenants.has(opts.apiKey)) throw new Error('FakeMoltflow: a tenant already has that key');
    const tenant = new Tenant(opts);
    this.tenants.set(opts.apiKey, tenant);
    return tenant;
  }

  static async start(opts: { apiKey?: string } = {}): Promise<FakeMoltflow> {
    const fake = new FakeMoltflow(opts.apiKey ?? 'mf_test_key_123456');
    const { server, origin } = await startServer((req, res) => fake.handle(req, res));
    fake.server = server;
    fake.origin = origin;
    return fake;
  }

  get baseUrl(): string {
    return `${this.origin}${PREFIX}`;
  }

  addLead(partial?: LeadInput): WireLead {
    return this.state.addLead(partial);
  }
  addLeads(n: number, make?: (i: number) => LeadInput): WireLead[] {
    return Array.from({ length: n }, (_, i) => this.state.addLead(make?.(i)));
  }
  /** A change made outside Slack (e.g. in the MoltFlow dashboard); not checked against the pipeline. */
  setLeadStatus(id: string, status: string): void {
    this.patchLead(id, { lead_status: status });
  }
  /** Overwrites fields as given, so a test can make a lead malformed on purpose. */
  patchLead(id: string, patch: Partial<WireLead> | Record<string, unknown>): void {
    const lead = this.state.find(id);
    if (!lead) throw new Error(`FakeMoltflow: no lead ${id}`);
    Object.assign(lead, patch);
  }
  deleteLead(id: string): void {
    const i = this.state.leads.findIndex((l) => l.data.id === id);
    if (i >= 0) this.state.leads.splice(i, 1);
  }
  lead(id: string): WireLead | undefined {
    const lead = this.state.find(id);
    return lead ? (structuredClone(lead) as unknown as WireLead) : undefined;
  }
  setReciprocity(leadId: string, r: Reciprocity): void {
    this.state.reciprocity.set(leadId, r);
  }
  setSessions(sessions: { id?: string; name: string; status: string; phone_number?: string | null }[]): void {
    this.state.setSessions(sessions);
  }

  requestsTo(method: string, pathPattern: PathPattern): MoltflowRequest[] {
    return this.requests.filter((r) => r.method === method.toUpperCase() && matchPath(pathPattern, r.path));
  }

  /** Queue a fault; `times` defaults to 1 and may be Infinity. Faults apply before auth and routing. */
  fail(route: RouteFilter, fault: MoltflowFault): void {
    this.faults.add(route, fault);
  }
  clearFaults(): void {
    this.faults.clear();
  }

  /** A custom answer for a route, ahead of the built-in ones; the latest override wins. */
  override(method: string, path: PathPattern, handler: OverrideHandler): void {
    const route: Route = {
      method: method.toUpperCase(),
      path,
      handle: ({ query, body, params }) => handler({ query, body, params }),
    };
    this.overrides.unshift(route);
  }

  /** Requests refused with 429 by enforceRateLimit so far. */
  get rateLimited(): number {
    return this.limiter?.rejected ?? 0;
  }

  enforceRateLimit(perMinute: number | null, now: () => number = Date.now): void {
    this.limiter = perMinute === null ? undefined : new RateLimiter(perMinute, now);
  }

  waitFor<T>(check: () => T | undefined | false, opts?: WaitOptions): Promise<T> {
    return this.signal.waitFor(check, opts);
  }

  /** Stops the server and ends hanging or streaming requests (their clients see a closed socket). */
  async close(): Promise<void> {
    if (this.server) await stopServer(this.server);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname.startsWith(`${PREFIX}/`) ? url.pathname.slice(PREFIX.length) : url.pathname;
    const raw = await readBody(req);
    let body: unknown;
    let badJson = false;
    try {
      body = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : undefined;
    } catch {
      body = raw.toString('utf8');
      badJson = true;
    }
    const query = queryRecord(url);
    this.requests.push({ method, path, query, headers: { ...req.headers }, body, at: Date.now() });
    this.signal.notify();
    if (!this.applyFault(method, path, req, res)) {
      const answer = this.answer({ method, path, query, body, req, res }, url.pathname, badJson);
      const type = answer?.headers?.['content-type'];
      if (answer && typeof answer.body === 'string' && type && !type.includes('json')) {
        const { 'content-type': _, ...rest } = answer.headers ?? {};
        sendRaw(res, answer.status, answer.body, type, rest);
      } else if (answer) sendJson(res, answer.status, answer.body ?? null, answer.headers);
    }
    this.signal.notify();
  }

  /** Rate limit, auth, then the first matching route; undefined when a route streamed its own answer. */
  private answer(request: Incoming, fullPath: string, badJson: boolean): RouteAnswer | undefined {
    const { method, path, req } = request;
    const limit = this.limiter?.take();
    const headers = limit?.headers ?? {};
    const withHeaders = (a: RouteAnswer): RouteAnswer => ({ ...a, headers: { ...headers, ...a.headers } });
    if (limit && !limit.allowed) return withHeaders({ status: 429, body: { detail: 'Rate limit exceeded' } });
    if (!fullPath.startsWith(`${PREFIX}/`))
      return withHeaders({ status: 404, body: { detail: 'Not Found' } });
    const key = req.headers['x-api-key'];
    const tenant = typeof key === 'string' ? this.tenants.get(key) : undefined;
    if (!tenant) return withHeaders({ status: 401, body: { detail: 'Invalid API key' } });
    if (badJson) return withHeaders(invalid(['body', 0], 'JSON decode error', 'json_invalid'));
    let pathExists = false;
    for (const route of [...this.overrides, ...ROUTES]) {
      const params = matchPath(route.path, path);
      if (!params) continue;
      pathExists = true;
      if (route.method !== method) continue;
      const refused = scopeGate(tenant, method, path);
      if (refused) return withHeaders(refused);
      const answer = route.handle({ ...request, params, state: tenant.state, headers });
      return answer ? withHeaders(answer) : undefined;
    }
    return withHeaders(
      pathExists
        ? { status: 405, body: { detail: 'Method Not Allowed' } }
        : { status: 404, body: { detail: 'Not Found' } },
    );
  }

  /** Answers with the first queued fault matching the request, if any; true when it did. */
  private applyFault(method: string, path: string, req: IncomingMessage, res: ServerResponse): boolean {
    const fault = this.faults.take((route) => {
      if (route === 'all') return true;
      if (route.method && route.method.toUpperCase() !== method) return false;
      return route.path === undefined || matchPath(route.path, path) !== undefined;
    });
    if (!fault) return false;
    if (fault.kind === 'reset') req.socket.destroy();
    else if (fault.kind === 'raw') sendRaw(res, 200, fault.body, fault.contentType ?? 'application/json');
    else if (fault.kind === 'status') {
      sendJson(res, fault.status, fault.body ?? { detail: `Injected HTTP ${fault.status}` }, fault.headers);
    }
    // 'hang': leave the response open; close() ends it.
    return true;
  }

  private recentRequests(): string {
    const recent = this.requests.slice(-8).map((r) => `${r.method} ${r.path}`);
    return `Recent MoltFlow requests (${this.requests.length} total): ${recent.join(', ') || 'none'}`;
  }
}
