// Poller state (one row, merged patches) and JSON settings, on both backends.
import { expect, it } from 'vitest';
import { describeEachBackend, T0, useStore } from './backends.js';

describeEachBackend('poller state', (backend) => {
  const ctx = useStore(backend);

  it('starts empty, merges patches, and ignores undefined fields', async () => {
    const { store } = ctx;
    expect(await store.getPollerState()).toEqual({
      initializedAt: null,
      cutoff: null,
      lastRunAt: null,
      lastRunOk: null,
      lastError: null,
      lastPostedCount: 0,
      totalPosted: 0,
      consecutiveFailures: 0,
    });
    await store.savePollerState({ cutoff: T0, lastRunOk: false, lastError: 'boom', consecutiveFailures: 1 });
    const merged = await store.savePollerState({
      lastRunOk: true,
      lastError: null,
      totalPosted: 3,
      cutoff: undefined,
    });
    expect(merged).toMatchObject({ cutoff: T0, lastRunOk: true, lastError: null, totalPosted: 3 });
    expect(merged.consecutiveFailures).toBe(1);
    expect(await store.getPollerState()).toEqual(merged);
  });

  it('keeps every field of patches saved at once from two stores', async () => {
    const { store, db } = ctx;
    const other = await db.reopen();
    // Each store sets only its own field, over and over; a read-merge-write that is not atomic would let one
    // store write back the other's stale value.
    const rounds = 25;
    await Promise.all([
      (async () => {
        for (let i = 1; i <= rounds; i += 1) await store.savePollerState({ lastPostedCount: i });
      })(),
      (async () => {
        for (let i = 1; i <= rounds; i += 1) await other.savePollerState({ consecutiveFailures: i });
      })(),
    ]);
    expect(await store.getPollerState()).toMatchObject({
      lastPostedCount: rounds,
      consecutiveFailures: rounds,
    });
  });

  it('stores an error message whatever characters it holds', async () => {
    const { store } = ctx;
    const saved = await store.savePollerState({ lastError: 'bad byte \u0000 in «reply» 🚀' });
    expect(saved.lastError).toMatch(/^bad byte .* in «reply» 🚀$/);
    expect((await store.getPollerState()).lastError).toBe(saved.lastError);
  });
});

describeEachBackend('settings', (backend) => {
  const ctx = useStore(backend);

  it('stores JSON settings and deletes on undefined', async () => {
    const { store } = ctx;
    expect(await store.getSetting('routes')).toBeUndefined();
    await store.setSetting('routes', { g1: 'C1', n: [1, 2] });
    await store.setSetting('flag', false);
    await store.setSetting('none', null);
    await store.setSetting('text', 'nul \u0000 and "quotes"');
    expect(await store.getSetting<Record<string, unknown>>('routes')).toEqual({ g1: 'C1', n: [1, 2] });
    expect(await store.getSetting('flag')).toBe(false);
    expect(await store.getSetting('none')).toBeNull();
    expect(await store.getSetting('text')).toBe('nul \u0000 and "quotes"');
    await store.setSetting('routes', 'replaced');
    expect(await store.getSetting('routes')).toBe('replaced');
    await store.setSetting('routes', undefined);
    expect(await store.getSetting('routes')).toBeUndefined();
    await expect(store.setSetting('fn', () => 1)).rejects.toThrow(/not JSON-serializable/);
  });

  it('lists the keys that start with a prefix, in byte order, taking % _ and \\ literally', async () => {
    const { store } = ctx;
    for (const key of [
      'draft:U1',
      'draft:U2',
      'draftX',
      'other',
      'a%b:1',
      'aXb:1',
      'a_c',
      'abc',
      'x\\y:1',
      'x\\\\y',
    ])
      await store.setSetting(key, 1);
    expect(await store.listSettingKeys('draft:')).toEqual(['draft:U1', 'draft:U2']);
    expect(await store.listSettingKeys('a%b')).toEqual(['a%b:1']);
    expect(await store.listSettingKeys('a_')).toEqual(['a_c']);
    expect(await store.listSettingKeys('x\\y')).toEqual(['x\\y:1']);
    expect(await store.listSettingKeys('nothing')).toEqual([]);
    expect(await store.listSettingKeys('a')).toEqual(['a%b:1', 'aXb:1', 'a_c', 'abc']);
    expect((await store.listSettingKeys('')).length).toBe(10);
  });
});
