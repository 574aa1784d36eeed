// A database of its own for each Postgres test, on the server that postgres-global-setup.ts provides.
//
//   describeIfPostgres('postgres store', () => {
//     let db: FreshDatabase;
//     beforeEach(async () => { db = await freshPostgresDatabase(); });
//     afterEach(() => db.drop());
//     it('…', async () => { const store = await openStore(db.url); … });
//   });
//
// The URL carries the server's password: hand it to code under test, never to a log line or a message.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, inject } from 'vitest';

export interface FreshDatabase {
  /** postgres://…/<name>: the admin URL with only the database changed. */
  url: string;
  name: string;
  /** Drops the database, closing whatever connections are still open on it. Safe to call twice. */
  drop(): Promise<void>;
}

/** The server's admin URL, or null when the Postgres suites are skipped (SKIP_POSTGRES_TESTS=1). */
export function postgresAdminUrl(): string | null {
  const provided = injected('postgresAdminUrl');
  if (provided !== undefined) return provided;
  // Without the globalSetup (another config, a script): read the environment the same way it does.
  if (process.env.SKIP_POSTGRES_TESTS === '1') return null;
  return process.env.TEST_POSTGRES_URL || null;
}

export function postgresAvailable(): boolean {
  return postgresAdminUrl() !== null;
}

/** `describe` for suites that need Postgres; skipped, with the reason in the title, under SKIP_POSTGRES_TESTS=1. */
export function describeIfPostgres(name: string, body: () => void): void {
  if (postgresAvailable()) describe(name, body);
  else describe.skip(`${name} (SKIP_POSTGRES_TESTS=1)`, body);
}

// Random per run (from the globalSetup) and per database: forks run in parallel and a pid can come back.
const fallbackPrefix = `mft_${randomBytes(4).toString('hex')}`;
const runPrefix = (): string => injected('postgresRunPrefix') ?? fallbackPrefix;

/** What the globalSetup provided; undefined outside a vitest worker (a script such as `npm run bench`). */
function injected<K extends 'postgresAdminUrl' | 'postgresRunPrefix'>(key: K) {
  try {
    return inject(key);
  } catch {
    return undefined; // vitest's inject throws when no test runner is around
  }
}

async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function freshPostgresDatabase(): Promise<FreshDatabase> {
  const adminUrl = postgresAdminUrl();
  if (!adminUrl) {
    throw new Error(
      'No Postgres test server: SKIP_POSTGRES_TESTS=1 is set; wrap the suite in describeIfPostgres.',
    );
  }
  const name = `${runPrefix()}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const quoted = pg.escapeIdentifier(name);
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE ${quoted}`));

  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  return {
    url: url.toString(),
    name,
    drop() {
      dropped ??= withAdmin(adminUrl, async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
      });
      return dropped;
    },
  };
}
