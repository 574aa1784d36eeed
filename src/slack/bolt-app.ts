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
}

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
    return { app };
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
  return { app };
}
