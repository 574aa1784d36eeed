// What a crash or restart leaves: everything written before close() is there when the database is opened
// again, on both backends.
import { expect, it } from 'vitest';
import type { Lead } from '../../src/domain/lead.js';
import { describeEachBackend, useStore } from './backends.js';

const T0 = new Date('2025-03-01T10:00:00.000Z');
const lead = (id: string, status: Lead['status'] = 'new'): Lead => ({
  id,
  phone: '+4915112345678',
  name: null,
  status,
  score: null,
  detectedAt: new Date('2025-02-01T00:00:00.000Z'),
  sourceGroup: null,
  keyword: null,
  preview: null,
  monitorMode: null,
  messageCount: null,
});

describeEachBackend('durability', (backend) => {
  const ctx = useStore(backend, 'first');

  it('keeps pending, posted, skipped, poller state, settings, leases and the rest across close and reopen', async () => {
    const { store: first, db } = ctx;
    await first.markPending('pending', 'C1', lead('pending'), T0);
    await first.markPosted('posted', 'C2', '1700000000.000100', lead('posted', 'qualified'), T0);
    await first.updateShown('posted', lead('posted', 'converted'), { by: 'U42', at: T0 });
    await first.markSkipped(['skipped'], T0);
    await first.savePollerState({ initializedAt: T0, cutoff: T0, lastRunOk: true, totalPosted: 7 });
    await first.setSetting('routes', { g1: 'C9' });
    await first.routes.set({
      sourceGroupId: 'g1',
      sourceGroupName: 'Buyers',
      channel: 'C9',
      setBy: 'U1',
      setAt: T0,
    });
    await first.broadcasts.track(
      { jobId: 'j1', channel: 'C1', ts: '1.1', startedBy: 'U1', status: 'running', state: {} },
      T0,
    );
    await first.idempotency.claim('k', T0);
    await first.audit.record({ actor: 'U1', team: 'T1', action: 'a', target: 't', outcome: 'ok', at: T0 });
    await first.leases.acquire('poller', 'first', 60_000, T0);
    await first.close();

    // a crash after Slack accepted the post but before markPosted: the pending row is what recovery sees
    const second = await db.reopen('second');
    expect((await second.listPending()).map((r) => [r.leadId, r.channel, r.lead?.id, r.claimedBy])).toEqual([
      ['pending', 'C1', 'pending', 'first'],
    ]);
    expect(await second.findByMessage('C2', '1700000000.000100')).toMatchObject({
      leadId: 'posted',
      state: 'posted',
      shownStatus: 'converted',
      changedBy: 'U42',
      changedAt: T0,
      postedAt: T0,
    });
    expect((await second.getLeadRecord('posted'))?.lead).toEqual(lead('posted', 'converted'));
    expect((await second.getLeadRecord('skipped'))?.state).toBe('skipped');
    expect(await second.markPending('posted', 'C2', lead('posted'))).toBe(false);
    expect(await second.getPollerState()).toMatchObject({
      initializedAt: T0,
      cutoff: T0,
      lastRunOk: true,
      totalPosted: 7,
      lastRunAt: null,
    });
    expect(await second.getSetting('routes')).toEqual({ g1: 'C9' });
    expect((await second.routes.get('g1'))?.channel).toBe('C9');
    expect((await second.broadcasts.listOpen()).map((j) => j.jobId)).toEqual(['j1']);
    expect(await second.idempotency.claim('k', T0)).toBe(false);
    expect(await second.audit.count()).toBe(1);
    expect(await second.leases.acquire('poller', 'second', 60_000, T0)).toBe(false);
  });
});
