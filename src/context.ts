import type { MoltflowClient } from './api/client.js';
import type { Config } from './config.js';
import type { Logger } from './log.js';
import type { AccessControl } from './slack/access.js';
import type { Store } from './store/index.js';

/** What every listener needs besides Bolt's own arguments; built once in app.ts. */
export interface AppContext {
  config: Config;
  logger: Logger;
  /** For background work (the poller): patient retries. */
  moltflow: MoltflowClient;
  /** The same pool and budget for work a person is waiting on: short timeout, fails fast when throttled. */
  moltflowInteractive: MoltflowClient;
  store: Store;
  /** Who holds which role (the listener table checks every entry's; features may ask for finer checks). */
  access: AccessControl;
  now: () => Date;
}
