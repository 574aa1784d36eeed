// The app killed mid-burst, by kill -9 (no chance to clean up) and by SIGTERM (a clean stop): after a
// restart every lead has exactly one card.
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appEnv, startProcess, waitForLine } from '../helpers/app-process.js';
import { FakeMoltflow } from '../helpers/fake-moltflow.js';
import { FakeSlack } from '../helpers/fake-slack.js';
import { BOT_TOKEN, cardLeadIds } from '../helpers/harness.js';

describe('a burst of 50 leads interrupted', () => {
  let slack: FakeSlack;
  let moltflow: FakeMoltflow;
  let dir: string;
  beforeEach(async () => {
    [slack, moltflow] = await Promise.all([FakeSlack.start({ botToken: BOT_TOKEN }), FakeMoltflow.start()]);
    dir = mkdtempSync(join(tmpdir(), 'moltflow-crash-'));
    // Each post takes effect at once but is answered 50 ms later: a kill can land between the two.
    slack.setLatency('chat.postMessage', 50);
  });
  afterEach(async () => {
    await Promise.all([slack.close(), moltflow.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  const start = () =>
    startProcess(appEnv(slack, moltflow, join(dir, 'state.db'), { MOLTFLOW_RATE_LIMIT_PER_MIN: '1000' }));

  /** Starts the app once the burst is waiting, lets it post some cards, then stops it with `signal`. */
  async function interrupt(signal: NodeJS.Signals): Promise<number | null> {
    const first = start();
    await waitForLine(first.child, first.output, /"port":\d+/);
    await slack.waitFor(() => slack.callsTo('chat.postMessage').length >= 3, { timeoutMs: 15_000 }); // backfill done
    moltflow.addLeads(50);
    await slack.waitFor(() => cardLeadIds(slack).length >= 13, { timeoutMs: 15_000 });
    first.child.kill(signal);
    const [code] = await once(first.child, 'exit');
    return code as number | null;
  }

  async function restartUntilAllPosted(): Promise<void> {
    const second = start();
    await waitForLine(second.child, second.output, /"port":\d+/);
    await slack.waitFor(() => cardLeadIds(slack).length >= 53, { timeoutMs: 20_000 });
    second.child.kill('SIGTERM');
    await once(second.child, 'exit');
  }

  const expectEachLeadOnce = () => {
    const ids = cardLeadIds(slack);
    expect(ids).toHaveLength(53);
    expect(new Set(ids).size).toBe(53);
    expect(new Set(ids)).toEqual(new Set(moltflow.state.leads.map((l) => String(l.data.id))));
  };

  it('kill -9 mid-burst, then restart: every lead has exactly one card', async () => {
    moltflow.addLeads(3);
    const code = await interrupt('SIGKILL');
    expect(code).toBeNull();
    expect(cardLeadIds(slack).length).toBeLessThan(53);

    await restartUntilAllPosted();

    expectEachLeadOnce();
  }, 60_000);

  it('SIGTERM mid-burst: exits 0 promptly, leaves the rest for the next start, never doubles', async () => {
    moltflow.addLeads(3);
    const code = await interrupt('SIGTERM');
    expect(code).toBe(0);
    const afterStop = cardLeadIds(slack).length;
    expect(afterStop).toBeLessThan(53);

    await restartUntilAllPosted();

    expectEachLeadOnce();
  }, 60_000);
});
