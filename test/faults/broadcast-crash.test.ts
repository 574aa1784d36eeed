// kill -9 between MoltFlow starting a broadcast and the app recording it: the next start finds the job in
// MoltFlow's list and carries on as if nothing happened (live message, follower, the form updated).
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BulkDriver, ORIGIN } from '../features/broadcasts/broadcast-driver.js';
import { appEnv, startProcess, waitForLine } from '../helpers/app-process.js';
import { FakeMoltflow } from '../helpers/fake-moltflow.js';
import { FakeSlack } from '../helpers/fake-slack.js';
import { BOT_TOKEN, type TestApp, type World } from '../helpers/harness.js';
import { bulkSends } from '../helpers/moltflow-api/bulk-send.js';

describe('a broadcast interrupted by kill -9 after POST /bulk-send', () => {
  let slack: FakeSlack;
  let moltflow: FakeMoltflow;
  let dir: string;
  beforeEach(async () => {
    [slack, moltflow] = await Promise.all([FakeSlack.start({ botToken: BOT_TOKEN }), FakeMoltflow.start()]);
    dir = mkdtempSync(join(tmpdir(), 'moltflow-bcrash-'));
  });
  afterEach(async () => {
    await Promise.all([slack.close(), moltflow.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  const start = async () => {
    const proc = startProcess(
      appEnv(slack, moltflow, join(dir, 'state.db'), { LEAD_POLL_CRON: '0 0 1 1 *' }),
    );
    const [, port] = await waitForLine(proc.child, proc.output, /"port":(\d+)/);
    return { ...proc, app: { eventsUrl: `http://127.0.0.1:${port}/slack/events` } as TestApp };
  };

  it('adopts the running job at the next start: one job, its live message, the form told', async () => {
    const first = await start();
    const bulk = new BulkDriver({ slack, moltflow } as unknown as World, first.app);
    const group = bulk.group('VIP', 3);
    const view = await bulk.openForm();
    const sessionId = BulkDriver.options(view, 'bulk_session')[0]?.value;
    await bulk.submitCompose(view.id, BulkDriver.values({ sessionId, groupId: group.id, message: 'Hello' }));

    // MoltFlow starts the job, but the answer never reaches the app before it dies.
    moltflow.fail({ method: 'POST', path: '/bulk-send' }, { kind: 'hang' });
    await bulk.confirm(view.id);
    await moltflow.waitFor(() => moltflow.requestsTo('POST', '/bulk-send').length === 1 || undefined);
    const job = bulkSends(moltflow.state).create({
      session_id: sessionId ?? '',
      custom_group_id: group.id,
      total_recipients: 3,
    } as never);
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    expect(slack.messages(ORIGIN).filter((m) => m.metadata?.event_type === 'moltflow_bulk_send')).toEqual([]);

    const second = await start();
    try {
      const live = await slack.waitFor(
        () => slack.messages(ORIGIN).find((m) => m.metadata?.event_type === 'moltflow_bulk_send'),
        { timeoutMs: 15_000 },
      );
      expect(JSON.stringify(live.metadata)).toContain(job.id);
      await slack.waitFor(
        () => JSON.stringify(slack.views.find((v) => v.id === view.id)?.view).includes('has started'),
        {
          timeoutMs: 15_000,
        },
      );
      expect(moltflow.requestsTo('POST', '/bulk-send')).toHaveLength(1); // never sent twice
      expect(bulkSends(moltflow.state).jobs).toHaveLength(1);
    } finally {
      second.child.kill('SIGTERM');
      await once(second.child, 'exit');
    }
  });
});
