// Postgres only: two replicas (two stores, two pools) asking at the same moment; exactly one may win.
import { afterAll, expect, it } from 'vitest';
import type { Store } from '../../../src/store/index.js';
import { describeIfPostgres } from '../../support/postgres.js';
import { at, lead, postgresBackend, T0, useStore } from '../backends.js';

const MINUTE = 60_000;

describeIfPostgres('Postgres races between replicas', () => {
  const backend = postgresBackend();
  afterAll(() => backend.dispose());
  const ctx = useStore(backend, 'replica-a');
  let a: Store;
  let b: Store;
  const both = async () => {
    a = ctx.store;
    b = await ctx.db.reopen('replica-b');
  };

  it('markPending: of two replicas marking the same 50 leads at once, exactly one wins each', async () => {
    await both();
    const ids = Array.from({ length: 50 }, (_, i) => `L${i}`);
    // interleave the two replicas' calls so both pools have statements on the same leads in flight
    const results = await Promise.all(
      ids.flatMap((id) => [
        a.markPending(id, 'C1', lead(id), T0).then((won) => ({ id, by: 'replica-a', won })),
        b.markPending(id, 'C1', lead(id), T0).then((won) => ({ id, by: 'replica-b', won })),
      ]),
    );
    const winners = new Map<string, string>();
    for (const r of results.filter((x) => x.won)) {
      expect(winners.has(r.id), `${r.id} won twice`).toBe(false);
      winners.set(r.id, r.by);
    }
    expect(winners.size).toBe(50);
    const rows = await a.getLeadRecords(ids);
    for (const id of ids) expect(rows.get(id)?.claimedBy).toBe(winners.get(id));
  });

  it('leases.acquire: of two replicas asking for the same free lease at once, exactly one holds it', async () => {
    await both();
    const names = Array.from({ length: 20 }, (_, i) => `broadcast:j${i}`);
    const results = await Promise.all(
      names.flatMap((name) => [
        a.leases.acquire(name, 'replica-a', MINUTE, T0).then((won) => ({ name, holder: 'replica-a', won })),
        b.leases.acquire(name, 'replica-b', MINUTE, T0).then((won) => ({ name, holder: 'replica-b', won })),
      ]),
    );
    const listed = await a.leases.list('broadcast:', T0);
    expect(listed.length).toBe(20);
    for (const name of names) {
      const won = results.filter((r) => r.name === name && r.won);
      expect(won.length, name).toBe(1);
      expect(listed.find((l) => l.name === name)?.holder).toBe(won[0]?.holder);
    }
  });

  it('an expired lease raced for by two replicas goes to exactly one, with a new acquiredAt', async () => {
    await both();
    const names = Array.from({ length: 20 }, (_, i) => `poller${i}`);
    for (const name of names) await a.leases.acquire(name, 'dead-replica', MINUTE, T0);
    const results = await Promise.all(
      names.flatMap((name) => [
        a.leases.acquire(name, 'replica-a', MINUTE, at(2)).then((won) => ({ name, won })),
        b.leases.acquire(name, 'replica-b', MINUTE, at(2)).then((won) => ({ name, won })),
      ]),
    );
    for (const name of names) expect(results.filter((r) => r.name === name && r.won).length, name).toBe(1);
    const listed = await b.leases.list('poller', at(2));
    expect(listed.length).toBe(20);
    for (const l of listed) {
      expect(['replica-a', 'replica-b']).toContain(l.holder);
      expect(l.acquiredAt).toEqual(at(2));
      expect(l.expiresAt).toEqual(at(3));
    }
  });

  it('idempotency.claim: a double click landing on two replicas does the work once', async () => {
    await both();
    const keys = Array.from({ length: 50 }, (_, i) => `bulksend:V${i}`);
    const results = await Promise.all(
      keys.flatMap((key) => [
        a.idempotency.claim(key, T0).then((won) => ({ key, won })),
        b.idempotency.claim(key, T0).then((won) => ({ key, won })),
      ]),
    );
    for (const key of keys) expect(results.filter((r) => r.key === key && r.won).length, key).toBe(1);
  });
});
