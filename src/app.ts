import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, webApi } from '@slack/bolt';
import { MoltflowClient } from './api/client.js';
import { RateBudget } from './api/rate-budget.js';
import { retryPolicies } from './api/retry.js';
import type { MoltflowSlackOptions } from './app-options.js';
import { ChangeFeed } from './changes.js';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import * as admin from './features/admin/index.js';
import * as broadcastsFeature from './features/broadcasts/index.js';
import { BroadcastHub } from './features/broadcasts/index.js';
import * as groups from './features/groups/index.js';
import * as home from './features/home/index.js';
import {
  cronIntervalMs,
  handleWebhook,
  type LeadPollResult,
  type PollCron,
  runLeadPollOnce,
  startPollCron,
  WEBHOOK_PATH,
  WebhookStats,
} from './features/lead-feed/index.js';
import * as leads from './features/leads/index.js';
import * as leadsBulk from './features/leads-bulk/index.js';
import * as schedules from './features/schedules/index.js';
import { type HealthState, type HttpRoute, handleHealth, startHealthServer } from './health.js';
import { InFlight } from './inflight.js';
import { createAppLogger } from './log.js';
import { openReplicaStore, Replica } from './replica.js';
import { AccessControl } from './slack/access.js';
import { singleWorkspaceAuthorize } from './slack/authorize.js';
import { toBoltLogger } from './slack/bolt-logger.js';
import { ListenerTable } from './slack/listener-table.js';
import { fetchUntil, retriesUntil, WEB_API_TIMEOUT_MS } from './slack/web-client-options.js';

export type { MoltflowSlackOptions } from './app-options.js';

export interface MoltflowSlack {
  readonly app: App;
  readonly ctx: AppContext;
  /** The broadcasts whose live progress messages the app keeps up to date. */
  readonly broadcasts: BroadcastHub;
  /** Every listener with the role it needs (tests walk it against personas). */
  readonly table: ListenerTable;
  start(): Promise<{ port: number }>;
  /** Stops the poller, lets in-flight work finish, stops Slack, closes the store. */
  stop(): Promise<void>;
  /** One poll pass now (never overlapping a running one); failures are logged, not thrown. */
  pollNow(): Promise<void>;
  /** One poll pass, throwing on failure (tests and benchmarks). */
  pollOnce(): Promise<LeadPollResult>;
}

