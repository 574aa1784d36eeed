import type { MoltflowClient } from './api/client.js';
import type { ChangeFeed } from './changes.js';
import type { Config } from './config.js';
import type { Logger } from './log.js';
import type { ReplicaView } from './replica.js';
import type { AccessControl } from './slack/access.js';
import type { Store } from './store/index.js';

/**
 * Push mode's delivery counters as the webhook intake keeps them (this process's view). A shape, not the
 * lead feed's class, so shared code and other features can read them without importing that feature.
 */
export interface PushStats {
  readonly accepted: number;
  readonly refused: number;
  readonly lastDeliveryAt: Date | null;
}

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
  /** This process among the replicas on one database: its id and the leases it holds. */
  replica: ReplicaView;
  /** Push mode (POST /moltflow/webhook); absent where no intake runs (e.g. a context built in a test). */
  push?: { stats: PushStats };
  /** What changed (leads, a poll pass, broadcasts), for the App Home; absent in a context built in a test. */
  changes?: ChangeFeed;
}
