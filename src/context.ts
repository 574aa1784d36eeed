import type { MoltflowClient } from './api/client.js';
import type { Config } from './config.js';
import type { OutreachAccess } from './domain/outreach-access.js';
import type { Logger } from './log.js';
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
  /** OUTREACH_ALLOWED: who may broadcast, schedule or delete groups. */
  outreach: OutreachAccess;
  now: () => Date;
}
