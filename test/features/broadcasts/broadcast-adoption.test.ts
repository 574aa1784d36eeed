// Two replicas' hubs on one store: a replica adopting open broadcasts must not take up one whose follower
// finished between the adopter's look at the open jobs and its taking the lease (a second summary).
import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BroadcastHub } from '../../../src/features/broadcasts/index.js';
import { createLogger } from '../../../src/log.js';
import { Replica } from '../../../src/replica.js';
import { openStore, type Store } from '../../../src/store/index.js';
import { BOT_TOKEN, createWorld, type TestApp, type World } from '../../helpers/harness.js';
import { BulkDriver } from './broadcast-driver.js';

describe('adopting broadcasts from another replica', () => {
  let world: World;
  let app: TestApp;
  let other: Store;
  let hub: BroadcastHub;

  beforeEach(async () => {
    world = await createWorld();
    world.moltflow.setSessions([{ id: 'sess-main-0001', name: 'Sales phone', status: 'working' }]);
    app = await world.startApp({ BULK_PROGRESS_UPDATE_MS: '250' });
    // A second replica on the same database: its own id, its own hub, no heartbeat needed here.
    other = await openStore(world.dbUrl, { instanceId: 'replica-b' });
    const logger = createLogger({ level: 'error', write: () => {} });
    hub = new BroadcastHub({
      moltflow: app.service.ctx.moltflow,
      slack: new webApi.WebClient(BOT_TOKEN, { slackApiUrl: world.slack.apiUrl }),
      store: other,
      replica: new Replica({ store: other, logger, ttlMs: 60_000 }),
      logger,
      intervalMs: 250,
      stallMs: 60_000,
    });
  });
  afterEach(async () => {
    await hub.stop();
    await other.close();
    await world.close();
  });

  it('leaves alone a job that finished while it was looking', async () => {
    const bulk = new BulkDriver(world, app);
    const { job, message } = await bulk.start(bulk.group('VIP', 3));
    const listOpen = other.broadcasts.listOpen.bind(other.broadcasts);
    vi.spyOn(other.broadcasts, 'listOpen').mockImplementationOnce(async () => {
      const open = await listOpen(); // the job is open and followed ...
      bulk.area.finish(job.id, 'completed'); // ... and its follower finishes it and gives its lease up
      await app.service.broadcasts.whenDone(job.id);
      return open;
    });

    expect(await hub.resumeAll()).toBe(0);
    await hub.whenDone(job.id);

    const summaries = bulk.thread(message).filter((t) => t.startsWith('*Summary:*'));
    expect(summaries).toHaveLength(1);
    expect(await other.leases.list('broadcast:')).toEqual([]);
  });
});
