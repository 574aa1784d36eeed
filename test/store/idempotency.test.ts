// Double-click guards: claimed once, given back on failure, and forgotten after a day so the table stays small.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';

const T0 = new Date('2026-11-24T10:00:00.000Z');
const hoursAfter = (h: number) => new Date(T0.getTime() + h * 3_600_000);

describe('idempotency keys', () => {
  let store: Store;
  beforeEach(() => {
    store = openStore('sqlite::memory:');
  });
  afterEach(() => {
    store.close();
  });

  it('lets the first claim do the work and the second see its result', () => {
    expect(store.idempotency.claim('bulksend:V1', T0)).toBe(true);
    store.idempotency.saveResult('bulksend:V1', { jobId: 'j1' });
    expect(store.idempotency.claim('bulksend:V1', T0)).toBe(false);
    expect(store.idempotency.result('bulksend:V1')).toEqual({ jobId: 'j1' });
    store.idempotency.release('bulksend:V1');
    expect(store.idempotency.claim('bulksend:V1', T0)).toBe(true);
  });

  it('prunes keys claimed before the cut-off and keeps the rest, results included', () => {
    store.idempotency.claim('old', T0);
    store.idempotency.claim('edge', hoursAfter(1));
    store.idempotency.claim('fresh', hoursAfter(20));
    store.idempotency.saveResult('fresh', { ok: true });

    expect(store.idempotency.prune(hoursAfter(1))).toBe(1);

    // The pruned key can be claimed again; the kept ones still guard their work.
    expect(store.idempotency.claim('old', hoursAfter(25))).toBe(true);
    expect(store.idempotency.claim('edge', hoursAfter(25))).toBe(false);
    expect(store.idempotency.claim('fresh', hoursAfter(25))).toBe(false);
    expect(store.idempotency.result('fresh')).toEqual({ ok: true });
    expect(store.idempotency.prune(hoursAfter(1))).toBe(0);
  });
});
