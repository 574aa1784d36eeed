import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, type TestApp, type World } from '../../helpers/harness.js';
import { BulkDriver } from './broadcast-driver.js';

describe('a paused broadcast', () => {
  let world: World;
  let app: TestApp;
  let bulk: BulkDriver;
  const waits: number[] = [];

  beforeEach(async () => {
    waits.length = 0;
    world = await createWorld();
    world.moltflow.setSessions([{ id: 'sess-main-0001', name: 'Sales phone', status: 'working' }]);
    app = await world.startApp(
      { BULK_PROGRESS_UPDATE_MS: '250' },
      {
        sleep: async (ms) => {
          waits.push(ms);
        },
      },
    );
    bulk = new BulkDriver(world, app);
  });
  afterEach(async () => {
    await world.close();
  });

  it('is re-read less and less often while it stays paused, instead of every stall', async () => {
    const { job, message } = await bulk.start(bulk.group('VIP', 10));
    await bulk.click(message, 'bulk_pause', job.id);
    await bulk.waitForShown(message, '(Paused)');
    const before = waits.length;
    const streams = () => world.moltflow.requestsTo('GET', `/bulk-send/${job.id}/progress`).length;
    for (let drop = 0; drop < 3; drop += 1) {
      await bulk.waitForStream(job.id);
      const opened = streams();
      bulk.area.dropStream(job.id); // a paused job's stream goes quiet and is dropped
      await world.moltflow.waitFor(() => streams() > opened || undefined);
    }
    expect(waits.slice(before, before + 3)).toEqual([60_000, 120_000, 240_000]);
    // Resumed, it follows as before (short reconnect waits).
    bulk.area.applyPatch(bulk.job(job.id), { status: 'running' });
    bulk.area.emit(job.id, { sent: 1 });
    await bulk.waitForShown(message, '1/10 sent');
    const opened = streams();
    bulk.area.dropStream(job.id);
    await world.moltflow.waitFor(() => streams() > opened || undefined);
    expect(waits.at(-1)).toBeLessThan(60_000);
  });
});
