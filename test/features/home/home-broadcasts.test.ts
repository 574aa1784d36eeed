// The Home of someone watching a broadcast: its progress is redrawn as the follower saves it (ChangeFeed
// `broadcasts`), and it leaves the list when it finishes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, SIGNING_SECRET, type TestApp, type World } from '../../helpers/harness.js';
import { postAppHomeOpened } from '../../helpers/signed-request.js';
import { BulkDriver, USER } from '../broadcasts/broadcast-driver.js';

type Block = { block_id?: string; text?: { text: string } };

describe('App Home: running broadcasts', () => {
  let world: World;
  let app: TestApp;
  let bulk: BulkDriver;

  beforeEach(async () => {
    world = await createWorld();
    world.moltflow.setSessions([{ id: 'sess-main-0001', name: 'Sales phone', status: 'working' }]);
    app = await world.startApp({ BULK_PROGRESS_UPDATE_MS: '250' }, { home: { perUserMs: 50, gapMs: 0 } });
    bulk = new BulkDriver(world, app);
  });
  afterEach(async () => {
    await world.close();
    expect(world.slack.rejections).toEqual([]);
  });

  const broadcastsShown = () => {
    const view = world.slack.home(USER) as { blocks: Block[] } | undefined;
    return view?.blocks.find((b) => b.block_id === 'home_broadcasts')?.text?.text ?? '';
  };

  it('shows progress as it is saved and drops the broadcast when it finishes', async () => {
    const { job } = await bulk.start(bulk.group('VIP <!here>', 5));
    await postAppHomeOpened(app.eventsUrl, SIGNING_SECRET, USER);
    await world.slack.waitFor(() => broadcastsShown().includes('0/5 sent') || undefined);
    expect(broadcastsShown()).toContain('*VIP &lt;!here&gt;* via Sales phone');

    bulk.area.emit(job.id, { sent: 3, failed: 1 });
    await world.slack.waitFor(() => broadcastsShown().includes('3/5 sent, 1 failed') || undefined);

    bulk.area.finish(job.id, 'completed', { sent: 4, failed: 1 });
    await app.service.broadcasts.whenDone(job.id);
    await world.slack.waitFor(() => broadcastsShown() === 'No broadcast is running.' || undefined);
  });
});
