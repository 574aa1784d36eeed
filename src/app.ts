import { setMaxListeners } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type App, webApi } from '@slack/bolt';
import { Agent } from 'undici';
import type { MoltflowSlackOptions } from './app-options.js';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import * as admin from './features/admin/index.js';
import type { BroadcastHub } from './features/broadcasts/index.js';
import * as broadcastsFeature from './features/broadcasts/index.js';
import * as groups from './features/groups/index.js';
import * as home from './features/home/index.js';
import { cronIntervalMs, type LeadPollResult, WEBHOOK_PATH } from './features/lead-feed/index.js';
import * as leads from './features/leads/index.js';
import * as leadsBulk from './features/leads-bulk/index.js';
import * as schedules from './features/schedules/index.js';
import * as settings from './features/settings/index.js';
import { type HealthState, type HttpRoute, handleHealth, startHealthServer } from './health.js';
import { InFlight } from './inflight.js';
import { createAppLogger } from './log.js';
import { openReplicaStore, Replica } from './replica.js';
import { createBoltApp } from './slack/bolt-app.js';
import { toBoltLogger } from './slack/bolt-logger.js';
import { ListenerTable } from './slack/listener-table.js';
import { registerUninstallEvents, type WorkspaceRemovedHandler } from './slack/oauth/uninstall.js';
import { retriesUntil, WEB_API_TIMEOUT_MS } from './slack/web-client-options.js';
import type { Store } from './store/index.js';
import { WorkspaceFleet } from './workspaces/fleet.js';
import { type WorkspaceRecipe, workspaceSource } from './workspaces/installed.js';
import { WorkspaceScope } from './workspaces/scope.js';
import { createWorkspace, type Workspace } from './workspaces/workspace.js';

export type { MoltflowSlackOptions } from './app-options.js';

export interface MoltflowSlack {
  readonly app: App;
  readonly ctx: AppContext;
  /** The whole database (every workspace's view comes from it): installations, and the default workspace. */
  readonly store: Store;
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
  /**
   * OAuth mode: the installed workspaces running here (`get` builds one on first use), and handlers run
   * after a workspace is uninstalled (its work is already stopped and its data deleted).
   */
  readonly workspaces: {
    get(workspaceId: string): Promise<Workspace | undefined>;
    /** What each replica does every lease period: start, rebuild and stop workspaces as the store says. */
    sync(): Promise<void>;
    readonly onWorkspaceRemoved: WorkspaceRemovedHandler[];
  };
}

