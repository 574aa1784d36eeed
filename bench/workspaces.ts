// 50 installed workspaces (OAuth mode), each with its own bot token, MoltFlow account and leads channel,
// served by three replicas in this process on one Postgres database: what an idle poll pass costs per
// workspace, whether each workspace is polled by exactly one replica, how the poll leases spread, and what
// a running workspace costs in memory on a replica.
import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createMoltflowSlack, type MoltflowSlack } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { openStore, SecretBox } from '../src/store/index.js';
import { WorkspaceSettings } from '../src/store/workspace-settings.js';
import { FakeMoltflow } from '../test/helpers/fake-moltflow.js';
import { FAKE_APP_ID, FakeSlack, type FakeWorkspace } from '../test/helpers/fake-slack.js';
import { SIGNING_SECRET } from '../test/helpers/harness.js';
import { ENCRYPTION_KEY, fakeWorkspace, OAUTH_ENV } from '../test/helpers/oauth.js';
import { row } from './lib.js';
import { benchDatabase } from './postgres.js';

const POLL_EVERY_S = 5;
const REPLICAS = ['ws-bench-1', 'ws-bench-2', 'ws-bench-3'];
const REBUILT = 'workspace rebuilt with new settings';

interface Bench {
  id: string;
  ws: FakeWorkspace;
  apiKey: string;
}

interface Pass {
  replica: string;
  workspace: string;
  at: number;
}

