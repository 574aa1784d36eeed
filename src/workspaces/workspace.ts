// One Slack workspace's share of the app: its MoltFlow client and request budget (one per MoltFlow account),
// its Slack clients (its bot token), its slice of the store, its broadcast followers, its poll pass and its
// webhook intake. Single-workspace mode builds one from the environment; OAuth mode builds one per
// installation (fleet.ts). Nothing here is shared between two workspaces except the database connection,
// the replica's heartbeat and the process, so a lead of A can only ever be posted with A's token.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { webApi } from '@slack/bolt';
import type { Dispatcher } from 'undici';
import { MoltflowClient } from '../api/client.js';
import { RateBudget } from '../api/rate-budget.js';
import { retryPolicies } from '../api/retry.js';
import type { MoltflowSlackOptions } from '../app-options.js';
import { ChangeFeed } from '../changes.js';
import type { Config } from '../config.js';
import type { AppContext } from '../context.js';
import * as admin from '../features/admin/index.js';
import * as broadcastsFeature from '../features/broadcasts/index.js';
import { type BroadcastContext, BroadcastHub } from '../features/broadcasts/index.js';
import * as homeFeature from '../features/home/index.js';
import {
  handleWebhook,
  type LeadPollResult,
  type PollCron,
  runLeadPollOnce,
  startPollCron,
  WebhookStats,
} from '../features/lead-feed/index.js';
import type { InFlight } from '../inflight.js';
import type { Logger } from '../log.js';
import type { Replica } from '../replica.js';
import { AccessControl } from '../slack/access.js';
import { fetchUntil } from '../slack/web-client-options.js';
import type { Store } from '../store/index.js';

export interface WorkspaceDeps {
  /** '' in single-workspace mode; the team id (or Enterprise Grid org id) in OAuth mode. */
  workspaceId: string;
  /** This workspace's settings over the environment's defaults. */
  config: Config;
  botToken: string;
  /** Unset: MoltFlow is not connected yet; calls fail with an explanation instead of going out. */
  moltflowApiKey: string | undefined;
  /** The root store (default workspace); the workspace gets its own view. */
  store: Store;
  replica: Replica;
  logger: Logger;
  now: () => Date;
  inFlight: InFlight;
  /** Slack WebClient options shared by every client (base URL, retries that end at shutdown). */
  clientOptions: webApi.WebClientOptions;
  shutdown: AbortSignal;
  options: MoltflowSlackOptions;
  /** Who watched the Home of the workspace this one replaces. */
  homeViewers?: readonly [string, number][];
  /** Shared MoltFlow transport (one keep-alive pool for every workspace); each client sends its own key. */
  dispatcher?: Dispatcher;
}

export interface Workspace {
  readonly id: string;
  readonly botToken: string;
  /** What this workspace's listeners get (the scope façade resolves to it per request). */
  readonly ctx: BroadcastContext;
  /** The bot's client for work outside a request (webhook lines, adoption). */
  readonly slack: webApi.WebClient;
  /** Role lookups happen before the ack: a client that fails fast instead of retrying for minutes. */
  readonly lookupClient: webApi.WebClient;
  /** Its App Home: who is looking, redrawn when this workspace's leads, polls or broadcasts change. */
  readonly home: homeFeature.HomeService;
  /** One poll pass, throwing on failure (never overlapping one in flight is the cron's job). */
  pollOnce(): Promise<LeadPollResult>;
  /** One pass now through the cron (or directly when no cron runs); failures logged. */
  pollNow(): Promise<void>;
  handleWebhook(req: IncomingMessage, res: ServerResponse): void;
  /** Starts background work: broadcast adoption, retention, and (schedule) the poll cron. */
  start(schedule: boolean): Promise<void>;
  /** Stops the crons (the poll pass in flight ends first); listeners and followers go on. */
  stop(): Promise<void>;
  /** After stop() and once listener work has drained: stops the broadcast followers, closes the client. */
  close(): Promise<void>;
}

