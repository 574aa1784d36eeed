// The App Home: drawn for each viewer when they open it, and redrawn while they may still be looking (opened
// in the last `watchMs`) whenever something it shows changes (the ChangeFeed), paced by HomePublisher.
import type { webApi } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { type ListenerTable, needs } from '../../slack/listener-table.js';
import { gatherHome, viewerTimeZone } from './home-data.js';
import { HomePublisher, type PacingOptions } from './home-publisher.js';
import { buildHomeView, buildNoAccessHome } from './home-view.js';

export { HOME_VIEW } from './home-view.js';

export interface HomeOptions extends PacingOptions {
  /** How long after opening the Home a person's tab is kept current (default 30 minutes). */
  watchMs?: number;
  /** The longest any one section may take to gather (default 4 s). */
  sectionLimitMs?: number;
  /**
   * The viewers of the Home this one replaces (its workspace was rebuilt with new settings): still watched,
   * and redrawn at once, so an admin who just saved sees the result.
   */
  viewers?: readonly [string, number][];
}

/** One workspace's Home: its viewers, its pacing, its Slack client. */
export interface HomeService {
  /** Someone opened the Home tab: draw it now (paced) and keep it current while they may be looking. */
  opened(user: string): void;
  /** Someone without access opened it: a short no-access Home instead. */
  refused(user: string, text: string): void;
  /** Who opened the Home and when (a rebuilt workspace's Home takes them over, see `viewers` below). */
  viewers(): [user: string, openedAt: number][];
  /** Stops refreshing and waits for publishes in flight. */
  stop(): Promise<void>;
}

const TZ_TTL_MS = 10 * 60_000;

/**
 * Built per workspace (the workspace fleet holds one each), with that workspace's context (not the request
 * façade: redraws happen outside any request) and its `slack` client: one of its own with
 * rejectRateLimitedCalls, so a 429 comes back to the publisher (which waits for Retry-After) instead of
 * pausing every other call on a shared client.
 */
export function createHome(ctx: AppContext, slack: webApi.WebClient, options: HomeOptions = {}): HomeService {
  const watchMs = options.watchMs ?? 30 * 60_000;
  const limitMs = options.sectionLimitMs ?? 4_000;
  const publisher = new HomePublisher(ctx.logger.child({ component: 'home' }), options);
  const watchers = new Map<string, number>(options.viewers ?? []);
  const zones = new Map<string, { tz: string; at: number }>();

  const tzOf = async (user: string) => {
    const hit = zones.get(user);
    if (hit && Date.now() - hit.at < TZ_TTL_MS) return hit.tz;
    const tz = await viewerTimeZone(slack, user);
    zones.set(user, { tz, at: Date.now() });
    return tz;
  };

  const draw = (user: string) => async () => {
    // Roles are checked again at every redraw (cached for a minute): someone removed stops seeing it.
    const access = await ctx.access.check(slack, user, 'sales');
    if (!access.allowed) {
      watchers.delete(user);
      const text = ctx.access.denialText('sales', 'open the MoltFlow Home', access);
      await slack.views.publish({ user_id: user, view: buildNoAccessHome(text) });
      return;
    }
    const isAdmin = (await ctx.access.check(slack, user, 'admin')).allowed;
    const data = await gatherHome(ctx, { userId: user, tz: await tzOf(user), isAdmin }, limitMs);
    await slack.views.publish({ user_id: user, view: buildHomeView(data) });
  };

  const unsubscribe = ctx.changes?.subscribe(() => {
    const now = Date.now();
    for (const [user, openedAt] of watchers) {
      if (now - openedAt > watchMs) watchers.delete(user);
      else publisher.schedule(user, draw(user));
    }
  });

  for (const [user] of watchers) publisher.schedule(user, draw(user));

  return {
    opened(user) {
      watchers.set(user, Date.now());
      publisher.schedule(user, draw(user));
    },
    refused(user, text) {
      watchers.delete(user);
      publisher.schedule(user, () =>
        slack.views.publish({ user_id: user, view: buildNoAccessHome(text) }).then(() => undefined),
      );
    },
    viewers: () => [...watchers],
    async stop() {
      unsubscribe?.();
      await publisher.stop();
    },
  };
}

/** `homeOf`: the Home of the request's workspace. */
export function register(table: ListenerTable, homeOf: () => HomeService): void {
  table.event(
    'app_home_opened',
    needs('sales', 'open the MoltFlow Home'),
    async ({ event }) => homeOf().opened(event.user),
    {
      when: (event) => event.tab === 'home',
      denied: async ({ event }, text) => homeOf().refused(event.user, text),
    },
  );
}
