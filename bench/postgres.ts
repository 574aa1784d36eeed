// A Postgres database for a benchmark: a fresh one on TEST_POSTGRES_URL's server, else a throwaway cluster
// (scripts/pg-throwaway.sh) that is stopped again at the end. The URL carries a password: it goes to the
// app processes' environment and nowhere else, never to the console.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freshPostgresDatabase } from '../test/support/postgres.js';

const run = promisify(execFile);
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface BenchDatabase {
  url: string;
  /** Where it runs, for the report: never the URL. */
  where: string;
  close(): Promise<void>;
}

/** Null when there is no server to use and no binaries to start one with. */
export async function benchDatabase(): Promise<BenchDatabase | null> {
  if (process.env.TEST_POSTGRES_URL) {
    const db = await freshPostgresDatabase();
    return { url: db.url, where: 'TEST_POSTGRES_URL', close: () => db.drop() };
  }
  if (!existsSync(join(PG_BIN, 'pg_ctl'))) return null;
  const stateDir = mkdtempSync(join(tmpdir(), 'pg-bench-state-'));
  const env = {
    ...process.env,
    PG_BIN,
    PG_THROWAWAY_STATE: join(stateDir, 'state'),
    // If the bench dies before close(), the script's watchdog stops the cluster.
    PG_THROWAWAY_OWNER_PID: String(process.pid),
  };
  const script = join(import.meta.dirname, '..', 'scripts', 'pg-throwaway.sh');
  try {
    const { stdout } = await run('bash', [script, 'start'], { env });
    return {
      url: stdout.trim(),
      where: 'throwaway PostgreSQL cluster',
      async close() {
        try {
          await run('bash', [script, 'stop'], { env });
        } finally {
          rmSync(stateDir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    rmSync(stateDir, { recursive: true, force: true });
    throw new Error(
      `could not start a throwaway PostgreSQL cluster: ${(error as { stderr?: string }).stderr}`,
    );
  }
}
