// The App Home's pipeline figures, on both backends: detection time kept from the snapshot, the first move
// from Slack set once, and leadStats counting by shown status and timing first moves within a window.
import { expect, it } from 'vitest';
import { at, describeEachBackend, lead, T0, useStore } from './backends.js';

const minutes = (n: number) => n * 60_000;

describeEachBackend('lead stats', (backend) => {
  const ctx = useStore(backend);

  it('keeps when a lead was detected from the snapshot it was written with', async () => {
    const { store } = ctx;
    await store.markPending('P', 'C1', lead('P', { detectedAt: at(-30) }), T0);
    await store.markPosted('Q', 'C1', '1.1', lead('Q', { detectedAt: at(-20) }), T0);
    await store.markSkipped(['S'], T0);
    expect((await store.getLeadRecord('P'))?.detectedAt).toEqual(at(-30));
    expect((await store.getLeadRecord('Q'))?.detectedAt).toEqual(at(-20));
    expect((await store.getLeadRecord('S'))?.detectedAt).toBeNull();
    await store.markPosted('P', 'C1', '1.2', lead('P', { detectedAt: at(-30) }), at(1));
    expect((await store.getLeadRecord('P'))?.detectedAt).toEqual(at(-30));
  });

  it('sets the first move once, on the first change made from Slack', async () => {
    const { store } = ctx;
    await store.markPosted('L', 'C1', '1.1', lead('L', { detectedAt: T0 }), T0);
    // a redraw for a change made in MoltFlow is no move from Slack
    await store.updateShown('L', lead('L', { detectedAt: T0, status: 'contacted' }), null, at(1));
    expect(await store.getLeadRecord('L')).toMatchObject({ firstMovedAt: null, firstMovedBy: null });

    await store.updateShown('L', lead('L', { detectedAt: T0, status: 'qualified' }), { by: 'U1', at: at(5) });
    await store.updateShown('L', lead('L', { detectedAt: T0, status: 'converted' }), { by: 'U2', at: at(9) });
    const rec = await store.getLeadRecord('L');
    expect(rec).toMatchObject({ firstMovedBy: 'U1', changedBy: 'U2', shownStatus: 'converted' });
    expect(rec?.firstMovedAt).toEqual(at(5));
    expect(rec?.changedAt).toEqual(at(9));
  });

  it('counts posted leads detected in the window by shown status, and times their first moves', async () => {
    const { store } = ctx;
    const from = T0;
    const to = at(60 * 24 * 7);
    // inside the window
    await store.markPosted('A', 'C1', '1.1', lead('A', { detectedAt: at(0) }), at(0));
    await store.markPosted('B', 'C1', '1.2', lead('B', { detectedAt: at(10) }), at(10));
    await store.markPosted('C', 'C1', '1.3', lead('C', { detectedAt: at(20) }), at(20));
    await store.updateShown('A', lead('A', { detectedAt: at(0), status: 'contacted' }), {
      by: 'U1',
      at: at(4),
    });
    await store.updateShown('B', lead('B', { detectedAt: at(10), status: 'contacted' }), {
      by: 'U2',
      at: at(40),
    });
    await store.updateShown('B', lead('B', { detectedAt: at(10), status: 'qualified' }), {
      by: 'U1',
      at: at(50),
    });
    // outside: detected just before, and exactly at the end (the window is half-open)
    await store.markPosted('D', 'C1', '1.4', lead('D', { detectedAt: at(-1) }), at(0));
    await store.updateShown('D', lead('D', { detectedAt: at(-1), status: 'contacted' }), {
      by: 'U9',
      at: at(2),
    });
    await store.markPosted('E', 'C1', '1.5', lead('E', { detectedAt: to }), to);
    // pending and skipped rows are not on the board
    await store.markPending('F', 'C1', lead('F', { detectedAt: at(30) }), at(30));
    await store.markSkipped(['G'], at(30));

    const stats = await store.leadStats({ from, to });
    expect(stats.byStatus).toEqual({ new: 1, contacted: 1, qualified: 1 });
    expect(stats.firstMoves).toEqual([
      { by: 'U1', ms: minutes(4) },
      { by: 'U2', ms: minutes(30) },
    ]);
    expect(await store.leadStats({ from: at(-120), to: at(-60) })).toEqual({ byStatus: {}, firstMoves: [] });
  });
});
