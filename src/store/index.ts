import type { Logger } from '../log.js';
import { openPostgresStore } from './postgres/store.js';
import type { SecretBox } from './secret-box.js';
import { openSqliteStore } from './sqlite/store.js';
import type { Store } from './types.js';

export { SchemaTooNewError } from './migration.js';
export { PostgresConnectError } from './postgres/store.js';
export { SecretBox } from './secret-box.js';
export type * from './types.js';
export { checkWorkspaceId, DEFAULT_WORKSPACE, WORKSPACE_TABLES } from './workspace.js';

export type DatabaseTarget = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

const SUPPORTED =
  'supported: sqlite:<path> (e.g. sqlite:./data/moltflow-slack.db or sqlite:/var/lib/moltflow/db.sqlite), ' +
  'sqlite::memory:, and postgres://user:password@host:port/database for several replicas';

/**
 * Reads DATABASE_URL. Errors name only the scheme, never the URL: a postgres:// URL carries a password.
 */
export function parseDatabaseUrl(databaseUrl: string): DatabaseTarget {
  const url = databaseUrl.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'postgres' || scheme === 'postgresql') return { kind: 'postgres', url };
  if (scheme !== 'sqlite') {
    const what = scheme === undefined ? 'has no scheme' : `uses "${scheme}:", which is not supported`;
    throw new Error(`DATABASE_URL ${what}; ${SUPPORTED}`);
  }
  let path = url.slice('sqlite:'.length);
  // Accept the common URL spelling too: sqlite:///abs/x.db and sqlite://./x.db.
  if (path.startsWith('//')) path = path.slice(2);
  if (path === '') throw new Error(`DATABASE_URL has no path after "sqlite:"; ${SUPPORTED}`);
  return { kind: 'sqlite', path };
}

export interface OpenStoreOptions {
  /** This process's id in pending claims and leases; random when not given. */
  instanceId?: string;
  /** Where the Postgres pool reports a lost idle connection (it reconnects by itself); silent when not given. */
  logger?: Logger;
  /** ENCRYPTION_KEY: seals the installations' tokens. Without it, store.installations refuses to work. */
  secretBox?: SecretBox;
}

/** Opens the store DATABASE_URL names and brings its schema up to date. */
export async function openStore(databaseUrl: string, options: OpenStoreOptions = {}): Promise<Store> {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.kind === 'postgres') {
    return openPostgresStore(target.url, options.instanceId, {
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.secretBox ? { secretBox: options.secretBox } : {}),
    });
  }
  return openSqliteStore(target.path, options.instanceId, options.secretBox);
}
