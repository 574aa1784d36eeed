// Double-click guards: claimed once, given back on failure, and forgotten after a day so the table stays small.
import { expect, it } from 'vitest';
import { describeEachBackend, useStore } from './backends.js';

const T0 = new Date('2026-11-24T10:00:00.000Z');
const hoursAfter = (h: number) => new Date(T0.getTime() + h * 3_600_000);

describeEachBackend('idempotency keys', (backend) => {
  const ctx = useStore(backend);

  it('lets the first claim do the work and the second see its result', async () => {
    const { idempotency } = ctx.store;
    expect(await idempotency.claim('bulksend:V1', T0)).toBe(true);
    expect(await idempotency.result('bulksend:V1')).toBeUndefined();
    await idempotency.saveResult('bulksend:V1', { jobId: 'j1' });
    expect(await idempotency.claim('bulksend:V1', T0)).toBe(false);
    expect(await idempotency.result('bulksend:V1')).toEqual({ jobId: 'j1' });
    await idempotency.release('bulksend:V1');
    expect(await idempotency.result('bulksend:V1')).toBeUndefined();
    expect(await idempotency.claim('bulksend:V1', T0)).toBe(true);
    expect(await idempotency.result('never-claimed')).toBeUndefined();
  });

  it('a claim made through one store is seen by another on the same database', async () => {
    const { store, db } = ctx;
    const other = await db.reopen();
    expect(await store.idempotency.claim('confirm:V9', T0)).toBe(true);
    expect(await other.idempotency.claim('confirm:V9', T0)).toBe(false);
    await store.idempotency.saveResult('confirm:V9', 'sent');
    expect(await other.idempotency.result('confirm:V9')).toBe('sent');
  });

  it('prunes keys claimed before the cut-off and keeps the rest, results included', async () => {
    const { idempotency } = ctx.store;
    await idempotency.claim('old', T0);
    await idempotency.claim('edge', hoursAfter(1));
    await idempotency.claim('fresh', hoursAfter(20));
    await idempotency.saveResult('fresh', { ok: true });

    expect(await idempotency.prune(hoursAfter(1))).toBe(1);

    // The pruned key can be claimed again; the kept ones still guard their work.
    expect(await idempotency.claim('old', hoursAfter(25))).toBe(true);
    expect(await idempotency.claim('edge', hoursAfter(25))).toBe(false);
    expect(await idempotency.claim('fresh', hoursAfter(25))).toBe(false);
    expect(await idempotency.result('fresh')).toEqual({ ok: true });
    expect(await idempotency.prune(hoursAfter(1))).toBe(0);
  });
});