export async function createMoltflowSlack(
  config: Config,
  options: MoltflowSlackOptions = {},
): Promise<MoltflowSlack> {
  const logger = options.logger ?? createAppLogger(config);
  const now = options.now ?? (() => new Date());
  const store =
    options.store ?? (await openReplicaStore(config.databaseUrl, config.replicaId, config.encryptionKey));
  // Leases run on the wall clock even when a test fakes `now`: they must really expire.
  const leaseTtlMs = options.leaseTtlMs ?? Math.min(20_000, cronIntervalMs(config.leads.pollCron));
  const replica = new Replica({ store, logger: logger.child({ component: 'replica' }), ttlMs: leaseTtlMs });
  const health: HealthState = { ready: false };
  const oauth = config.slack.install.mode === 'oauth';
  // Single-workspace mode: pushes arrive at /moltflow/webhook; OAuth mode: at /moltflow/webhook/<workspace>,
  // each verified with that workspace's own secret (fleet.ts).
  const routes: HttpRoute[] = [
    { path: '/healthz', method: 'GET', handler: handleHealth(health, store) },
    oauth
      ? {
          path: `${WEBHOOK_PATH}/:workspace`,
          method: 'POST',
          handler: (req, res) => {
            const id = (req as typeof req & { params?: Record<string, string> }).params?.workspace ?? '';
            void fleet.handleWebhook(id, req, res);
          },
        }
      : { path: WEBHOOK_PATH, method: 'POST', handler: (req, res) => void fleet.handleWebhook('', req, res) },
  ];
  const boltLogger = toBoltLogger(logger.child({ component: 'slack' }));
  // Fired by stop(): the poll pass's MoltFlow and Slack calls end at once, and no Slack call retries after it.
  const shutdown = new AbortController();
  // Every workspace's poll pass listens for it (and lets go after): many at once is expected, not a leak.
  setMaxListeners(0, shutdown.signal);
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
  // One keep-alive pool toward MoltFlow for every workspace (each client still sends its own key and keeps
  // its own budget): fifty workspaces share a handful of connections instead of holding fifty pools.
  const transport = options.dispatcher ? undefined : new Agent({ keepAliveTimeout: 30_000, connections: 16 });
  const build = (recipe: WorkspaceRecipe, previous?: Workspace): Workspace => {
    const built = createWorkspace({
      ...recipe,
      homeViewers: previous?.home.viewers() ?? [],
      ...(transport ? { dispatcher: transport } : {}),
      store,
      replica,
      logger,
      now,
      inFlight,
      clientOptions: { ...clientOptions, logger: boltLogger },
      shutdown: shutdown.signal,
      options,
    });
    // Its admins changed its settings here: rebuild it now (other replicas follow at their next sync).
    built.ctx.changes?.subscribe((topic) => {
      if (topic === 'settings') void fleet.refresh(recipe.workspaceId);
    });
    return built;
  };
  const install = config.slack.install;
  const secrets = config.encryptionKey ?? options.secretBox;
  // Every workspace this deployment serves: the environment's one, or one per installation (on demand).
  const fleet = new WorkspaceFleet(
    workspaceSource({ store, base: config, secrets, create: build }),
    logger.child({ component: 'workspaces' }),
  );
  const single = install.mode === 'single';
  if (single) await fleet.get(''); // built now, so its context is there before the first request
  const scope = new WorkspaceScope(() => (single ? fleet.peek('') : undefined));
  const { app } = createBoltApp({
    config,
    logger,
    boltLogger,
    clientOptions,
    installations: store.installations,
    now,
    routes,
    ackDeadlineMs: options.ackDeadlineMs,
  });

  const ctx = scope.context();
  // Every request runs in its workspace's scope: the one workspace, or the one Bolt authorized it for.
  app.use(async ({ context, next }) => {
    const id = single ? '' : context.isEnterpriseInstall ? context.enterpriseId : context.teamId;
    const current = id === undefined ? undefined : await fleet.get(id);
    // None: an uninstall event after its installation went (its own listener needs no workspace).
    await (current ? scope.run(current, next) : next());
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
  settings.register(table, ctx, secrets);
  home.register(table, () => scope.current().home);
  table.install(app, scope.guardDeps({ logger, now }));
  const onWorkspaceRemoved: WorkspaceRemovedHandler[] = [];
  registerUninstallEvents(app, {
    installations: oauth ? store.installations : undefined,
    audit: store.audit,
    logger: logger.child({ component: 'oauth' }),
    now,
    // Stop its work here first (other replicas stop at their next sync), then forget everything it stored.
    onWorkspaceRemoved: [
      async (id) => {
        await fleet.drop(id);
        const deleted = await store.deleteWorkspace(id);
        logger.info('workspace data deleted', { workspace: id, ...deleted });
      },
      async (id, reason) => {
        await Promise.all(onWorkspaceRemoved.map((handler) => handler(id, reason)));
      },
    ],
  });
  for (const line of config.deprecations) logger.warn(line);

  const runDeploymentRetention = () =>
    admin
      .runRetentionOnce({ store, logger, now }, config.retention)
      .catch((error) => logger.warn('retention pass failed', { error }));
  let deploymentRetention: admin.RetentionCron | null = null;
  let healthServer: Server | null = null;
  let stopping: Promise<void> | null = null;

  return {
    app,
    ctx,
    store,
    get broadcasts() {
      return scope.current().ctx.broadcasts;
    },
    table,
    workspaces: { get: (id) => fleet.get(id), sync: () => fleet.sync(), onWorkspaceRemoved },
    pollOnce: () =>
      single
        ? scope.current().pollOnce()
        : Promise.reject(new Error('In OAuth mode lead polling runs per workspace: workspaces.get(id)')),
    pollNow: async () => {
      await Promise.all(fleet.list().map((w) => w.pollNow()));
    },
    async start() {
      let port = config.port;
      if (config.slack.socketMode) {
        healthServer = await startHealthServer(config.port, routes);
        port = (healthServer.address() as AddressInfo).port;
        await app.start();
      } else {
        const server = (await app.start(config.port)) as Server;
        port = (server.address() as AddressInfo).port;
      }
      await replica.start();
      const schedule = options.schedulePoller !== false;
      await fleet.start(schedule, replica.ttlMs);
      // OAuth mode: the deployment's own rows (workspace '': the uninstall entries of the audit trail) have no
      // workspace to prune them, so retention runs for them here, once now and then daily.
      if (!single) {
        void inFlight.track(runDeploymentRetention());
        if (schedule) deploymentRetention = admin.startRetentionCron(runDeploymentRetention, logger);
      }
      health.ready = true;
      const mode = config.slack.socketMode ? 'socket' : 'http';
      logger.info('moltflow-slack is running', { mode, install: install.mode, port });
      return { port };
    },
    stop() {
      stopping ??= (async () => {
        health.ready = false;
        shutdown.abort();
        await fleet.stop();
        await deploymentRetention?.stop();
        await inFlight.drain();
        await fleet.close();
        await transport?.close();
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
