// Account-level checks of a MoltFlow key (a folder of its own: src/api holds the 15-file maximum).
// A live check of a MoltFlow API key before the app stores it: is it a key at all (401), which of the
// scopes the app's features need does it lack (403 + X-Required-Scopes, api §1.2–1.3), which plan is it on
// (GET /usage/current → `plan`, §1.4) and is MoltFlow reachable. It spends the tenant's own request budget,
// so it makes a handful of GETs, in parallel, once, with a short timeout and no retries; a read proves the
// family's read scope only (a write cannot be probed without side effects: a missing manage scope is named
// by the 403 when someone first tries it).
import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { PLANS, type PlanInfo, planFrom } from '../../domain/plans.js';
import { MoltflowClient } from '../client.js';
import {
  MoltflowConnectionError,
  MoltflowHttpError,
  MoltflowRateLimitError,
  MoltflowValidationError,
} from '../errors.js';
import { RateBudget } from '../rate-budget.js';
import { retryPolicies } from '../retry.js';

export interface KeyProbe {
  /** The feature area, a stable id (`lead-feed`, `groups` …). */
  readonly area: string;
  readonly path: string;
  readonly query?: Record<string, number>;
  /** The scope this GET proves. */
  readonly scope: string;
  /** What stops working without it, in words for the admin. */
  readonly disables: string;
  /** Without it the app has no point: the key is refused. */
  readonly essential: boolean;
}

/** One GET per scope family the features need; `/usage/current` also tells the plan. */
export const KEY_PROBES: readonly KeyProbe[] = [
  {
    area: 'lead-feed',
    path: '/leads',
    query: { limit: 1 },
    scope: 'leads:read',
    disables: 'the lead feed and /leads',
    essential: true,
  },
  {
    area: 'usage',
    path: '/usage/current',
    scope: 'usage:read',
    disables: 'reading your plan (the app assumes the Free plan’s limit)',
    essential: false,
  },
  {
    area: 'sessions',
    path: '/sessions',
    scope: 'sessions:read',
    disables: 'picking a WhatsApp session (reciprocity checks, /bulksend, /schedule)',
    essential: false,
  },
  {
    area: 'groups',
    path: '/custom-groups',
    query: { limit: 1 },
    scope: 'custom-groups:read',
    disables: '/groups and Add to group',
    essential: false,
  },
  {
    area: 'broadcasts',
    path: '/bulk-send',
    query: { limit: 1 },
    scope: 'bulk-send:read',
    disables: '/bulksend broadcasts',
    essential: false,
  },
  {
    area: 'schedules',
    path: '/scheduled-messages',
    query: { limit: 1 },
    scope: 'scheduled:read',
    disables: '/schedule',
    essential: false,
  },
];

export interface MissingAccess {
  area: string;
  /** The scopes MoltFlow named (X-Required-Scopes), or the probe's own when it named none. */
  scopes: string[];
  disables: string;
  essential: boolean;
}

export type KeyCheckResult =
  | {
      outcome: 'ok';
      /** The plan MoltFlow reported; undefined when it could not be read (no usage:read, unknown name). */
      plan: PlanInfo | undefined;
      /** The plan's limit, or the Free plan's when the plan is unknown (the safe assumption). */
      requestsPerMinute: number;
      missing: MissingAccess[];
    }
  | { outcome: 'invalid' }
  | { outcome: 'unreachable'; reason: 'timeout' | 'connection' | 'server' | 'rate_limited' };

export interface KeyCheckOptions {
  baseUrl: string;
  apiKey: string;
  /** Default: a fresh undici Agent, closed after the check. */
  dispatcher?: Dispatcher;
  /** Per request. Default 5 s: a person is waiting on a modal. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

const UsageSchema = z.looseObject({ plan: z.string().nullish() });

type ProbeAnswer =
  | { kind: 'ok'; body: unknown }
  | { kind: 'invalid' }
  | { kind: 'missing'; scopes: string[] }
  | { kind: 'unreachable'; reason: 'timeout' | 'connection' | 'server' | 'rate_limited' };

/** Probes every scope family at once through a client built for the candidate key (the one request seam). */
export async function checkMoltflowKey(opts: KeyCheckOptions): Promise<KeyCheckResult> {
  const client = new MoltflowClient({
    baseUrl: opts.baseUrl,
    apiKey: opts.apiKey,
    ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {}),
    timeoutMs: opts.timeoutMs ?? 5_000,
    retryPolicy: retryPolicies.none,
    // The key's own budget, apart from the app's: the probes are all it spends here. Background priority on
    // purpose: an interactive ticket is capped at half the budget per person, which would hold back half
    // the probes for a minute.
    budget: new RateBudget({ limitPerMinute: KEY_PROBES.length }),
  });
  try {
    const answers = await Promise.all(KEY_PROBES.map((probe) => runProbe(client, probe, opts.signal)));
    return interpret(answers);
  } finally {
    await client.close();
  }
}

async function runProbe(client: MoltflowClient, probe: KeyProbe, signal?: AbortSignal): Promise<ProbeAnswer> {
  try {
    const body = await client.request({
      method: 'GET',
      path: probe.path,
      ...(probe.query ? { query: probe.query } : {}),
      schema: z.unknown(),
      ...(signal ? { signal } : {}),
    });
    return { kind: 'ok', body };
  } catch (err) {
    if (err instanceof MoltflowRateLimitError) return { kind: 'unreachable', reason: 'rate_limited' };
    if (err instanceof MoltflowHttpError) {
      if (err.status === 401) return { kind: 'invalid' };
      // A 403 without X-Required-Scopes is a plan gate on that area, which the plan line already explains.
      if (err.status === 403) return { kind: 'missing', scopes: err.requiredScopes };
      if (err.status >= 500) return { kind: 'unreachable', reason: 'server' };
      return { kind: 'missing', scopes: [] };
    }
    if (err instanceof MoltflowConnectionError) {
      return { kind: 'unreachable', reason: err.timedOut ? 'timeout' : 'connection' };
    }
    if (err instanceof MoltflowValidationError) return { kind: 'unreachable', reason: 'server' };
    throw err;
  }
}

/** One 401 means the key is not valid; any unclear answer means try again; else what is missing. */
function interpret(answers: readonly ProbeAnswer[]): KeyCheckResult {
  if (answers.some((a) => a.kind === 'invalid')) return { outcome: 'invalid' };
  const unclear = answers.find((a) => a.kind === 'unreachable');
  if (unclear?.kind === 'unreachable') return { outcome: 'unreachable', reason: unclear.reason };
  const missing: MissingAccess[] = [];
  let plan: PlanInfo | undefined;
  answers.forEach((answer, i) => {
    const probe = KEY_PROBES[i] as KeyProbe;
    if (answer.kind === 'missing') {
      const scopes = answer.scopes.length > 0 ? answer.scopes : [probe.scope];
      missing.push({ area: probe.area, scopes, disables: probe.disables, essential: probe.essential });
    } else if (answer.kind === 'ok' && probe.area === 'usage') {
      const usage = UsageSchema.safeParse(answer.body);
      plan = usage.success ? planFrom(usage.data.plan) : undefined;
    }
  });
  return {
    outcome: 'ok',
    plan,
    requestsPerMinute: plan?.requestsPerMinute ?? PLANS.free.requestsPerMinute,
    missing,
  };
}
