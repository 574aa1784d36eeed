import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, webApi } from '@slack/bolt';
import type { MoltflowSlackOptions } from './app-options.js';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import * as admin from './features/admin/index.js';
import type { BroadcastHub } from './features/broadcasts/index.js';
import * as broadcastsFeature from './features/broadcasts/index.js';
import * as groups from './features/groups/index.js';
import { cronIntervalMs, type LeadPollResult, WEBHOOK_PATH } from './features/lead-feed/index.js';
import * as leads from './features/leads/index.js';
import * as leadsBulk from './features/leads-bulk/index.js';
import * as schedules from './features/schedules/index.js';
import { type HealthState, type HttpRoute, handleHealth, startHealthServer } from './health.js';
import { InFlight } from './inflight.js';
import { createAppLogger } from './log.js';
import { openReplicaStore, Replica } from './replica.js';
import { singleWorkspaceAuthorize } from './slack/authorize.js';
import { toBoltLogger } from './slack/bolt-logger.js';
import { ListenerTable } from './slack/listener-table.js';
import { retriesUntil, WEB_API_TIMEOUT_MS } from './slack/web-client-options.js';
import { WorkspaceScope } from './workspaces/scope.js';
import { createWorkspace } from './workspaces/workspace.js';

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

  const inFlight = new InFlight();
  // The one workspace of single-workspace mode: the environment's bot token, MoltFlow key and settings.
  const workspace = createWorkspace({
    workspaceId: '',
    config,
    botToken: config.slack.botToken,
    moltflowApiKey: config.moltflow.apiKey,
    store,
    replica,
    logger,
    now,
    inFlight,
    clientOptions: { ...clientOptions, logger: boltLogger },
    shutdown: shutdown.signal,
    options,
  });
  const scope = new WorkspaceScope(() => workspace);
  const authorize = singleWorkspaceAuthorize(workspace.slack, config.slack.botToken);
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

  const ctx = scope.context();
  // Every request runs in its workspace's scope (one workspace here; OAuth mode picks it from the request).
  app.use(async ({ next }) => {
    await scope.run(workspace, next);
  });
  app.use(async ({ next }) => {
    await inFlight.track(next());
  });
  app.error(async (error) => {
    logger.error('unhandled error in a Slack listener', { error });
  });
  const table = new ListenerTable();
  for (const feature of [admin, leads, leadsBulk, groups, schedules]) feature.register(table, ctx);
  broadcastsFeature.register(table, ctx);
  table.install(app, scope.guardDeps({ logger, now }));
  for (const line of config.deprecations) logger.warn(line);

  webhookHandler = workspace.handleWebhook;

  let healthServer: Server | null = null;
  let stopping: Promise<void> | null = null;

  return {
    app,
    ctx,
    broadcasts: workspace.ctx.broadcasts,
    table,
    pollOnce: () => workspace.pollOnce(),
    pollNow: () => workspace.pollNow(),
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
      await workspace.start(options.schedulePoller !== false);
      health.ready = true;
      logger.info('moltflow-slack is running', { mode: config.slack.socketMode ? 'socket' : 'http', port });
      return { port };
    },
    stop() {
      stopping ??= (async () => {
        health.ready = false;
        shutdown.abort();
        await workspace.stop();
        await inFlight.drain();
        await workspace.close();
        await replica.stop();
        await app.stop().catch((error) => logger.warn('error while stopping Slack', { error }));
        await new Promise<void>((resolve) =>
          healthServer ? healthServer.close(() => resolve()) : resolve(),
        );
        await store.close();
        logger.info('moltflow-slack stopped');
      })();
      return stopping;
    },
  };
}
