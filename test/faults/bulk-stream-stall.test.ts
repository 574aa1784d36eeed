// A broadcast's progress stream that goes silent (open, but no event for longer than
// BULK_PROGRESS_STALL_SECONDS): the app re-reads the job and the message still ends in the true state.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BulkDriver } from '../features/broadcasts/broadcast-driver.js';
import { createWorld, type TestApp, type World } from '../helpers/harness.js';

describe('a stalled progress stream', () => {
  let world: World;
  let app: TestApp;
  let bulk: BulkDriver;
  beforeEach(async () => {
    world = await createWorld();
    world.moltflow.setSessions([{ id: 'sess-main-0001', name: 'Sales phone', status: 'working' }]);
    app = await world.startApp({ BULK_PROGRESS_UPDATE_MS: '250', BULK_PROGRESS_STALL_SECONDS: '5' });
    bulk = new BulkDriver(world, app);
  });
  afterEach(async () => {
    await world.close();
  });

  it('ends on the true final state when the stream stays open but says nothing more', async () => {
    const { job, message } = await bulk.start(bulk.group('VIP', 6));
    bulk.area.emit(job.id, { sent: 2 });
    await bulk.waitForShown(message, '2/6 sent');
    const readsBefore = world.moltflow.requestsTo('GET', `/bulk-send/${job.id}`).length;

    // MoltFlow finishes the job but the open stream never says so (no frame, no close).
    bulk.area.applyPatch(bulk.job(job.id), { status: 'completed', sent: 5, failed: 1 });

    await bulk.waitForShown(message, '5/6 sent, 1 failed (Completed)', 15_000);
    expect(world.moltflow.requestsTo('GET', `/bulk-send/${job.id}`).length).toBeGreaterThan(readsBefore);
    await app.service.broadcasts.whenDone(job.id);
    expect(bulk.thread(message).some((line) => /completed/i.test(line))).toBe(true);
  }, 30_000);
});
