// SIGTERM while MoltFlow or Slack hangs mid-pass, in a real app process: it exits 0 within 10 s (the
// orchestrator's usual grace period before kill -9), and after a restart every lead has exactly one card.
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appEnv, startProcess, waitForLine } from '../helpers/app-process.js';
import { FakeMoltflow } from '../helpers/fake-moltflow.js';
import { FakeSlack } from '../helpers/fake-slack.js';
import { BOT_TOKEN, cardLeadIds } from '../helpers/harness.js';

const GRACE_MS = 10_000;

describe('SIGTERM during an outage', () => {
  let slack: FakeSlack;
  let moltflow: FakeMoltflow;
  let dir: string;
  const children: ChildProcess[] = [];
  beforeEach(async () => {
    [slack, moltflow] = await Promise.all([FakeSlack.start({ botToken: BOT_TOKEN }), FakeMoltflow.start()]);
    dir = mkdtempSync(join(tmpdir(), 'moltflow-shutdown-'));
  });
  afterEach(async () => {
    // A process that failed to stop must not outlive its test.
    for (const child of children.splice(0))
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.all([slack.close(), moltflow.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  async function start() {
    const app = startProcess(
      appEnv(slack, moltflow, join(dir, 'state.db'), { MOLTFLOW_RATE_LIMIT_PER_MIN: '1000' }),
    );
    children.push(app.child);
    await waitForLine(app.child, app.output, /"port":\d+/);
    return app;
  }

  /** SIGTERM, then the exit code and how long the process took to go. */
  async function terminate(child: ChildProcess): Promise<{ code: number | null; ms: number }> {
    const sent = performance.now();
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = await exited;
    return { code: code as number | null, ms: performance.now() - sent };
  }

  /** A healthy restart on the same database: runs until every lead has a card, then stops. */
  async function restartUntilAllPosted(total: number): Promise<void> {
    const again = await start();
    await slack.waitFor(() => cardLeadIds(slack).length >= total, { timeoutMs: 20_000 });
    // One more pass after the last card, so a doubled card would have had its chance to appear.
    const passes = moltflow.requestsTo('GET', '/leads').length;
    await moltflow.waitFor(() => moltflow.requestsTo('GET', '/leads').length > passes + 1, {
      timeoutMs: 10_000,
    });
    expect((await terminate(again.child)).code).toBe(0);
  }

  const expectEachLeadOnce = (total: number) => {
    const ids = cardLeadIds(slack);
    expect(ids).toHaveLength(total);
    expect(new Set(ids)).toEqual(new Set(moltflow.state.leads.map((l) => String(l.data.id))));
  };

  it('MoltFlow never answering the pass: exits 0 within 10 s, and the leads come after a restart', async () => {
    moltflow.addLeads(3);
    const first = await start();
    await slack.waitFor(() => cardLeadIds(slack).length >= 3, { timeoutMs: 15_000 });

    moltflow.fail({ method: 'GET', path: '/leads' }, { kind: 'hang', times: Number.POSITIVE_INFINITY });
    moltflow.addLeads(2);
    const asked = moltflow.requestsTo('GET', '/leads').length;
    await moltflow.waitFor(() => moltflow.requestsTo('GET', '/leads').length > asked, { timeoutMs: 10_000 });

    const stopped = await terminate(first.child);

    expect(stopped.code, first.output()).toBe(0);
    expect(stopped.ms, first.output()).toBeLessThan(GRACE_MS);
    expect(cardLeadIds(slack)).toHaveLength(3);

    moltflow.clearFaults();
    await restartUntilAllPosted(5);
    expectEachLeadOnce(5);
  }, 60_000);

  it('Slack taking a card and never answering: exits 0 within 10 s, and the card is not posted twice', async () => {
    moltflow.addLeads(2);
    const first = await start();
    await slack.waitFor(() => cardLeadIds(slack).length >= 2, { timeoutMs: 15_000 });

    slack.setLatency('chat.postMessage', Number.POSITIVE_INFINITY);
    moltflow.addLeads(3);
    // The third card is in the channel, but the app is still waiting to hear so.
    await slack.waitFor(() => cardLeadIds(slack).length >= 3, { timeoutMs: 15_000 });

    const stopped = await terminate(first.child);

    expect(stopped.code, first.output()).toBe(0);
    expect(stopped.ms, first.output()).toBeLessThan(GRACE_MS);
    expect(cardLeadIds(slack)).toHaveLength(3);

    slack.setLatency('chat.postMessage', 0);
    await restartUntilAllPosted(5);
    expectEachLeadOnce(5);
  }, 60_000);
});