export async function createMoltflowSlack(
  config: Config,
  options: MoltflowSlackOptions = {},
): Promise<MoltflowSlack> {
  const logger = options.logger ?? createAppLogger(config);
  const now = options.now ?? (() => new Date());
  const store = options.store ?? (await openReplicaStore(config.databaseUrl, config.replicaId));
  // Leases run on the wall clock even when a test fakes `now`: they must really expire.
  const leaseTtlMs = options.leaseTtlMs ?? Math.min(20_000, cronIntervalMs(config.leads.pollCron));
  const replica = new Replica({ store, logger: logger.child({ component: 'replica' }), ttlMs: leaseTtlMs });
  const moltflow = new MoltflowClient({
    baseUrl: config.moltflow.baseUrl,
    apiKey: config.moltflow.apiKey,
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
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    ...(options.moltflowRetryPolicy ? { retryPolicy: options.moltflowRetryPolicy } : {}),
    ...(options.moltflowTimeoutMs ? { timeoutMs: options.moltflowTimeoutMs } : {}),
  });
  const moltflowInteractive = moltflow.withDefaults({
    retryPolicy: retryPolicies.interactive,
    timeoutMs: options.interactiveTimeoutMs ?? 8_000,
    priority: 'interactive',
  });
  const access = new AccessControl({ lists: config.access, logger: logger.child({ component: 'access' }) });
  const health: HealthState = { ready: false };
  const healthHandler = handleHealth(health, store);
  // Bound once the Slack clients exist; until then (and with no secret) the endpoint answers 404.
  let webhookHandler: HttpRoute['handler'] = (_req, res) => res.writeHead(404).end();
  const webhookRoute: HttpRoute = {
    path: WEBHOOK_PATH,
    method: 'POST',
    handler: (req, res) => webhookHandler(req, res),
  };
  const boltLogger = toBoltLogger(logger.child({ component: 'slack' }));
  // Fired by stop(): the poll pass's MoltFlow and Slack calls end at once, and no Slack call retries after it.
  const shutdown = new AbortController();
  const givenClientOptions: webApi.WebClientOptions = {
    retryConfig: webApi.retryPolicies.fiveRetriesInFiveMinutes,
    timeout: WEB_API_TIMEOUT_MS,
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
    ...options.slackClientOptions,
  };
  const clientOptions: webApi.WebClientOptions = {
    ...givenClientOptions,
    retryConfig: retriesUntil(givenClientOptions.retryConfig, shutdown.signal),
  };

  // The app's own Slack client (pollers, webhook lines, broadcasts), and who the bot is for Bolt.
  const slackClient = new webApi.WebClient(config.slack.botToken, { ...clientOptions, logger: boltLogger });
  const authorize = singleWorkspaceAuthorize(slackClient, config.slack.botToken);
  const app = config.slack.socketMode
    ? new App({
        authorize,
        appToken: config.slack.appToken,
        socketMode: true,
        logger: boltLogger,
        clientOptions,
      })
    : new App({
        authorize,
        logger: boltLogger,
        clientOptions,
        receiver: new HTTPReceiver({
          signingSecret: config.slack.signingSecret ?? '',
          logger: boltLogger,
          customRoutes: [
            { path: '/healthz', method: ['GET'], handler: healthHandler },
            { path: WEBHOOK_PATH, method: ['POST'], handler: webhookRoute.handler },
          ],
          ...(options.ackDeadlineMs ? { unhandledRequestTimeoutMillis: options.ackDeadlineMs } : {}),
        }),
      });

  // The poll pass's own clients, cut off at shutdown (fetchUntil): what they leave unfinished is safe.
  const pollerClientOptions: webApi.WebClientOptions = {
    ...clientOptions,
    logger: boltLogger,
    fetch: fetchUntil(shutdown.signal),
  };
  const pollerSlack = new webApi.WebClient(config.slack.botToken, pollerClientOptions);
  // Card posts must never be retried blindly (a retry after an unclear failure could double a card).
  const poster = new webApi.WebClient(config.slack.botToken, {
    ...pollerClientOptions,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
  // Live broadcast progress: its own Slack client, so a rate-limited chat.update pauses only those edits.
  const changes = new ChangeFeed();
  const broadcasts = new BroadcastHub({
    changes,
    moltflow,
    slack: new webApi.WebClient(config.slack.botToken, { ...clientOptions, logger: boltLogger }),
    store,
    replica,
    logger,
    intervalMs: config.outreach.progressUpdateMs,
    stallMs: config.outreach.progressStallMs,
    now,
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  const webhookStats = new WebhookStats();
  const base = { config, logger, moltflow, moltflowInteractive, store, access, now, replica };
  const ctx: AppContext = { ...base, push: { stats: webhookStats }, changes };

  const inFlight = new InFlight();
  app.use(async ({ next }) => {
    await inFlight.track(next());
  });
  app.error(async (error) => {
    logger.error('unhandled error in a Slack listener', { error });
  });
  const table = new ListenerTable();
  for (const feature of [admin, leads, leadsBulk, groups, schedules]) feature.register(table, ctx);
  const bctx = { ...ctx, broadcasts };
  broadcastsFeature.register(table, bctx);
  // The Home's own client: a 429 comes back to its publisher, which waits, and pauses no other Slack call.
  const homeOptions = { ...clientOptions, logger: boltLogger, rejectRateLimitedCalls: true };
  const homeSlack = new webApi.WebClient(config.slack.botToken, homeOptions);
  const homeFeature = home.register(table, ctx, homeSlack, options.home);
  // Role lookups happen before the ack, so they get a client that fails fast instead of retrying for minutes.
  const lookupClient = new webApi.WebClient(config.slack.botToken, {
    ...clientOptions,
    logger: boltLogger,
    retryConfig: { retries: 0 },
    timeout: 2_000,
  });
  table.install(app, { logger, access, audit: store.audit, lookupClient, now });
  for (const line of config.deprecations) logger.warn(line);

  const pollOnce = () =>
    runLeadPollOnce({
      signal: shutdown.signal,
      moltflow,
      slack: pollerSlack,
      poster,
      store,
      liveReplicas: () => replica.liveReplicas(),
      logger: logger.child({ component: 'poller' }),
      channel: config.leads.channel,
      backfillHours: config.leads.backfillHours,
      now,
      changes,
      ...(options.sleep ? { sleep: options.sleep } : {}),
    });
  const runPass = () => inFlight.track(pollOnce());
  webhookHandler = handleWebhook({
    secret: config.moltflow.webhookSecret,
    moltflow,
    slack: slackClient,
    poster,
    store,
    logger: logger.child({ component: 'webhook' }),
    channel: config.leads.channel,
    stats: webhookStats,
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
  let healthServer: Server | null = null;
  let stopping: Promise<void> | null = null;

  return {
    app,
    ctx,
    broadcasts,
    table,
    pollOnce: runPass,
    pollNow: async () => {
      if (pollCron) return pollCron.runNow();
      await runPass().catch((error) => logger.warn('lead poll pass failed', { error }));
    },
    async start() {
      let port = config.port;
      if (config.slack.socketMode) {
        healthServer = await startHealthServer(config.port, [
          { path: '/healthz', method: 'GET', handler: healthHandler },
          webhookRoute,
        ]);
        port = (healthServer.address() as AddressInfo).port;
        await app.start();
      } else {
        const server = (await app.start(config.port)) as Server;
        port = (server.address() as AddressInfo).port;
      }
      await replica.start();
      broadcasts.adoptEvery(replica.ttlMs, () => broadcastsFeature.resumeBroadcasts(bctx, slackClient));
      void inFlight.track(runRetention()); // once at start, then daily; it logs its own failure
      if (options.schedulePoller !== false) {
        pollCron = startPollCron(runPass, { cron: config.leads.pollCron, logger, replica });
        void pollCron.runNow();
        retentionCron = admin.startRetentionCron(runRetention, logger);
      }
      health.ready = true;
      logger.info('moltflow-slack is running', { mode: config.slack.socketMode ? 'socket' : 'http', port });
      return { port };
    },
    stop() {
      stopping ??= (async () => {
        health.ready = false;
        shutdown.abort();
        await pollCron?.stop();
        await retentionCron?.stop();
        await inFlight.drain();
        await homeFeature.stop();
        await broadcasts.stop();
        await replica.stop();
        await app.stop().catch((error) => logger.warn('error while stopping Slack', { error }));
        await new Promise<void>((resolve) =>
          healthServer ? healthServer.close(() => resolve()) : resolve(),
        );
        await moltflow.close();
        await store.close();
        logger.info('moltflow-slack stopped');
      })();
      return stopping;
    },
  };
}
