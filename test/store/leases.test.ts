// Leases: who polls, who follows which broadcast. On both backends, with the caller's clock.
import { expect, it } from 'vitest';
import { at, describeEachBackend, T0, useStore } from './backends.js';

const MINUTE = 60_000;

describeEachBackend('leases', (backend) => {
  const ctx = useStore(backend);

  it('is taken when free, renewed by its holder, and refused to another until it expires', async () => {
    const { leases } = ctx.store;
    expect(await leases.acquire('poller', 'A', MINUTE, T0)).toBe(true);
    expect(await leases.acquire('poller', 'B', MINUTE, at(0.5))).toBe(false);
    // renewal: later expiry, same acquiredAt
    expect(await leases.acquire('poller', 'A', MINUTE, at(0.9))).toBe(true);
    expect(await leases.list('poller', at(0.9))).toEqual([
      { name: 'poller', holder: 'A', acquiredAt: T0, expiresAt: at(1.9) },
    ]);
    // the renewal moved the expiry, so B is still refused where the first term would have ended
    expect(await leases.acquire('poller', 'B', MINUTE, at(1.5))).toBe(false);
    expect(await leases.list('poller', at(1.5))).toEqual([
      { name: 'poller', holder: 'A', acquiredAt: T0, expiresAt: at(1.9) },
    ]);
  });

  it('an expired lease goes to whoever asks first, from the moment it expires, with a new acquiredAt', async () => {
    const { leases } = ctx.store;
    expect(await leases.acquire('poller', 'A', MINUTE, T0)).toBe(true);
    expect(await leases.acquire('poller', 'B', MINUTE, new Date(at(1).getTime() - 1))).toBe(false);
    expect(await leases.acquire('poller', 'B', MINUTE, at(1))).toBe(true);
    expect(await leases.list('', at(1))).toEqual([
      { name: 'poller', holder: 'B', acquiredAt: at(1), expiresAt: at(2) },
    ]);
    expect(await leases.acquire('poller', 'A', MINUTE, at(1.5))).toBe(false);
    // B renews: its own term keeps its start
    expect(await leases.acquire('poller', 'B', MINUTE, at(1.5))).toBe(true);
    expect((await leases.list('', at(1.5)))[0]).toMatchObject({ acquiredAt: at(1), expiresAt: at(2.5) });
  });

  it('a holder that lets its lease lapse and takes it again starts a new term', async () => {
    const { leases } = ctx.store;
    await leases.acquire('poller', 'A', MINUTE, T0);
    expect(await leases.acquire('poller', 'A', MINUTE, at(5))).toBe(true);
    expect((await leases.list('', at(5)))[0]).toMatchObject({
      holder: 'A',
      acquiredAt: at(5),
      expiresAt: at(6),
    });
  });

  it('release frees it at once, but only when asked by the holder', async () => {
    const { leases } = ctx.store;
    await leases.acquire('broadcast:j1', 'A', MINUTE, T0);
    await leases.release('broadcast:j1', 'B');
    expect(await leases.acquire('broadcast:j1', 'B', MINUTE, at(0.1))).toBe(false);
    await leases.release('broadcast:j1', 'A');
    expect(await leases.list('broadcast:', at(0.1))).toEqual([]);
    expect(await leases.acquire('broadcast:j1', 'B', MINUTE, at(0.1))).toBe(true);
    await leases.release('never-taken', 'A');
  });

  it('lists the unexpired leases under a prefix, by name, taking % and _ literally', async () => {
    const { leases } = ctx.store;
    await leases.acquire('broadcast:j2', 'A', MINUTE, T0);
    await leases.acquire('broadcast:j1', 'B', 10 * MINUTE, T0);
    await leases.acquire('broadcast:j3', 'A', 2 * MINUTE, T0);
    await leases.acquire('broadcastXj4', 'A', MINUTE, T0);
    await leases.acquire('poller', 'A', MINUTE, T0);
    await leases.acquire('replica_1', 'A', MINUTE, T0);
    await leases.acquire('replicaX1', 'A', MINUTE, T0);
    expect((await leases.list('broadcast:', at(0.5))).map((l) => [l.name, l.holder])).toEqual([
      ['broadcast:j1', 'B'],
      ['broadcast:j2', 'A'],
      ['broadcast:j3', 'A'],
    ]);
    // at +1 min broadcast:j2 has expired (expiresAt = now is expired)
    expect((await leases.list('broadcast:', at(1))).map((l) => l.name)).toEqual([
      'broadcast:j1',
      'broadcast:j3',
    ]);
    expect((await leases.list('replica_', at(0))).map((l) => l.name)).toEqual(['replica_1']);
    expect(await leases.list('broadcast:', at(20))).toEqual([]);
  });

  it('a lease held through one store is refused through another on the same database', async () => {
    const { store, db } = ctx;
    const other = await db.reopen();
    expect(await store.leases.acquire('poller', store.instanceId, MINUTE, T0)).toBe(true);
    expect(await other.leases.acquire('poller', other.instanceId, MINUTE, at(0.5))).toBe(false);
    expect((await other.leases.list('poller', at(0.5)))[0]?.holder).toBe(store.instanceId);
  });

  it('without a clock from the caller, a lease lasts ttl from now', async () => {
    const { leases } = ctx.store;
    const before = Date.now();
    expect(await leases.acquire('poller', 'A', 10 * MINUTE)).toBe(true);
    expect(await leases.acquire('poller', 'B', 10 * MINUTE)).toBe(false);
    const [held] = await leases.list('poller');
    expect(held?.holder).toBe('A');
    // the database server may keep the time (Postgres); on this machine its clock is ours
    expect(Math.abs((held?.acquiredAt.getTime() ?? 0) - before)).toBeLessThan(5_000);
    expect((held?.expiresAt.getTime() ?? 0) - (held?.acquiredAt.getTime() ?? 0)).toBe(10 * MINUTE);
    expect(await leases.list('poller', new Date(before + 11 * MINUTE))).toEqual([]);
  });
});
