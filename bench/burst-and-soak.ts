import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { appEnv } from '../test/helpers/app-process.js';
import { FakeMoltflow } from '../test/helpers/fake-moltflow.js';
import { FakeSlack } from '../test/helpers/fake-slack.js';
import { BOT_TOKEN, cardLeadIds } from '../test/helpers/harness.js';
import { row } from './lib.js';

/** VmRSS and VmHWM (peak) of a process, in MiB, from /proc. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

/**
 * The built app as its own process (what `npm start` runs): a burst of 500 new leads, then 100,000 leads
 * arriving in batches over simulated days. Its memory is read from /proc, so the fakes' memory is not counted.
 */
export async function benchBurstAndSoak(total = 100_000, batch = 1_000): Promise<void> {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json']);
  const [slack, moltflow] = await Promise.all([
    FakeSlack.start({ botToken: BOT_TOKEN }),
    FakeMoltflow.start(),
  ]);
  const dir = mkdtempSync(join(tmpdir(), 'moltflow-soak-'));
  let child: ChildProcess | undefined;
  try {
    child = spawn(process.execPath, ['dist/main.js'], {
      env: {
        PATH: process.env.PATH ?? '',
        ...appEnv(slack, moltflow, join(dir, 'state.db'), {
          MOLTFLOW_RATE_LIMIT_PER_MIN: '10000',
          LOG_LEVEL: 'warn',
        }),
      },
      stdio: 'ignore',
    });
    const pid = child.pid ?? 0;
    await slack.waitFor(() => moltflow.requests.length > 0, { timeoutMs: 30_000 });

    moltflow.addLeads(500);
    const t0 = performance.now();
    await slack.waitFor(() => cardLeadIds(slack).length >= 500, { timeoutMs: 120_000 });
    const burstMs = performance.now() - t0;
    row(
      'burst of 500 new leads: cards posted',
      String(cardLeadIds(slack).length),
      `in ${(burstMs / 1000).toFixed(1)} s (fake Slack)`,
    );
    row(
      '  against Slack’s ~1 post/s/channel floor',
      '≥ 500 s',
      `the app adds ${(burstMs / 500).toFixed(1)} ms per card`,
    );
    row('  peak RSS of the app process', `${memoryOf(pid).peak.toFixed(0)} MiB`, '');

    let posted = 500;
    let startRss = 0;
    const day = 86_400_000;
    const s0 = performance.now();
    for (let i = 0; posted < total + 500; i += 1) {
      // Each batch is a later simulated day; MoltFlow's oldest leads are dropped from the fake so its own
      // sorting stays cheap (the app stops paging at leads it has seen either way).
      moltflow.state.leads.splice(0, Math.max(0, moltflow.state.leads.length - 200));
      moltflow.addLeads(batch, () => ({ detectedAt: new Date(Date.now() + i * day) }));
      posted += batch;
      await slack.waitFor(() => slack.callsTo('chat.postMessage').length >= posted, { timeoutMs: 120_000 });
      if (i === 1) startRss = memoryOf(pid).rss;
    }
    const end = memoryOf(pid);
    row(
      `${total.toLocaleString('en')} leads over simulated days: RSS`,
      `${startRss.toFixed(0)} → ${end.rss.toFixed(0)} MiB`,
      `peak ${end.peak.toFixed(0)} MiB, ${((performance.now() - s0) / 1000).toFixed(0)} s`,
    );
  } finally {
    child?.kill('SIGTERM');
    if (child && child.exitCode === null) await once(child, 'exit');
    await Promise.all([slack.close(), moltflow.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
}
