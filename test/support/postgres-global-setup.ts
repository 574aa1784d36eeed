// Vitest globalSetup: one PostgreSQL server for the whole run, handed to the test workers by `provide`.
// TEST_POSTGRES_URL names an existing server (CI starts one with scripts/pg-throwaway.sh); without it we start
// a throwaway cluster here, so a plain `npm test` runs the Postgres suites too. SKIP_POSTGRES_TESTS=1 skips them.
// The Postgres tests are not optional: without a server and without that opt-out the run fails, saying how to
// get one, rather than passing with the suites quietly left out.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the test server (it carries a password: never log it); null when skipped. */
    postgresAdminUrl: string | null;
    /** Every database of this run starts with it, so the teardown finds the ones a test left behind. */
    postgresRunPrefix: string;
  }
}

const run = promisify(execFile);
const SCRIPT = path.resolve(import.meta.dirname, '../../scripts/pg-throwaway.sh');
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const prefix = `mft_${randomBytes(4).toString('hex')}`;
  project.provide('postgresRunPrefix', prefix);

  if (process.env.SKIP_POSTGRES_TESTS === '1') {
    console.warn('SKIP_POSTGRES_TESTS=1: the Postgres suites are skipped.');
    project.provide('postgresAdminUrl', null);
    return undefined;
  }

  const external = process.env.TEST_POSTGRES_URL;
  if (external) {
    await checkServer(external);
    project.provide('postgresAdminUrl', external);
    // A shared server outlives the run: take away what a failed test did not drop.
    return () => dropLeftovers(external, prefix);
  }

  const cluster = await startThrowaway();
  project.provide('postgresAdminUrl', cluster.url);
  // Also in the environment, for code that reads it there (workers inherit it).
  process.env.TEST_POSTGRES_URL = cluster.url;
  return async () => {
    delete process.env.TEST_POSTGRES_URL;
    await cluster.stop();
  };
}

async function startThrowaway(): Promise<{ url: string; stop(): Promise<void> }> {
  if (!['initdb', 'pg_ctl'].every((bin) => fs.existsSync(path.join(PG_BIN, bin)))) {
    throw new Error(
      [
        `The Postgres tests need a PostgreSQL server, and there are no PostgreSQL binaries in ${PG_BIN} to start`,
        'a throwaway one. Either:',
        '  - install PostgreSQL 15 (e.g. apt-get install postgresql-15), or set PG_BIN to its bin directory;',
        '  - or point TEST_POSTGRES_URL at a server where the user may CREATE DATABASE:',
        '      TEST_POSTGRES_URL=postgres://user:password@localhost:5432/postgres npm test',
        '  - or skip the Postgres suites: SKIP_POSTGRES_TESTS=1 npm test',
      ].join('\n'),
    );
  }
  // A state file of our own, so that runs in parallel (or a cluster started by hand) never share one.
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-throwaway-state-'));
  const env = {
    ...process.env,
    PG_BIN,
    PG_THROWAWAY_STATE: path.join(stateDir, 'state'),
    // The script's watchdog stops the cluster if this process dies before the teardown runs.
    PG_THROWAWAY_OWNER_PID: String(process.pid),
  };
  let url: string;
  try {
    url = (await run('bash', [SCRIPT, 'start'], { env })).stdout.trim();
  } catch (error) {
    fs.rmSync(stateDir, { recursive: true, force: true });
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    throw new Error(
      `Could not start a throwaway PostgreSQL cluster (${SCRIPT}):\n${stderr}\n` +
        'Set TEST_POSTGRES_URL to a server where the user may CREATE DATABASE, or SKIP_POSTGRES_TESTS=1.',
    );
  }
  return {
    url,
    async stop() {
      try {
        await run('bash', [SCRIPT, 'stop'], { env });
      } finally {
        fs.rmSync(stateDir, { recursive: true, force: true });
      }
    },
  };
}

/** Where a URL points, without its password, for error messages. */
function describeServer(url: string): string {
  try {
    const u = new URL(url);
    return `${u.username || '(default user)'}@${u.host}`;
  } catch {
    return '(not a valid URL)';
  }
}

async function checkServer(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `TEST_POSTGRES_URL (${describeServer(url)}): cannot connect: ${(error as Error).message}`,
    );
  }
  try {
    const { rows } = await client.query<{ ok: boolean }>(
      'SELECT rolsuper OR rolcreatedb AS ok FROM pg_roles WHERE rolname = current_user',
    );
    if (!rows[0]?.ok) {
      throw new Error(
        `TEST_POSTGRES_URL (${describeServer(url)}): this user may not CREATE DATABASE, which every ` +
          'Postgres test needs (ALTER ROLE … CREATEDB, or use a superuser).',
      );
    }
  } finally {
    await client.end();
  }
}

async function dropLeftovers(url: string, prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [`${prefix}_`],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}
