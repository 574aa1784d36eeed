// Several copies of the app (`src/main.ts`, each its own process started by tsx) on one Postgres database,
// against the one fake Slack and fake MoltFlow of a test world. Each copy has its own REPLICA_ID and a
// random port. Started in parallel (a tsx start takes seconds on a small machine), killed with -9 by the
// tests that need a replica to vanish, and all killed by close(), which suites call in afterAll.
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import pg from 'pg';
import { appEnv, startProcess, waitForLine } from '../helpers/app-process.js';
import type { World } from '../helpers/harness.js';
import { eventually } from '../helpers/wait.js';

export interface ReplicaProcess {
  id: string;
  child: ChildProcess;
  output: () => string;
  baseUrl: string;
  eventsUrl: string;
}

export interface LeaseRow {
  name: string;
  holder: string;
  acquired_at: Date;
  expires_at: Date;
}

export class Cluster {
  readonly replicas: ReplicaProcess[] = [];
  private readonly children = new Set<ChildProcess>();
  private readonly pool: pg.Pool;
  private started = 0;

  /** `url` carries the test server's password: it goes to the children and the pool, never to a message. */
  constructor(
    private readonly world: World,
    private readonly url: string,
    private readonly env: Record<string, string>,
  ) {
    this.pool = new pg.Pool({ connectionString: url, max: 2 });
  }

  /** Starts `count` more replicas at once; resolves when each is serving HTTP. */
  async grow(count: number): Promise<ReplicaProcess[]> {
    const ids = Array.from({ length: count }, () => {
      this.started += 1;
      return `replica-${this.started}`;
    });
    const started = await Promise.all(ids.map((id) => this.spawn(id)));
    this.replicas.push(...started);
    return started;
  }

  /** Starts replicas until `count` are alive. */
  async topUp(count: number): Promise<void> {
    const missing = count - this.live().length;
    if (missing > 0) await this.grow(missing);
  }

  live(): ReplicaProcess[] {
    return this.replicas.filter((r) => r.child.exitCode === null && r.child.signalCode === null);
  }

  byId(id: string): ReplicaProcess {
    const found = this.replicas.find((r) => r.id === id);
    if (!found) throw new Error(`no replica ${id}`);
    return found;
  }

  /** kill -9: no shutdown, no lease released; resolves once the process is gone. */
  async kill(replica: ReplicaProcess): Promise<void> {
    if (replica.child.exitCode !== null || replica.child.signalCode !== null) return;
    const exited = once(replica.child, 'exit');
    replica.child.kill('SIGKILL');
    await exited;
  }

  /** Every log line of every replica (alive or not) that matches. */
  lines(pattern: RegExp): string[] {
    return this.replicas.flatMap((r) => r.output().split('\n')).filter((line) => pattern.test(line));
  }

  query<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    return this.pool.query<R>(text, values).then((result) => result.rows);
  }

  /** The lease row as stored, expired or not (a dead holder's row stays until someone takes it). */
  async lease(name: string): Promise<LeaseRow | undefined> {
    const [row] = await this.query<LeaseRow>('SELECT * FROM leases WHERE name = $1', [name]);
    return row;
  }

  /** Waits until a row matches (the app writes rows after the requests a test can see). */
  waitForRow<T>(check: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 15_000) {
    return eventually(check, { timeoutMs, description: what });
  }

  /**
   * Throws when a replica wrote the database password (or another of `secrets`) to its log. Says which
   * replica and which secret by position only: the message must not repeat the secret.
   */
  assertNoSecretsLogged(secrets: string[]): void {
    const all = [decodeURIComponent(new URL(this.url).password), ...secrets].filter((s) => s.length >= 4);
    for (const replica of this.replicas) {
      const found = all.findIndex((secret) => replica.output().includes(secret));
      if (found >= 0) throw new Error(`${replica.id} logged secret #${found} (0 is the database password)`);
    }
  }

  /** Kills every child still running (kill -9: the database is dropped next anyway) and closes the pool. */
  async close(): Promise<void> {
    await Promise.all(
      [...this.children].map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = once(child, 'exit');
        child.kill('SIGKILL');
        await exited;
      }),
    );
    await this.pool.end();
  }

  private async spawn(id: string): Promise<ReplicaProcess> {
    const { slack, moltflow } = this.world;
    const proc = startProcess(
      appEnv(slack, moltflow, 'unused.db', {
        DATABASE_URL: this.url,
        REPLICA_ID: id,
        MOLTFLOW_RATE_LIMIT_PER_MIN: '10000',
        ...this.env,
      }),
    );
    this.children.add(proc.child);
    const [, port] = await waitForLine(proc.child, proc.output, /"port":(\d+)/);
    const baseUrl = `http://127.0.0.1:${port}`;
    return { id, ...proc, baseUrl, eventsUrl: `${baseUrl}/slack/events` };
  }
}
