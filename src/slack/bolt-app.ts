// Builds the Bolt App for the configured install mode, so app.ts wires features without knowing it:
// - single: one workspace, one bot token (authorize.ts), over HTTP or Socket Mode;
// - oauth: "Add to Slack" on the HTTP receiver (/slack/install, /slack/oauth_redirect), and Bolt authorizes
//   every request with that workspace's own token from store.installations.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, type Logger as BoltLogger, HTTPReceiver, webApi } from '@slack/bolt';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { InstallationStore } from '../store/index.js';
import { singleWorkspaceAuthorize } from './authorize.js';
import { createBoltInstallationStore } from './oauth/installation-store.js';
import { installerReceiverOptions } from './oauth/installer.js';

export interface BoltRoute {
  path: string;
  method: string;
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

export interface BoltAppDeps {
  config: Config;
  logger: Logger;
  boltLogger: BoltLogger;
  clientOptions: webApi.WebClientOptions;
  installations: InstallationStore;
  now: () => Date;
  /** Extra HTTP routes on the receiver (health, MoltFlow webhook); in Socket Mode app.ts serves them. */
  routes: readonly BoltRoute[];
  ackDeadlineMs: number | undefined;
}

export interface BoltApp {
  app: App;
  /**
   * The single workspace's bot token, for the app's own background clients; undefined in OAuth mode, where
   * each workspace's token is read from its installation.
   */
  botToken: string | undefined;
  /**
   * A fast-failing client for role lookups before the ack, with the token of the request's workspace (Bolt's
   * context.botToken). One client per token, so lookups of workspace A always go out with A's token.
   */
  lookupClient(token: string | undefined): webApi.WebClient;
}

/** Role lookups get a client that fails fast instead of retrying for minutes: the person awaits the ack. */
const LOOKUP_OPTIONS = { retryConfig: { retries: 0 }, timeout: 2_000 } as const;
/** Enough for every installed workspace; past it the cache starts over (a client is cheap to rebuild). */
const MAX_LOOKUP_CLIENTS = 1_000;

export function createBoltApp(deps: BoltAppDeps): BoltApp {
  const { config, boltLogger, clientOptions } = deps;
  const install = config.slack.install;
  const customRoutes = deps.routes.map((r) => ({ path: r.path, method: [r.method], handler: r.handler }));
  const receiverBase = {
    signingSecret: config.slack.signingSecret ?? '',
    logger: boltLogger,
    customRoutes,
    ...(deps.ackDeadlineMs ? { unhandledRequestTimeoutMillis: deps.ackDeadlineMs } : {}),
  };
  const lookups = new Map<string, webApi.WebClient>();
  const lookupClient = (token: string | undefined) => {
    const key = token ?? '';
    let client = lookups.get(key);
    if (!client) {
      if (lookups.size >= MAX_LOOKUP_CLIENTS) lookups.clear();
      client = new webApi.WebClient(token, { ...clientOptions, logger: boltLogger, ...LOOKUP_OPTIONS });
      lookups.set(key, client);
    }
    return client;
  };

  if (install.mode === 'oauth') {
    const oauth = installerReceiverOptions({
      clientId: install.clientId,
      clientSecret: install.clientSecret,
      stateSecret: install.stateSecret,
      publicUrl: config.publicUrl,
      clientOptions: {
        ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
        timeout: clientOptions.timeout ?? 10_000,
        logger: boltLogger,
      },
      logger: deps.logger.child({ component: 'oauth' }),
    });
    const installationStore = createBoltInstallationStore({
      installations: deps.installations,
      logger: deps.logger.child({ component: 'oauth' }),
      now: deps.now,
    });
    const app = new App({
      logger: boltLogger,
      clientOptions,
      receiver: new HTTPReceiver({ ...receiverBase, ...oauth, installationStore }),
    });
    return { app, botToken: undefined, lookupClient };
  }

  const slackClient = new webApi.WebClient(install.botToken, { ...clientOptions, logger: boltLogger });
  const authorize = singleWorkspaceAuthorize(slackClient, install.botToken);
  const app = config.slack.socketMode
    ? new App({
        authorize,
        appToken: config.slack.appToken,
        socketMode: true,
        logger: boltLogger,
        clientOptions,
      })
    : new App({ authorize, logger: boltLogger, clientOptions, receiver: new HTTPReceiver(receiverBase) });
  return { app, botToken: install.botToken, lookupClient };
}