export function createWorkspace(deps: WorkspaceDeps): Workspace {
  const { config, options, now, inFlight, workspaceId } = deps;
  const logger = workspaceId === '' ? deps.logger : deps.logger.child({ workspace: workspaceId });
  const store = workspaceId === '' ? deps.store : deps.store.forWorkspace(workspaceId);
  const replica = deps.replica.forWorkspace(workspaceId);
  const dispatcher = options.dispatcher ?? deps.dispatcher;
  const moltflow = new MoltflowClient({
    baseUrl: config.moltflow.baseUrl,
    apiKey: deps.moltflowApiKey ?? '',
    // A second of margin per slot: MoltFlow's window starts when a request arrives, ours when it leaves.
    budget: new RateBudget({
      limitPerMinute: config.moltflow.rateLimitPerMin,
      windowMarginMs: 1_000,
      // A fifth of the minute is kept for people while the budget is short; a poll pass waits at most 20 s.
      peopleReserve: Math.floor(config.moltflow.rateLimitPerMin / 5),
      maxDeferMs: 20_000,
      ...options.budgetClock,
    }),
    logger: logger.child({ component: 'moltflow' }),
    ...(dispatcher ? { dispatcher } : {}),
    ...(options.moltflowRetryPolicy ? { retryPolicy: options.moltflowRetryPolicy } : {}),
    ...(options.moltflowTimeoutMs ? { timeoutMs: options.moltflowTimeoutMs } : {}),
  });
  const moltflowInteractive = moltflow.withDefaults({
    retryPolicy: retryPolicies.interactive,
    timeoutMs: options.interactiveTimeoutMs ?? 8_000,
    priority: 'interactive',
  });
  const access = new AccessControl({ lists: config.access, logger: logger.child({ component: 'access' }) });
  const slack = new webApi.WebClient(deps.botToken, deps.clientOptions);
  const lookupClient = new webApi.WebClient(deps.botToken, {
    ...deps.clientOptions,
    retryConfig: { retries: 0 },
    timeout: 2_000,
  });
  // The poll pass's own clients, cut off at shutdown (fetchUntil): what they leave unfinished is safe.
  const pollerOptions: webApi.WebClientOptions = { ...deps.clientOptions, fetch: fetchUntil(deps.shutdown) };
  const pollerSlack = new webApi.WebClient(deps.botToken, pollerOptions);
  // Card posts must never be retried blindly (a retry after an unclear failure could double a card).
  const poster = new webApi.WebClient(deps.botToken, {
    ...pollerOptions,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
  // What changed in this workspace (the App Home redraws on it); told by the feed, moves and followers.
  const changes = new ChangeFeed();
  // Live broadcast progress: its own Slack client, so a rate-limited chat.update pauses only those edits.
  const broadcasts = new BroadcastHub({
    changes,
    moltflow,
    slack: new webApi.WebClient(deps.botToken, deps.clientOptions),
    store,
    replica,
    logger,
    intervalMs: config.outreach.progressUpdateMs,
    stallMs: config.outreach.progressStallMs,
    now,
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  const stats = new WebhookStats();
  const ctx: BroadcastContext = {
    config,
    logger,
    moltflow,
    moltflowInteractive,
    store,
    access,
    now,
    replica,
    push: { stats },
    changes,
    broadcasts,
  } satisfies AppContext & { broadcasts: BroadcastHub };

  // The Home's own client: a 429 comes back to its publisher, which waits, and pauses no other Slack call.
  const homeSlack = new webApi.WebClient(deps.botToken, {
    ...deps.clientOptions,
    rejectRateLimitedCalls: true,
  });
  const home = homeFeature.createHome(ctx, homeSlack, { ...options.home, viewers: deps.homeViewers ?? [] });

  // No leads channel yet (an OAuth workspace before its admin picks one): no feed, and a pass says why.
  const channel = config.leads.channel;
  const runPollOnce = async () => {
    if (channel === undefined) throw new Error('No leads channel is set for this workspace yet');
    return runLeadPollOnce({
      signal: deps.shutdown,
      moltflow,
      slack: pollerSlack,
      poster,
      store,
      liveReplicas: () => replica.liveReplicas(),
      logger: logger.child({ component: 'poller' }),
      channel,
      backfillHours: config.leads.backfillHours,
      now,
      changes,
      ...(options.sleep ? { sleep: options.sleep } : {}),
    });
  };
  const pollOnce = () => inFlight.track(runPollOnce());
  const webhook = handleWebhook({
    // Without a channel there is nowhere to post: the intake stays off (404), as with no secret.
    secret: channel === undefined ? undefined : config.moltflow.webhookSecret,
    moltflow,
    slack,
    poster,
    store,
    logger: logger.child({ component: 'webhook' }),
    channel: channel ?? '',
    stats,
    now,
    changes,
    track: (work) => void inFlight.track(work),
  });
  /** LEAD_RETENTION_DAYS and AUDIT_RETENTION_DAYS; a failure is logged, never stops the app. */
  const runRetention = async () => {
    try {
      await admin.runRetentionOnce({ store, logger, now }, config.retention);
    } catch (error) {
      logger.warn('retention pass failed', { error });
    }
  };

  let pollCron: PollCron | null = null;
  let retentionCron: admin.RetentionCron | null = null;
  let stopping: Promise<void> | null = null;
  let closing: Promise<void> | null = null;
  return {
    id: workspaceId,
    botToken: deps.botToken,
    ctx,
    slack,
    lookupClient,
    home,
    pollOnce,
    async pollNow() {
      if (pollCron) return pollCron.runNow();
      await pollOnce().catch((error) => logger.warn('lead poll pass failed', { error }));
    },
    handleWebhook: webhook,
    async start(schedule) {
      broadcasts.adoptEvery(replica.ttlMs, () => broadcastsFeature.resumeBroadcasts(ctx, slack));
      void inFlight.track(runRetention()); // once at start, then daily; it logs its own failure
      if (schedule && deps.moltflowApiKey !== undefined && channel !== undefined) {
        pollCron = startPollCron(pollOnce, { cron: config.leads.pollCron, logger, replica });
        void pollCron.runNow();
      }
      if (schedule) retentionCron = admin.startRetentionCron(runRetention, logger);
    },
    stop() {
      stopping ??= (async () => {
        await pollCron?.stop();
        await retentionCron?.stop();
      })();
      return stopping;
    },
    close() {
      closing ??= (async () => {
        await home.stop();
        await broadcasts.stop();
        // A shared transport stays open (its owner closes it); a client that made its own pool closes it.
        await moltflow.close();
      })();
      return closing;
    },
  };
}
