// The exactly-once protocol's rows, on both backends: pending → posted, skipped, and who claimed what.
import { expect, it } from 'vitest';
import { at, describeEachBackend, lead, T0, useStore } from './backends.js';

describeEachBackend('lead records', (backend) => {
  const ctx = useStore(backend, 'replica-a');

  it('markPending inserts once and returns false when any row exists', async () => {
    const { store } = ctx;
    expect(await store.markPending('L1', 'C1', lead('L1'), T0)).toBe(true);
    expect(await store.markPending('L1', 'C2', lead('L1'), at(1))).toBe(false);

    await store.markPosted('L2', 'C1', '111.222', lead('L2'), T0);
    await store.markSkipped(['L3'], T0);
    expect(await store.markPending('L2', 'C1', lead('L2'))).toBe(false);
    expect(await store.markPending('L3', 'C1', lead('L3'))).toBe(false);

    const rec = await store.getLeadRecord('L1');
    expect(rec).toMatchObject({
      state: 'pending',
      channel: 'C1',
      ts: null,
      shownStatus: null,
      postedAt: null,
    });
    expect(rec?.pendingSince).toEqual(T0);
    expect(rec?.updatedAt).toEqual(T0);
    expect(rec?.lead).toEqual(lead('L1'));
    expect(rec?.lead?.detectedAt).toBeInstanceOf(Date);
    expect((await store.getLeadRecord('L2'))?.state).toBe('posted');
    expect((await store.getLeadRecord('L3'))?.state).toBe('skipped');
  });

  it('a pending row is claimed by the store that marked it; posting clears the claim', async () => {
    const { store, db } = ctx;
    const other = await db.reopen('replica-b');
    expect(store.instanceId).toBe('replica-a');
    expect(await store.markPending('A', 'C1', lead('A'), T0)).toBe(true);
    expect(await other.markPending('B', 'C1', lead('B'), at(1))).toBe(true);
    expect(await other.markPending('A', 'C1', lead('A'), at(1))).toBe(false);
    await store.markSkipped(['S'], T0);

    expect((await other.listPending()).map((r) => [r.leadId, r.claimedBy])).toEqual([
      ['A', 'replica-a'],
      ['B', 'replica-b'],
    ]);
    // either replica may settle a post; the row then belongs to no one
    await other.markPosted('A', 'C1', '1.1', lead('A'), at(2));
    expect(await store.getLeadRecord('A')).toMatchObject({
      state: 'posted',
      claimedBy: null,
      pendingSince: null,
    });
    expect((await store.getLeadRecord('S'))?.claimedBy).toBeNull();
  });

  it('markPosted turns a pending row into a posted one with status and snapshot', async () => {
    const { store } = ctx;
    await store.markPending('L1', 'C1', lead('L1'), T0);
    await store.markPosted('L1', 'C1', '171.0001', lead('L1', { status: 'contacted' }), at(1));
    const rec = await store.getLeadRecord('L1');
    expect(rec).toMatchObject({ state: 'posted', channel: 'C1', ts: '171.0001', shownStatus: 'contacted' });
    expect(rec?.lead?.status).toBe('contacted');
    expect(rec?.pendingSince).toBeNull();
    expect(rec?.postedAt).toEqual(at(1));
    expect(rec?.updatedAt).toEqual(at(1));
    expect(await store.listPending()).toEqual([]);
  });

  it('markSkipped never downgrades posted rows nor touches pending ones', async () => {
    const { store } = ctx;
    await store.markPosted('P', 'C1', '1.1', lead('P'), T0);
    await store.markPending('Q', 'C1', lead('Q'), T0);
    await store.markSkipped(['P', 'Q', 'S1', 'S2', 'S1'], at(5));
    expect(await store.getLeadRecord('P')).toMatchObject({ state: 'posted', ts: '1.1', updatedAt: T0 });
    expect((await store.getLeadRecord('Q'))?.state).toBe('pending');
    expect(await store.getLeadRecord('S1')).toMatchObject({
      state: 'skipped',
      channel: null,
      lead: null,
      pendingSince: null,
      claimedBy: null,
    });
    expect((await store.getLeadRecord('S2'))?.updatedAt).toEqual(at(5));
    await store.markSkipped([]);
  });

  it('unclaimPending drops the claim of a pending row only, keeping the row', async () => {
    const { store } = ctx;
    await store.markPending('A', 'C1', lead('A'), T0);
    await store.markPosted('B', 'C1', '2.2', lead('B'), T0);
    for (const id of ['A', 'B', 'missing']) await store.unclaimPending(id);
    expect(await store.getLeadRecord('A')).toMatchObject({
      state: 'pending',
      claimedBy: null,
      channel: 'C1',
    });
    expect(await store.getLeadRecord('B')).toMatchObject({ state: 'posted', claimedBy: null, ts: '2.2' });
    expect(await store.getLeadRecord('missing')).toBeUndefined();
    // still claimed as a lead: no second card
    expect(await store.markPending('A', 'C1', lead('A'))).toBe(false);
  });

  it('clearPending deletes pending rows only', async () => {
    const { store } = ctx;
    await store.markPending('A', 'C1', lead('A'), T0);
    await store.markPosted('B', 'C1', '2.2', lead('B'), T0);
    await store.markSkipped(['C'], T0);
    for (const id of ['A', 'B', 'C', 'missing']) await store.clearPending(id);
    expect(await store.getLeadRecord('A')).toBeUndefined();
    expect((await store.getLeadRecord('B'))?.state).toBe('posted');
    expect((await store.getLeadRecord('C'))?.state).toBe('skipped');
    // cleared, so the lead can be announced again
    expect(await store.markPending('A', 'C1', lead('A'))).toBe(true);
  });

  it('listPending returns oldest first regardless of insertion order', async () => {
    const { store } = ctx;
    await store.markPending('late', 'C1', lead('late'), at(10));
    await store.markPending('early', 'C1', lead('early'), at(-10));
    await store.markPending('mid', 'C2', lead('mid'), T0);
    await store.markPosted('done', 'C1', '3.3', lead('done'), at(-20));
    expect((await store.listPending()).map((r) => r.leadId)).toEqual(['early', 'mid', 'late']);
  });

  it('updateShown sets changedBy/At when given and keeps them otherwise', async () => {
    const { store } = ctx;
    await store.markPosted('L1', 'C1', '5.5', lead('L1'), T0);
    await store.updateShown('L1', lead('L1', { status: 'contacted' }), { by: 'U123', at: at(1) }, at(1));
    expect(await store.getLeadRecord('L1')).toMatchObject({
      shownStatus: 'contacted',
      changedBy: 'U123',
      changedAt: at(1),
      updatedAt: at(1),
    });

    // a refresh from the poller: no change author, the last one stays
    await store.updateShown('L1', lead('L1', { status: 'qualified', name: 'Ada L.' }), null, at(2));
    const rec = await store.getLeadRecord('L1');
    expect(rec).toMatchObject({
      shownStatus: 'qualified',
      changedBy: 'U123',
      changedAt: at(1),
      updatedAt: at(2),
    });
    expect(rec?.lead?.name).toBe('Ada L.');
    await store.updateShown('L1', lead('L1', { status: 'converted' }));
    expect((await store.getLeadRecord('L1'))?.changedBy).toBe('U123');
  });

  it('updateShown ignores rows that are not posted', async () => {
    const { store } = ctx;
    await store.markPending('P', 'C1', lead('P'), T0);
    await store.markSkipped(['S'], T0);
    await store.updateShown('P', lead('P', { status: 'lost' }), { by: 'U1', at: T0 });
    await store.updateShown('S', lead('S', { status: 'lost' }), { by: 'U1', at: T0 });
    await store.updateShown('none', lead('none'));
    expect(await store.getLeadRecord('P')).toMatchObject({
      state: 'pending',
      shownStatus: null,
      changedBy: null,
    });
    expect((await store.getLeadRecord('P'))?.lead?.status).toBe('new');
    expect(await store.getLeadRecord('S')).toMatchObject({ state: 'skipped', lead: null, changedBy: null });
    expect(await store.getLeadRecord('none')).toBeUndefined();
  });

  it('findByMessage finds the posted card by channel and ts', async () => {
    const { store } = ctx;
    await store.markPosted('L1', 'C1', '100.1', lead('L1'), T0);
    await store.markPosted('L2', 'C2', '100.1', lead('L2'), T0);
    await store.markPending('L3', 'C1', lead('L3'), T0);
    expect((await store.findByMessage('C1', '100.1'))?.leadId).toBe('L1');
    expect((await store.findByMessage('C2', '100.1'))?.leadId).toBe('L2');
    expect(await store.findByMessage('C1', '100.2')).toBeUndefined();
    expect(await store.findByMessage('C3', '100.1')).toBeUndefined();
  });

  it('getLeadRecords returns only known ids, for any number of ids', async () => {
    const { store } = ctx;
    await store.markPosted('a', 'C1', '1.0', lead('a'), T0);
    await store.markSkipped(['b'], T0);
    const ids = Array.from({ length: 40_000 }, (_, i) => `x${i}`).concat(['a', 'b', 'a', "o'quote"]);
    const found = await store.getLeadRecords(ids);
    expect(found).toBeInstanceOf(Map);
    expect([...found.keys()].sort()).toEqual(['a', 'b']);
    expect(found.get('a')?.state).toBe('posted');
    expect((await store.getLeadRecords([])).size).toBe(0);
  });

  it('keeps untrusted text exactly as given in the snapshot, quotes and odd characters included', async () => {
    const { store } = ctx;
    const odd = lead("o'; DROP TABLE lead_records; --", {
      name: 'Zoë "the" \\ 🚀 \u0000 <b>',
      preview: `line1\nline2\t${'x'.repeat(5000)}`,
    });
    expect(await store.markPending(odd.id, 'C1', odd, T0)).toBe(true);
    expect((await store.getLeadRecord(odd.id))?.lead).toEqual(odd);
  });
});

describeEachBackend('identity', (backend) => {
  const ctx = useStore(backend);

  it('names its backend, and has an instance id, random unless given', async () => {
    const { store, db } = ctx;
    expect(store.backend).toBe(backend.name);
    expect(store.instanceId).toMatch(/\S/);
    const named = await db.reopen('web-2');
    const unnamed = await db.reopen();
    expect(named.instanceId).toBe('web-2');
    expect(unnamed.instanceId).not.toBe(store.instanceId);
  });

  it('close() is idempotent and waits for what is in flight', async () => {
    const { store } = ctx;
    const write = store.markPending('L1', 'C1', lead('L1'), T0);
    await Promise.all([store.close(), store.close()]);
    expect(await write).toBe(true);
    await expect(store.close()).resolves.toBeUndefined();
    await expect(store.getLeadRecord('L1')).rejects.toThrow();
  });
});
