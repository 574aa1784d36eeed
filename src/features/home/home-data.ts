// What the Home shows, gathered for one viewer: every section at once, each within a time limit, and each on
// its own, so MoltFlow being down (or slow) greys out its sections and never the whole Home.
import type { webApi } from '@slack/bolt';
import { MoltflowConnectionError, MoltflowHttpError } from '../../api/errors.js';
import { listSchedules } from '../../api/schedules.js';
import { listSessions } from '../../api/sessions.js';
import type { AppContext } from '../../context.js';
import { isTimeZone, UTC, weekWindows } from '../../domain/time.js';
import type { LeadStats, PollerState } from '../../store/index.js';
import { readWorkspaceSettings, type WorkspacePreferences } from '../settings/index.js';

export type Section<T> = { ok: true; value: T } | { ok: false };

export interface HomeBroadcast {
  groupName: string;
  sessionName: string;
  sent: number;
  total: number;
  failed: number;
  status: string;
}

export interface HomeData {
  at: Date;
  viewer: { userId: string; tz: string };
  pipeline: Section<{ thisWeek: LeadStats; lastWeek: LeadStats }>;
  broadcasts: Section<HomeBroadcast[]>;
  schedules: Section<{ name: string; nextRunAt: Date }[]>;
  health: {
    moltflow: { state: 'ok' } | { state: 'invalid_key' } | { state: 'down'; reason: string };
    push: { state: 'off' } | { state: 'on'; accepted: number; refused: number; lastDeliveryAt: Date | null };
    poll: Section<PollerState>;
    budget: { remaining: number; limitPerMinute: number; pausedUntil: Date | null };
  };
  /** Admins only: the workspace's settings (not-ok when they could not be read) and its route count. */
  settings?: { current: Section<AdminSettings>; routes: Section<number> };
}

/** Never more of a key than its last four characters (and none of a short one). */
export type HomeConnection =
  | {
      state: 'connected';
      last4: string;
      planName: string | null;
      requestsPerMinute: number;
      missingScopes: string[];
    }
  /** Single-workspace mode before an admin connects a key here: the app runs on the environment's. */
  | { state: 'environment'; last4: string | null }
  | { state: 'none' };

export interface AdminSettings extends WorkspacePreferences {
  moltflow: HomeConnection;
}

/** `work`'s answer, or not-ok when it fails or takes longer than `ms` (its late answer is ignored). */
export async function within<T>(ms: number, work: () => Promise<T>): Promise<Section<T>> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Section<T>>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false }), ms);
  });
  try {
    return await Promise.race([work().then((value): Section<T> => ({ ok: true, value })), late]);
  } catch {
    return { ok: false };
  } finally {
    clearTimeout(timer);
  }
}

/** The viewer's zone from Slack (users.info, needs users:read); UTC when Slack does not say. */
export async function viewerTimeZone(client: webApi.WebClient, userId: string): Promise<string> {
  try {
    const tz = (await client.users.info({ user: userId })).user?.tz;
    return tz && isTimeZone(tz) ? tz : UTC;
  } catch {
    return UTC;
  }
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const text = (v: unknown, fallback: string): string => (typeof v === 'string' && v !== '' ? v : fallback);

/** MoltFlow answered the cheapest authenticated question: reachable, and the key is valid. */
async function probeMoltflow(ctx: AppContext, limitMs: number): Promise<HomeData['health']['moltflow']> {
  let failure: unknown = new Error(`no answer within ${limitMs / 1000} s`);
  const probe = await within(limitMs, () =>
    listSessions(ctx.moltflowInteractive).catch((error: unknown) => {
      failure = error;
      throw error;
    }),
  );
  if (probe.ok) return { state: 'ok' };
  if (failure instanceof MoltflowHttpError && failure.status === 401) return { state: 'invalid_key' };
  if (failure instanceof MoltflowHttpError) return { state: 'down', reason: `HTTP ${failure.status}` };
  if (failure instanceof MoltflowConnectionError) return { state: 'down', reason: failure.message };
  return { state: 'down', reason: failure instanceof Error ? failure.message : String(failure) };
}

export async function gatherHome(
  ctx: AppContext,
  viewer: { userId: string; tz: string; isAdmin: boolean },
  limitMs: number,
): Promise<HomeData> {
  const at = ctx.now();
  const weeks = weekWindows(at, viewer.tz);
  const [pipeline, broadcasts, schedules, moltflow, poll, routes, current] = await Promise.all([
    within(limitMs, async () => {
      const [thisWeek, lastWeek] = await Promise.all([
        ctx.store.leadStats(weeks.thisWeek),
        ctx.store.leadStats(weeks.lastWeek),
      ]);
      return { thisWeek, lastWeek };
    }),
    within(limitMs, async () =>
      (await ctx.store.broadcasts.listOpen()).map((job): HomeBroadcast => {
        const s = job.state;
        return {
          groupName: text(s.groupName, job.jobId),
          sessionName: text(s.sessionName, 'a WhatsApp session'),
          sent: num(s.sent),
          total: num(s.total),
          failed: num(s.failed),
          status: text(s.status, job.status),
        };
      }),
    ),
    within(limitMs, async () => {
      const { schedules: all } = await listSchedules(ctx.moltflowInteractive, { limit: 50 });
      return all
        .filter((s) => s.status === 'active' && s.nextRunAt !== null && s.nextRunAt >= at)
        .map((s) => ({ name: s.name, nextRunAt: s.nextRunAt as Date }))
        .sort((a, b) => a.nextRunAt.getTime() - b.nextRunAt.getTime());
    }),
    probeMoltflow(ctx, limitMs),
    within(limitMs, () => ctx.store.getPollerState()),
    viewer.isAdmin ? within(limitMs, async () => (await ctx.store.routes.list()).length) : null,
    viewer.isAdmin ? within(limitMs, () => adminSettings(ctx)) : null,
  ]);
  const stats = ctx.push?.stats;
  const budget = ctx.moltflow.budgetSnapshot();
  const { config } = ctx;
  return {
    at,
    viewer: { userId: viewer.userId, tz: viewer.tz },
    pipeline,
    broadcasts,
    schedules,
    health: {
      moltflow,
      // Without a secret the webhook endpoint answers 404, so push is off whatever MoltFlow has registered.
      push:
        config.moltflow.webhookSecret && stats
          ? {
              state: 'on',
              accepted: stats.accepted,
              refused: stats.refused,
              lastDeliveryAt: stats.lastDeliveryAt,
            }
          : { state: 'off' },
      poll,
      budget: {
        remaining: budget.remaining,
        limitPerMinute: budget.limitPerMinute,
        pausedUntil: budget.pausedUntil,
      },
    },
    ...(routes && current ? { settings: { current, routes } } : {}),
  };
}

async function adminSettings(ctx: AppContext): Promise<AdminSettings> {
  const { connection, preferences } = await readWorkspaceSettings(ctx);
  if (connection) {
    const { last4, planName, requestsPerMinute, missingScopes } = connection;
    return {
      ...preferences,
      moltflow: { state: 'connected', last4, planName, requestsPerMinute, missingScopes },
    };
  }
  const envKey = ctx.config.moltflow.apiKey;
  if (!envKey) return { ...preferences, moltflow: { state: 'none' } };
  // A short key would be half given away by its last four characters; none are shown then.
  return {
    ...preferences,
    moltflow: { state: 'environment', last4: envKey.length >= 12 ? envKey.slice(-4) : null },
  };
}
