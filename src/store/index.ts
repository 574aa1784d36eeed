import { openSqliteStore } from './sqlite.js';
import type { Store } from './types.js';

export type { LeadRecord, LeadRecordState, PollerState, Store } from './types.js';

export type DatabaseTarget = { kind: 'sqlite'; path: string };

const SUPPORTED =
  'supported: sqlite:<path> (e.g. sqlite:./data/moltflow-slack.db or sqlite:/var/lib/moltflow/db.sqlite) and sqlite::memory:';

/**
 * Reads DATABASE_URL. Errors name only the scheme, never the URL: a postgres:// URL carries a password.
 */
export function parseDatabaseUrl(databaseUrl: string): DatabaseTarget {
  const url = databaseUrl.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme !== 'sqlite') {
    const what = scheme === undefined ? 'has no scheme' : `uses "${scheme}:", which is not supported yet`;
    throw new Error(`DATABASE_URL ${what}; ${SUPPORTED}`);
  }
  let path = url.slice('sqlite:'.length);
  // Accept the common URL spelling too: sqlite:///abs/x.db and sqlite://./x.db.
  if (path.startsWith('//')) path = path.slice(2);
  if (path === '') throw new Error(`DATABASE_URL has no path after "sqlite:"; ${SUPPORTED}`);
  return { kind: 'sqlite', path };
}

export function openStore(databaseUrl: string): Store {
  const target = parseDatabaseUrl(databaseUrl);
  return openSqliteStore(target.path);
}