/** `--expose-gc` when the process was started with it, else switched on now (heap figures need a full GC). */
function collector(): () => void {
  if (globalThis.gc) return globalThis.gc;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function heapUsed(gc: () => void): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Idle passes over `periods` poll intervals once every workspace has made its first (backfill) pass. */
export async function benchWorkspaces(count = 50, periods = 12): Promise<void> {
  const db = await benchDatabase();
  if (!db) {
    row(
      `${count} workspaces, 3 replicas on Postgres`,
      'skipped',
      'no TEST_POSTGRES_URL and no PostgreSQL binaries',
    );
    return;
  }
  const gc = collector();
  const [slack, moltflow] = await Promise.all([FakeSlack.start(), FakeMoltflow.start()]);
  const benches: Bench[] = Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(2, '0');
    const ws = fakeWorkspace(`BENCH${n}`, `Bench ${n}`);
    return { id: ws.teamId, ws, apiKey: `mf_bench_key_${n}_0123456789abcdef` };
  });
  for (const b of benches) {
    slack.addWorkspace(b.ws);
    // A lead each: the first pass posts it as its backfill, every later pass reads a page of seen leads.
    moltflow.addTenant({ apiKey: b.apiKey, plan: 'business' }).state.addLead();
  }
  const logged = new Map<string, number>();
  const secrets = [SIGNING_SECRET, ...benches.flatMap((b) => [b.apiKey, b.ws.botToken])];
  const replicas: { id: string; service: MoltflowSlack }[] = [];
  try {
    for (const id of REPLICAS) {
      const config = loadConfig({
        ...OAUTH_ENV,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        MOLTFLOW_BASE_URL: moltflow.baseUrl,
        DATABASE_URL: db.url,
        REPLICA_ID: id,
        PORT: '0',
        LOG_LEVEL: 'info',
      });
      const logger = createLogger({
        level: 'info',
        secrets,
        // Counted, not kept: the heap figures below should hold the workspaces, not their log lines.
        write: (line) => {
          const msg = String((JSON.parse(line) as { msg?: unknown }).msg);
          logged.set(msg, (logged.get(msg) ?? 0) + 1);
        },
      });
      const service = await createMoltflowSlack(config, { logger, leaseTtlMs: POLL_EVERY_S * 1_000 });
      await service.start();
      replicas.push({ id, service });
    }
    const before = heapUsed(gc);

    await seed(db.url, benches);
    // All three learn of the installations at once, as running replicas do at their next sync; whichever
    // builds a workspace first takes its poll lease.
    await Promise.all(replicas.map((r) => r.service.workspaces.sync()));
    const store = (replicas[0] as (typeof replicas)[number]).service.store;
    await until(async () => {
      for (const b of benches) {
        if ((await store.forWorkspace(b.id).getPollerState()).initializedAt === null) return false;
      }
      return true;
    });
    // A second round settles the workspaces rebuilt because another replica's first load stored their
    // webhook secret (see the report); the passes are then watched on the workspaces that stay.
    await Promise.all(replicas.map((r) => r.service.workspaces.sync()));
    const rebuiltAtStart = logged.get(REBUILT) ?? 0;
    const passes: Pass[] = [];
    for (const r of replicas) {
      for (const b of benches) {
        const workspace = await r.service.workspaces.get(b.id);
        workspace?.ctx.changes?.subscribe((topic) => {
          if (topic === 'poll') passes.push({ replica: r.id, workspace: b.id, at: Date.now() });
        });
      }
    }
    const after = heapUsed(gc);
    const passesAtAfter = passes.length;

    // Halfway between two ticks, so every pass in the window starts and ends inside it.
    const periodMs = POLL_EVERY_S * 1_000;
    await sleep(periodMs * 1.5 - (Date.now() % periodMs));
    const from = Date.now();
    await sleep(periods * periodMs);
    const to = Date.now();
    const leases = (await store.leases.list('ws:')).filter((l) => l.name.endsWith(':poller'));
    report({ benches, passes, moltflow, from, to, periodMs, before, after, leases, where: db.where });
    // What the idle passes left behind: the fakes' own request logs are dropped first, they are not the app's.
    moltflow.requests.length = 0;
    slack.calls.length = 0;
    const idle = heapUsed(gc);
    row(
      '  heap after the idle passes',
      `${((idle - after) / 2 ** 20).toFixed(1)} MiB`,
      `change over the ${passes.length - passesAtAfter} passes since (fakes' request logs cleared); flat over 2,500 passes when tried`,
    );
    const failed = await Promise.all(
      benches.map(async (b) => (await store.forWorkspace(b.id).getPollerState()).consecutiveFailures),
    );
    const lost = logged.get('lease lost to another replica') ?? 0;
    const rebuilt = (logged.get(REBUILT) ?? 0) - rebuiltAtStart;
    const warnings = [...logged].filter(([msg]) => /fail|could not|lost/i.test(msg));
    row(
      '  failing workspaces / leases lost / rebuilds',
      `${failed.filter((n) => n > 0).length} / ${lost} / ${rebuilt}`,
      `${warnings.length ? warnings.map(([m, n]) => `${n} × ${m}`).join('; ') : 'no failure logged'}; ${rebuiltAtStart} rebuilds at start (a workspace rebuilt because its setup changed under a replica)`,
    );
  } finally {
    for (const r of replicas) await r.service.stop();
    await Promise.all([slack.close(), moltflow.close()]);
    await db.close();
  }
}

/** What "Add to Slack", Connect MoltFlow and the settings modal would have stored, written directly. */
async function seed(url: string, benches: Bench[]): Promise<void> {
  const secrets = SecretBox.fromBase64(ENCRYPTION_KEY);
  const store = await openStore(url, { secretBox: secrets });
  try {
    for (const { id, ws, apiKey } of benches) {
      await store.installations.save({
        workspace: id,
        teamId: id,
        teamName: ws.teamName,
        enterpriseId: null,
        enterpriseName: null,
        isEnterpriseInstall: false,
        appId: FAKE_APP_ID,
        botToken: ws.botToken,
        botId: ws.botId,
        botUserId: ws.botUserId,
        botScopes: [...ws.scopes],
        installerUserId: ws.installerUserId ?? null,
        userToken: null,
        userScopes: [],
        enterpriseUrl: null,
        installedAt: new Date(),
      });
      const settings = new WorkspaceSettings({
        store: store.forWorkspace(id),
        workspaceId: id,
        secrets,
        defaults: {
          leadsChannel: undefined,
          access: { admin: [], outreach: [], sales: [] },
          backfillHours: 24,
          pollIntervalSeconds: 30,
        },
      });
      await settings.connect(apiKey, {
        plan: 'business',
        planName: 'Business',
        requestsPerMinute: 60,
        connectedBy: ws.installerUserId ?? 'U0ADMIN',
        connectedAt: new Date(),
        missingScopes: [],
      });
      await settings.updatePreferences({
        leadsChannel: `C0${id.slice(2)}`,
        pollIntervalSeconds: POLL_EVERY_S,
      });
    }
  } finally {
    await store.close();
  }
}

