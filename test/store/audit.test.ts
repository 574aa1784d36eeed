// The audit trail and the retention of personal data, on both backends.
import { expect, it } from 'vitest';
import type { Lead } from '../../src/domain/lead.js';
import { describeEachBackend, useStore } from './backends.js';

const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n));

describeEachBackend('audit trail', (backend) => {
  const ctx = useStore(backend);

  it('lists entries newest first, paged, and prunes the old ones', async () => {
    const { audit } = ctx.store;
    for (let i = 0; i < 5; i += 1) {
      await audit.record({
        actor: `U0${i}`,
        team: 'T1',
        action: 'group.created',
        target: `g${i}`,
        outcome: i === 4 ? 'denied' : 'ok',
        ...(i === 4 ? { detail: 'needs outreach' } : {}),
        at: day(i),
      });
    }
    expect(await audit.count()).toBe(5);
    expect((await audit.list({ offset: 0, limit: 2 })).map((e) => e.target)).toEqual(['g4', 'g3']);
    expect(await audit.list({ offset: 4, limit: 2 })).toEqual([
      { actor: 'U00', team: 'T1', action: 'group.created', target: 'g0', outcome: 'ok', at: day(0) },
    ]);
    expect((await audit.list({ offset: 0, limit: 1 }))[0]?.detail).toBe('needs outreach');
    expect(await audit.prune(day(2))).toBe(2);
    expect(await audit.count()).toBe(3);
  });

  it('orders entries of the same instant by when they were recorded, and caps long text', async () => {
    const { audit } = ctx.store;
    for (const target of ['first', 'second', 'x'.repeat(1000)]) {
      await audit.record({
        actor: 'U1',
        team: 'T1',
        action: 'lead.moved',
        target,
        outcome: 'ok',
        at: day(1),
      });
    }
    const listed = await audit.list({ offset: 0, limit: 10 });
    expect(listed.map((e) => e.target.slice(0, 6))).toEqual(['xxxxxx', 'second', 'first']);
    expect(listed[0]?.target.length).toBe(300);
  });
});

describeEachBackend('purgeLeadCopies', (backend) => {
  const ctx = useStore(backend);
  const lead: Lead = {
    id: 'L1',
    phone: '+15551234567',
    name: 'Ada',
    status: 'new',
    score: null,
    detectedAt: day(0),
    sourceGroup: { id: 'g1', name: 'Buyers' },
    keyword: 'price',
    preview: 'what is the price?',
    monitorMode: 'first_message',
    messageCount: 1,
  };

  it('forgets old names, phones and messages but keeps the card ids and pending work', async () => {
    const { store } = ctx;
    await store.markPosted('L1', 'C1', '1.1', lead, day(0));
    await store.markPending('L2', 'C1', { ...lead, id: 'L2' }, day(0));
    await store.markPosted('L3', 'C1', '1.3', { ...lead, id: 'L3' }, day(100));
    expect(await store.purgeLeadCopies(day(90))).toBe(1);
    const old = await store.getLeadRecord('L1');
    expect(old).toMatchObject({ state: 'posted', channel: 'C1', ts: '1.1', shownStatus: 'new', lead: null });
    expect((await store.getLeadRecord('L2'))?.lead?.phone).toBe('+15551234567');
    expect((await store.getLeadRecord('L3'))?.lead?.name).toBe('Ada');
    expect(await store.markPending('L1', 'C1', lead)).toBe(false); // exactly-once still holds
    expect(await store.purgeLeadCopies(day(90))).toBe(0);
  });
});
