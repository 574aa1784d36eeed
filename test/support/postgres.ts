// Temporary stand-in (the pgstore branch): a fresh database per call on the server TEST_POSTGRES_URL names,
// and `describeIfPostgres` that skips when it is unset. The shared version (with a throwaway cluster started
// by a vitest globalSetup) replaces this file at merge; it keeps these two exports and their signatures.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';

const serverUrl = process.env.TEST_POSTGRES_URL;

export const describeIfPostgres = describe.skipIf(!serverUrl);

/** A new, empty database on the test server; drop() removes it (closing anything still connected). */
export async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (!serverUrl) throw new Error('TEST_POSTGRES_URL is not set');
  const name = `mf_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
