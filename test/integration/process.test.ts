// The app as `npm start` runs it: a separate Node process, configured only through its environment.
import { once } from 'node:events';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { appEnv, startProcess, waitForLine } from '../helpers/app-process.js';
import { FakeMoltflow } from '../helpers/fake-moltflow.js';
import { FakeSlack } from '../helpers/fake-slack.js';
import { BOT_TOKEN, LEADS_CHANNEL } from '../helpers/harness.js';

describe('the app process', () => {
  let slack: FakeSlack;
  let moltflow: FakeMoltflow;
  let dir: string;
  beforeEach(async () => {
    [slack, moltflow] = await Promise.all([FakeSlack.start({ botToken: BOT_TOKEN }), FakeMoltflow.start()]);
    dir = mkdtempSync(join(tmpdir(), 'moltflow-proc-'));
  });
  afterEach(async () => {
    await Promise.all([slack.close(), moltflow.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  const env = () => appEnv(slack, moltflow, join(dir, 'nested', 'state.db'));

  it('starts, posts leads, answers /healthz, and exits 0 on SIGTERM with the store closed', async () => {
    const lead = moltflow.addLead();
    const { child, output } = startProcess(env());
    const [, port] = await waitForLine(child, output, /"port":(\d+)/);

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    await slack.waitFor(() => slack.messages(LEADS_CHANNEL).length > 0, { timeoutMs: 15_000 });

    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(output()).toContain('moltflow-slack stopped');
    expect(output()).not.toContain(moltflow.apiKey);
    expect(output()).not.toContain(BOT_TOKEN);

    const dbFile = join(dir, 'nested', 'state.db');
    expect(statSync(dbFile).mode & 0o777).toBe(0o600);
    const store = await openStore(`sqlite:${dbFile}`);
    expect((await store.getLeadRecord(lead.id))?.state).toBe('posted');
    await store.close();
  });

  it('refuses to start with one clear line naming a missing variable', async () => {
    const { LEADS_CHANNEL: _omitted, ...rest } = env();
    const { child, output } = startProcess(rest);
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(output()).toMatch(/^Configuration problem: LEADS_CHANNEL is required/m);
    expect(output()).not.toMatch(/\n\s+at /);
  });
});