interface Figures {
  benches: Bench[];
  passes: Pass[];
  moltflow: FakeMoltflow;
  from: number;
  to: number;
  periodMs: number;
  before: number;
  after: number;
  leases: { name: string; holder: string }[];
  where: string;
}

function report(f: Figures): void {
  const inWindow = (at: number) => at >= f.from && at < f.to;
  const passes = f.passes.filter((p) => inWindow(p.at));
  const requests = f.moltflow.requests.filter((r) => inWindow(r.at));
  const ratios: number[] = [];
  let oneReplicaPeriods = 0;
  let emptyPeriods = 0;
  let doublePeriods = 0;
  const ticks = Math.floor(f.to / f.periodMs) - Math.ceil(f.from / f.periodMs) + 1;
  let allRequests = 0;
  let allPasses = 0;
  for (const b of f.benches) {
    const own = passes.filter((p) => p.workspace === b.id);
    const sent = requests.filter((r) => r.headers['x-api-key'] === b.apiKey).length;
    allRequests += sent;
    allPasses += own.length;
    ratios.push(sent / Math.max(1, own.length));
    const perTick = new Map<number, Set<string>>();
    for (const p of own) {
      const tick = Math.floor(p.at / f.periodMs);
      perTick.set(tick, (perTick.get(tick) ?? new Set()).add(p.replica));
    }
    for (const [tick, by] of perTick) {
      const n = own.filter((p) => Math.floor(p.at / f.periodMs) === tick).length;
      if (n === 1 && by.size === 1) oneReplicaPeriods += 1;
      else doublePeriods += 1;
    }
    emptyPeriods += Math.max(0, ticks - perTick.size);
  }
  ratios.sort((a, b) => a - b);
  const workspaces = f.benches.length;
  const leadsPages = requests.filter((r) => r.method === 'GET' && r.path === '/leads').length;
  row(
    `${workspaces} workspaces, 3 replicas, idle for ${ticks} × ${f.periodMs / 1000} s`,
    `${(allRequests / Math.max(1, allPasses)).toFixed(2)} req/pass`,
    `MoltFlow requests per idle pass per workspace, target 1.0; min ${ratios[0]?.toFixed(2)}, max ${ratios.at(-1)?.toFixed(2)}; ${leadsPages} of ${allRequests} are GET /leads; ${f.where}`,
  );
  row(
    '  workspace-periods polled by exactly one replica',
    `${oneReplicaPeriods} / ${workspaces * ticks}`,
    `${emptyPeriods} with no pass, ${doublePeriods} with two or more (target 0, 0)`,
  );
  const holders = new Map<string, number>();
  for (const lease of f.leases) holders.set(lease.holder, (holders.get(lease.holder) ?? 0) + 1);
  const byPolled = new Map<string, Set<string>>();
  for (const p of passes) byPolled.set(p.replica, (byPolled.get(p.replica) ?? new Set()).add(p.workspace));
  row(
    '  poll leases per replica',
    REPLICAS.map((id) => holders.get(id) ?? 0).join(' / '),
    `${f.leases.length} leases held; workspaces polled in the window: ${REPLICAS.map((id) => byPolled.get(id)?.size ?? 0).join(' / ')}`,
  );
  const perWorkspace = (f.after - f.before) / workspaces;
  row(
    '  heap per workspace, per replica',
    `${(perWorkspace / REPLICAS.length / 1024).toFixed(0)} KiB`,
    `${(perWorkspace / 1024).toFixed(0)} KiB over the 3 replicas; heapUsed after GC ${(f.before / 2 ** 20).toFixed(1)} → ${(f.after / 2 ** 20).toFixed(1)} MiB for ${workspaces * REPLICAS.length} workspaces built`,
  );
}

/** Checks every 100 ms until `check` is true (the database has no signal to wait on). */
async function until(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await sleep(100);
  }
}
