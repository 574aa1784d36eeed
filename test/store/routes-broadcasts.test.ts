// Lead routes and followed broadcasts, on both backends.
import { expect, it } from 'vitest';
import { at, describeEachBackend, T0, useStore } from './backends.js';

describeEachBackend('lead routes', (backend) => {
  const ctx = useStore(backend);
  const route = (id: string, name: string | null, channel = 'C1') => ({
    sourceGroupId: id,
    sourceGroupName: name,
    channel,
    setBy: 'U1',
    setAt: T0,
  });

  it('sets, lists by name, replaces and removes', async () => {
    const { routes } = ctx.store;
    await routes.set(route('g2', 'Buyers'));
    await routes.set(route('g1', 'Agents'));
    await routes.set(route('g3', null));
    expect((await routes.list()).map((r) => r.sourceGroupId)).toEqual(['g3', 'g1', 'g2']);
    expect(await routes.get('g1')).toEqual({ ...route('g1', 'Agents'), failingSince: null, lastError: null });
    expect(await routes.get('nope')).toBeUndefined();

    await routes.set({ ...route('g1', 'Agents EU', 'C9'), setAt: at(5) });
    expect(await routes.get('g1')).toMatchObject({
      channel: 'C9',
      sourceGroupName: 'Agents EU',
      setAt: at(5),
    });
    expect(await routes.remove('g1')).toBe(true);
    expect(await routes.remove('g1')).toBe(false);
    expect((await routes.list()).length).toBe(2);
  });

  it('keeps the first failure time until healthy, and a new route clears the flag', async () => {
    const { routes } = ctx.store;
    await routes.set(route('g1', 'Buyers'));
    await routes.markFailing('g1', 'is_archived', at(1));
    await routes.markFailing('g1', 'not_in_channel \u0000', at(2));
    expect(await routes.get('g1')).toMatchObject({ failingSince: at(1) });
    expect((await routes.get('g1'))?.lastError).toMatch(/^not_in_channel /);
    await routes.markHealthy('g1');
    expect(await routes.get('g1')).toMatchObject({ failingSince: null, lastError: null });
    await routes.markFailing('g1', 'is_archived', at(3));
    await routes.set(route('g1', 'Buyers', 'C2'));
    expect(await routes.get('g1')).toMatchObject({ channel: 'C2', failingSince: null, lastError: null });
    await routes.markFailing('missing', 'x', at(1));
    expect(await routes.get('missing')).toBeUndefined();
  });
});

describeEachBackend('followed broadcasts', (backend) => {
  const ctx = useStore(backend);
  const job = (jobId: string) => ({
    jobId,
    channel: 'C1',
    ts: `${jobId}.1`,
    startedBy: 'U1',
    status: 'running',
    state: { sent: 0, total: 10, group: 'VIP' },
  });

  it('tracks, updates a patch at a time, and lists open jobs oldest first', async () => {
    const { broadcasts } = ctx.store;
    await broadcasts.track(job('j2'), at(2));
    await broadcasts.track(job('j1'), at(1));
    await broadcasts.track(job('j3'), at(3));
    expect(await broadcasts.get('j1')).toEqual({
      ...job('j1'),
      finished: false,
      createdAt: at(1),
      updatedAt: at(1),
    });
    expect(await broadcasts.get('nope')).toBeUndefined();

    await broadcasts.update('j1', { state: { sent: 5, total: 10 } }, at(4));
    await broadcasts.update('j1', { status: 'paused' }, at(5));
    expect(await broadcasts.get('j1')).toMatchObject({
      status: 'paused',
      state: { sent: 5, total: 10 },
      finished: false,
      updatedAt: at(5),
      createdAt: at(1),
    });
    await broadcasts.update('j2', { status: 'completed', finished: true }, at(6));
    expect((await broadcasts.listOpen()).map((j) => j.jobId)).toEqual(['j1', 'j3']);
    expect((await broadcasts.listRecent(2)).map((j) => j.jobId)).toEqual(['j3', 'j2']);
    expect((await broadcasts.get('j2'))?.finished).toBe(true);
  });

  it('tracking a job again starts it over', async () => {
    const { broadcasts } = ctx.store;
    await broadcasts.track(job('j1'), at(1));
    await broadcasts.update('j1', { status: 'completed', finished: true }, at(2));
    await broadcasts.track({ ...job('j1'), ts: '9.9', state: { adopted: true } }, at(3));
    expect(await broadcasts.get('j1')).toMatchObject({
      ts: '9.9',
      state: { adopted: true },
      finished: false,
      createdAt: at(3),
      updatedAt: at(3),
    });
  });
});
