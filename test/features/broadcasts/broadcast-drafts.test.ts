import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, type TestApp, type World } from '../../helpers/harness.js';
import { BulkDriver } from './broadcast-driver.js';

describe('/bulksend drafts', () => {
  let world: World;
  let app: TestApp;
  beforeEach(async () => {
    world = await createWorld();
    app = await world.startApp();
  });
  afterEach(async () => {
    await world.close();
  });

  it('expire after a day, including those of forms closed while they were loading', async () => {
    const store = app.service.ctx.store;
    const draft = { channel: 'C0X', user: 'U0X', sessions: [], groups: [], choice: null };
    await store.setSetting('bulksend.draft.V0OLD', {
      ...draft,
      savedAt: new Date(Date.now() - 25 * 3_600_000).toISOString(),
    });
    await store.setSetting('bulksend.draft.V0LEGACY', draft); // written before drafts carried a date
    await store.setSetting('bulksend.draft.V0FRESH', { ...draft, savedAt: new Date().toISOString() });
    await store.setSetting('bulksend.draftless', { keep: true }); // not a draft: the prefix must match exactly

    const bulk = new BulkDriver(world, app);
    bulk.group('VIP', 2);
    const form = await bulk.openForm();

    expect((await store.listSettingKeys('bulksend.draft.')).sort()).toEqual(
      ['bulksend.draft.V0FRESH', `bulksend.draft.${form.id}`].sort(),
    );
    expect(await store.getSetting('bulksend.draftless')).toEqual({ keep: true });

    // The prefix is literal: LIKE's wildcards in it match only themselves.
    await store.setSetting('a_b.1', 1);
    await store.setSetting('axb.2', 2);
    await store.setSetting('a%b.3', 3);
    expect(await store.listSettingKeys('a_b.')).toEqual(['a_b.1']);
    expect(await store.listSettingKeys('a%')).toEqual(['a%b.3']);
  });
});
