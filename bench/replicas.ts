import type { ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { appEnv, startProcess, waitForLine } from '../test/helpers/app-process.js';
import { FakeMoltflow } from '../test/helpers/fake-moltflow.js';
import { FakeSlack } from '../test/helpers/fake-slack.js';
import { BOT_TOKEN, cardLeadIds } from '../test/helpers/harness.js';
import { percentile, row } from './lib.js';
import { benchDatabase } from './postgres.js';

const SECRET = 'whsec_bench_secret_0123456789';
const POLL_EVERY_S = 5;
/** How long a lead may take to get its card before it counts as lost. */
const LOST_AFTER_MS = 60_000;
const WARM_UP = 30;

interface Replica {
  id: string;
  child: ChildProcess;
  output: () => string;
  baseUrl: string;
}

/**
 * Three app processes on one Postgres database, polling every 5 s with push mode on: 1,000 signed
 * lead.detected webhooks at 50/s, round-robin over the three, each lead also in MoltFlow so the poller races
 * the pushes for it. Then kill -9 of the replica holding the poller lease, and a lead only MoltFlow knows.
 * BENCH_REPLICA_LOGS=<dir> keeps each replica's log there.
 */
export async function benchReplicas(total = 1_000, perSecond = 50): Promise<void> {
  const db = await benchDatabase();
  if (!db) {
    row('3 replicas on Postgres', 'skipped', 'no TEST_POSTGRES_URL and no PostgreSQL binaries');
    return;
  }
  const [slack, moltflow] = await Promise.all([
    FakeSlack.start({ botToken: BOT_TOKEN }),
    FakeMoltflow.start(),
  ]);
  const sql = new pg.Client({ connectionString: db.url });
  const replicas: Replica[] = [];
  try {
    await sql.connect();
    for (const id of ['bench-1', 'bench-2', 'bench-3']) {
      const env = appEnv(slack, moltflow, '/nonexistent/unused.db', {
        DATABASE_URL: db.url,
        REPLICA_ID: id,
        MOLTFLOW_WEBHOOK_SECRET: SECRET,
        LEAD_POLL_CRON: `*/${POLL_EVERY_S} * * * * *`,
        // The pushes carry their leads; the poller's pages are what this budget is for.
        MOLTFLOW_RATE_LIMIT_PER_MIN: '10000',
      });
      replicas.push({ id, ...startProcess(env), baseUrl: '' });
    }
    for (const r of replicas) {
      const [, port] = await waitForLine(r.child, r.output, /"port":(\d+)/);
      r.baseUrl = `http://127.0.0.1:${port}`;
    }
    // The first pass (an empty backfill) is behind us, so every lead below is a new one.
    await until(
      async () => (await sql.query('SELECT initialized_at FROM poller_state')).rows[0]?.initialized_at,
    );

    const cards = new CardLog(slack);
    // A replica just started is slow for its first seconds (lazy loading, JIT, its pool's first connections):
    // a few deliveries first, measured apart, so the figures below are the running app's.
    const warm = await deliver(moltflow, replicas, WARM_UP, 10);
    await slack.waitFor(() => cards.has(warm.at.keys()), { timeoutMs: LOST_AFTER_MS }).catch(() => undefined);
    const cpuBefore = cpuMs(replicas);
    const sent = await deliver(moltflow, replicas, total, perSecond);
    await slack.waitFor(() => cards.has(sent.at.keys()), { timeoutMs: LOST_AFTER_MS }).catch(() => undefined);
    const cpu = cpuMs(replicas).map((ms, i) => ms - (cpuBefore[i] ?? 0));

    const ids = cardLeadIds(slack);
    const lost = [...warm.at.keys(), ...sent.at.keys()].filter((id) => !cards.postedAt.has(id)).length;
    const latencies = cards.latencies(sent.at);
    const warmLatencies = cards.latencies(warm.at);
    const pushed = replicas
      .map((r) => (r.output().match(/lead pushed by webhook[^\n]*"outcome":"posted"/g) ?? []).length)
      .reduce((a, b) => a + b, 0);
    const answered = [...sent.answers].map(([status, n]) => `${n} × ${status}`).join(', ');

    row(
      `3 replicas, ${total.toLocaleString('en')} webhooks at ${perSecond}/s`,
      `${ids.length} cards`,
      `${ids.length - new Set(ids).size} duplicates, ${lost} lost (target 0, 0), ${WARM_UP} warm-up leads included; ${db.where}`,
    );
    row(
      '  webhook sent → card in Slack',
      `p50 ${percentile(latencies, 50).toFixed(0)} ms`,
      `p99 ${percentile(latencies, 99).toFixed(0)} ms, max ${(latencies.at(-1) ?? 0).toFixed(0)} ms (target p99 ≤ 1 s)`,
    );
    row(
      '  webhook sent → 200',
      `p50 ${percentile(sent.answerMs, 50).toFixed(0)} ms`,
      `p99 ${percentile(sent.answerMs, 99).toFixed(0)} ms; ${answered}, sent in ${sent.seconds.toFixed(1)} s`,
    );
    row(
      `  the ${WARM_UP} warm-up deliveries right after start (10/s)`,
      `p50 ${percentile(warmLatencies, 50).toFixed(0)} ms`,
      `p99 ${percentile(warmLatencies, 99).toFixed(0)} ms, sent → card; not in the figures above`,
    );
    row('  cards posted by push / by the poller', `${pushed} / ${ids.length - pushed}`, '');
    row(
      '  CPU per delivery: 3 apps / fakes and sender',
      `${(cpu.slice(0, -1).reduce((a, b) => a + b, 0) / total).toFixed(1)} / ${((cpu.at(-1) ?? 0) / total).toFixed(1)} ms`,
      `load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores; fakes' event loop delay p99 ${sent.lagP99Ms.toFixed(0)} ms`,
    );

    await failover(sql, slack, moltflow, cards, replicas);
  } finally {
    await Promise.all(replicas.map((r) => stopChild(r.child)));
    const logs = process.env.BENCH_REPLICA_LOGS;
    if (logs) for (const r of replicas) writeFileSync(join(logs, `${r.id}.log`), r.output());
    await sql.end().catch(() => undefined);
    await Promise.all([slack.close(), moltflow.close()]);
    await db.close();
  }
}

interface Sent {
  /** Lead id → when its delivery was sent (Date.now(), the clock the fake Slack stamps calls with). */
  at: Map<string, number>;
  /** HTTP status (or "error") → how many. */
  answers: Map<string, number>;
  /** Send → 200, sorted. */
  answerMs: number[];
  seconds: number;
  lagP99Ms: number;
}

/** One new lead in MoltFlow and its signed lead.detected delivery, `perSecond` times a second, round-robin. */
async function deliver(
  moltflow: FakeMoltflow,
  replicas: Replica[],
  total: number,
  perSecond: number,
): Promise<Sent> {
  const sent: Sent = { at: new Map(), answers: new Map(), answerMs: [], seconds: 0, lagP99Ms: 0 };
  const count = (status: string) => sent.answers.set(status, (sent.answers.get(status) ?? 0) + 1);
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const deliveries: Promise<void>[] = [];
  const t0 = performance.now();
  for (let i = 0; i < total; i += 1) {
    const wait = t0 + (i * 1000) / perSecond - performance.now();
    if (wait > 0) await sleep(wait);
    const lead = moltflow.addLead();
    const body = JSON.stringify({ event: 'lead.detected', timestamp: new Date().toISOString(), data: lead });
    const target = replicas[i % replicas.length] as Replica;
    const at = Date.now();
    sent.at.set(lead.id, at);
    const request = fetch(`${target.baseUrl}/moltflow/webhook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-webhook-signature': createHmac('sha256', SECRET).update(body).digest('hex'),
      },
      body,
    });
    deliveries.push(
      request.then(
        async (res) => {
          await res.arrayBuffer();
          sent.answerMs.push(Date.now() - at);
          count(String(res.status));
        },
        (error: Error & { cause?: { code?: string } }) => void count(error.cause?.code ?? 'error'),
      ),
    );
  }
  await Promise.all(deliveries);
  sent.seconds = (performance.now() - t0) / 1000;
  lag.disable();
  sent.lagP99Ms = lag.percentile(99) / 1e6;
  sent.answerMs.sort((a, b) => a - b);
  return sent;
}

/** kill -9 of the polling replica: how long until another holds the lease, and until its pass posts a card. */
async function failover(
  sql: pg.Client,
  slack: FakeSlack,
  moltflow: FakeMoltflow,
  cards: CardLog,
  replicas: Replica[],
): Promise<void> {
  const holder = async (): Promise<string | undefined> =>
    (await sql.query("SELECT holder FROM leases WHERE name = 'poller' AND expires_at > now()")).rows[0]
      ?.holder;
  const polling = await until(holder);
  const victim = replicas.find((r) => r.id === polling);
  if (!victim) throw new Error(`the poller lease is held by ${polling}, not one of the bench's replicas`);

  const killedAt = Date.now();
  victim.child.kill('SIGKILL');
  await once(victim.child, 'exit');
  const lead = moltflow.addLead(); // only in MoltFlow: its card comes from the new poller's pass
  const successor = await until(async () => {
    const now = await holder();
    return now !== undefined && now !== victim.id ? now : undefined;
  });
  const leaseAt = Date.now();
  await slack.waitFor(() => cards.has([lead.id]), { timeoutMs: LOST_AFTER_MS });
  const cardAt = cards.postedAt.get(lead.id)?.[0] ?? Number.NaN;
  row(
    '  kill -9 of the poller → lease taken',
    `${((leaseAt - killedAt) / 1000).toFixed(1)} s`,
    `${victim.id} killed, ${successor} took it (lease ttl ${POLL_EVERY_S} s)`,
  );
  row(
    '  kill -9 → card from the new poller’s pass',
    `${((cardAt - killedAt) / 1000).toFixed(1)} s`,
    `target ≤ ${2 * POLL_EVERY_S} s (two poll intervals)`,
  );
  const ids = cardLeadIds(slack);
  row('  after the failover', `${ids.length} cards`, `${ids.length - new Set(ids).size} duplicates`);
}

/** When each lead's card reached the fake Slack: every chat.postMessage carrying a lead id, in order. */
class CardLog {
  readonly postedAt = new Map<string, number[]>();
  private seen = 0;
  constructor(private readonly slack: FakeSlack) {}
  /** Send → first card for each lead that has one, sorted. */
  latencies(sentAt: Map<string, number>): number[] {
    return [...sentAt]
      .flatMap(([id, at]) => {
        const first = this.postedAt.get(id)?.[0];
        return first === undefined ? [] : [first - at];
      })
      .sort((a, b) => a - b);
  }
  has(ids: Iterable<string>): boolean {
    const calls = this.slack.calls;
    for (; this.seen < calls.length; this.seen += 1) {
      const call = calls[this.seen];
      if (call?.method !== 'chat.postMessage') continue;
      const meta = call.args.metadata as { event_payload?: { lead_id?: unknown } } | undefined;
      const id = meta?.event_payload?.lead_id;
      if (typeof id === 'string') this.postedAt.set(id, [...(this.postedAt.get(id) ?? []), call.at]);
    }
    for (const id of ids) if (!this.postedAt.has(id)) return false;
    return true;
  }
}

/** Polls `check` every 50 ms until it returns something (the database has no signal to wait on). */
async function until<T>(check: () => Promise<T | undefined | null>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${check.toString()}`);
    await sleep(50);
  }
}

/** CPU time (user + system) used so far by each replica, then by this process (the fakes and the sender). */
function cpuMs(replicas: Replica[]): number[] {
  const ofChild = (pid: number | undefined) => {
    // Fields 14 and 15 of /proc/<pid>/stat (after the command name): utime and stime, in 1/100 s.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  };
  const own = process.cpuUsage();
  return [...replicas.map((r) => ofChild(r.child.pid)), (own.user + own.system) / 1000];
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}
