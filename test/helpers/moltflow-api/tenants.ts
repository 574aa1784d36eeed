// MoltFlow accounts on the fake server: each tenant has its own API key, data (MoltflowState: leads, groups,
// sessions …), plan and scope list. Scopes follow api §1.2: `<area>:read` / `<area>:manage`, where manage
// includes read; a request whose scope the key lacks gets MoltFlow's 403 with `X-Required-Scopes` (§1.3,
// 2.8.6+) and a FastAPI `{detail}` body, before the route runs.
import type { RouteAnswer } from './router.js';
import { MoltflowState, type Plan } from './state.js';

/** The first path segment → the scope family that guards it. */
const AREA_SCOPES: Record<string, string> = {
  leads: 'leads',
  sessions: 'sessions',
  usage: 'usage',
  groups: 'groups',
  'custom-groups': 'custom-groups',
  'bulk-send': 'bulk-send',
  'scheduled-messages': 'scheduled',
  webhooks: 'webhooks',
  messages: 'messages',
};

/** Every scope the fake knows: a key created with all of them can do everything. */
export const ALL_SCOPES: readonly string[] = Object.values(AREA_SCOPES).flatMap((area) => [
  `${area}:read`,
  `${area}:manage`,
]);

export interface TenantOptions {
  apiKey: string;
  /** Default: Business (every feature). */
  plan?: Plan;
  /** Default: every scope. */
  scopes?: readonly string[];
}

export class Tenant {
  readonly apiKey: string;
  readonly state = new MoltflowState();
  /** Mutable so a test can revoke a scope mid-way (the dashboard edits a key's scopes). */
  scopes: Set<string>;

  constructor(opts: TenantOptions) {
    this.apiKey = opts.apiKey;
    if (opts.plan) this.state.plan = opts.plan;
    this.scopes = new Set(opts.scopes ?? ALL_SCOPES);
  }

  /** True when the key holds `scope` (a manage scope also grants its read). */
  has(scope: string): boolean {
    if (this.scopes.has(scope)) return true;
    const [area, level] = scope.split(':');
    return level === 'read' && this.scopes.has(`${area}:manage`);
  }
}

/** The scope a request needs: reads need `<area>:read`, anything else `<area>:manage`; undefined if unguarded. */
export function requiredScope(method: string, path: string): string | undefined {
  const area = AREA_SCOPES[path.split('/')[1] ?? ''];
  if (!area) return undefined;
  if (area === 'messages') return method === 'GET' ? 'messages:read' : 'messages:send';
  return `${area}:${method === 'GET' ? 'read' : 'manage'}`;
}

/** MoltFlow's 403 for a missing scope, or undefined when the tenant may make the request. */
export function scopeGate(tenant: Tenant, method: string, path: string): RouteAnswer | undefined {
  const scope = requiredScope(method, path);
  if (scope === undefined || tenant.has(scope)) return undefined;
  return {
    status: 403,
    body: { detail: `API key is missing required scope: ${scope}` },
    headers: { 'X-Required-Scopes': scope },
  };
}
