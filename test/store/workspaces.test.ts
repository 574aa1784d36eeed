// Workspace views (issue 12): two workspaces on one database see none of each other's rows, in every area,
// and may use the same ids; the default workspace '' is the store openStore() returns. On both backends.
import { expect, it } from 'vitest';
import type { AuditEntry, Store } from '../../src/store/index.js';
import { at, describeEachBackend, lead, T0, useStore } from './backends.js';

const MINUTE = 60_000;

const entry = (actor: string, when: Date): AuditEntry => ({
  actor,
  team: 'T0AAA',
  action: 'route.set',
  target: 'g1',
  outcome: 'ok',
  at: when,
});

describeEachBackend('workspace views', (backend) => {
  const ctx = useStore(backend);
  const views = (): { root: Store; a: Store; b: Store } => ({
    root: ctx.store,
    a: ctx.store.forWorkspace('T0AAA'),
    b: ctx.store.forWorkspace('T0BBB'),
  });

  it('openStore gives the default workspace; forWorkspace takes team and enterprise ids only', () => {
    const { root, a } = views();
    expect(root.workspace).toBe('');
    expect(a.workspace).toBe('T0AAA');
    expect(a.backend).toBe(root.backend);
    expect(a.instanceId).toBe(root.instanceId);
    expect(ctx.store.forWorkspace('E0ORG1').workspace).toBe('E0ORG1');
    expect(a.forWorkspace('T0BBB').workspace).toBe('T0BBB');
    expect(a.forWorkspace('').workspace).toBe('');
    for (const bad of ['t0aaa', 'T-1', ' T1', 'T1 ', 'ws:T1', 'T'.repeat(33), '%', "T1'--"]) {
      expect(() => root.forWorkspace(bad), bad).toThrow(/Invalid workspace id/);
    }
    expect(() => root.forWorkspace('T'.repeat(32))).not.toThrow();
  });

  it('lead records: the same lead id lives in each workspace, and each view sees only its own', async () => {
    const { root, a, b } = views();
    expect(await a.markPending('L1', 'C1', lead('L1'), T0)).toBe(true);
    expect(await b.markPending('L1', 'C2', lead('L1'), at(1))).toBe(true);
    expect(await root.markPending('L1', 'C3', lead('L1'), at(2))).toBe(true);
    expect(await a.markPending('L1', 'C1', lead('L1'), at(3))).toBe(false);

    expect((await a.listPending()).map((r) => r.channel)).toEqual(['C1']);
    expect((await b.listPending()).map((r) => r.channel)).toEqual(['C2']);
    expect((await root.listPending()).map((r) => r.channel)).toEqual(['C3']);

    await a.markPosted('L1', 'C1', '1.1', lead('L1'), at(4));
    expect((await a.getLeadRecord('L1'))?.state).toBe('posted');
    expect((await b.getLeadRecord('L1'))?.state).toBe('pending');
    expect(await a.findByMessage('C1', '1.1')).toMatchObject({ leadId: 'L1', ts: '1.1' });
    expect(await b.findByMessage('C1', '1.1')).toBeUndefined();
    expect(await root.findByMessage('C1', '1.1')).toBeUndefined();

    await a.updateShown('L1', lead('L1', { status: 'contacted' }), { by: 'U1', at: at(5) }, at(5));
    await b.markPosted('L1', 'C2', '2.2', lead('L1'), at(6));
    expect((await b.getLeadRecord('L1'))?.shownStatus).toBe('new');
    expect((await a.getLeadRecord('L1'))?.shownStatus).toBe('contacted');
    expect((await b.getLeadRecord('L1'))?.changedBy).toBeNull();

    await b.markSkipped(['L2', 'L3'], at(7));
    expect([...(await a.getLeadRecords(['L1', 'L2', 'L3'])).keys()]).toEqual(['L1']);
    expect([...(await b.getLeadRecords(['L1', 'L2', 'L3'])).keys()].sort()).toEqual(['L1', 'L2', 'L3']);
    expect(await root.getLeadRecord('L2')).toBeUndefined();

    await root.unclaimPending('L1');
    expect((await root.getLeadRecord('L1'))?.claimedBy).toBeNull();
    await a.clearPending('L1'); // a's is posted; and the default's pending row is not a's to clear
    expect((await root.getLeadRecord('L1'))?.state).toBe('pending');
    await root.clearPending('L1');
    expect(await root.getLeadRecord('L1')).toBeUndefined();
    expect((await a.getLeadRecord('L1'))?.state).toBe('posted');
    expect((await b.getLeadRecord('L1'))?.state).toBe('posted');
  });

  it('routes and followed broadcasts are per workspace, under the same ids', async () => {
    const { root, a, b } = views();
    const route = (channel: string) => ({
      sourceGroupId: 'g1',
      sourceGroupName: 'Buyers',
      channel,
      setBy: 'U1',
      setAt: T0,
    });
    await a.routes.set(route('C1'));
    await b.routes.set(route('C2'));
    expect((await a.routes.get('g1'))?.channel).toBe('C1');
    expect((await b.routes.list()).map((r) => r.channel)).toEqual(['C2']);
    expect(await root.routes.list()).toEqual([]);
    await a.routes.markFailing('g1', 'channel_not_found', at(1));
    expect((await b.routes.get('g1'))?.failingSince).toBeNull();
    await b.routes.markFailing('g1', 'is_archived', at(2));
    await b.routes.markHealthy('g1');
    expect((await a.routes.get('g1'))?.lastError).toBe('channel_not_found');
    expect(await b.routes.remove('g1')).toBe(true);
    expect(await root.routes.remove('g1')).toBe(false);
    expect((await a.routes.get('g1'))?.channel).toBe('C1');

    const job = (channel: string) => ({
      jobId: 'J1',
      channel,
      ts: '1.1',
      startedBy: 'U1',
      status: 'running',
      state: {},
    });
    await a.broadcasts.track(job('C1'), T0);
    await b.broadcasts.track(job('C2'), T0);
    await b.broadcasts.update('J1', { status: 'completed', finished: true }, at(1));
    expect((await a.broadcasts.listOpen()).map((j) => [j.channel, j.status])).toEqual([['C1', 'running']]);
    expect(await b.broadcasts.listOpen()).toEqual([]);
    expect((await b.broadcasts.get('J1'))?.finished).toBe(true);
    expect(await root.broadcasts.get('J1')).toBeUndefined();
    expect(await root.broadcasts.listRecent(10)).toEqual([]);
    expect((await a.broadcasts.listRecent(10)).map((j) => j.channel)).toEqual(['C1']);
  });

  it('idempotency keys and the audit trail are per workspace', async () => {
    const { root, a, b } = views();
    expect(await a.idempotency.claim('k', T0)).toBe(true);
    expect(await b.idempotency.claim('k', T0)).toBe(true);
    expect(await a.idempotency.claim('k', T0)).toBe(false);
    await a.idempotency.saveResult('k', { job: 'J1' });
    expect(await a.idempotency.result('k')).toEqual({ job: 'J1' });
    expect(await b.idempotency.result('k')).toBeUndefined();
    await b.idempotency.release('k');
    expect(await a.idempotency.claim('k', T0)).toBe(false);
    expect(await root.idempotency.claim('k', T0)).toBe(true);

    await a.audit.record(entry('UA', T0));
    await a.audit.record(entry('UA2', at(1)));
    await b.audit.record(entry('UB', at(2)));
    expect(await a.audit.count()).toBe(2);
    expect((await b.audit.list({ offset: 0, limit: 10 })).map((e) => e.actor)).toEqual(['UB']);
    expect(await root.audit.count()).toBe(0);
    expect(await root.audit.list({ offset: 0, limit: 10 })).toEqual([]);
  });

  it('settings and poller state are per workspace; a new workspace starts from a fresh poller state', async () => {
    const { root, a, b } = views();
    await a.setSetting('draft:1', { n: 1 });
    await b.setSetting('draft:1', { n: 2 });
    expect(await a.getSetting('draft:1')).toEqual({ n: 1 });
    expect(await b.getSetting('draft:1')).toEqual({ n: 2 });
    expect(await root.getSetting('draft:1')).toBeUndefined();
    expect(await a.listSettingKeys('draft:')).toEqual(['draft:1']);
    expect(await root.listSettingKeys('')).toEqual([]);
    await b.setSetting('draft:1', undefined);
    expect(await a.getSetting('draft:1')).toEqual({ n: 1 });

    await root.savePollerState({ totalPosted: 5, initializedAt: T0 });
    const fresh = await a.getPollerState();
    expect(fresh).toMatchObject({
      initializedAt: null,
      cutoff: null,
      totalPosted: 0,
      consecutiveFailures: 0,
    });
    await a.savePollerState({ totalPosted: 2, cutoff: at(1) });
    expect(await a.savePollerState({ lastError: 'boom', lastRunOk: false })).toMatchObject({
      totalPosted: 2,
      cutoff: at(1),
      lastError: 'boom',
      lastRunOk: false,
    });
    expect((await b.getPollerState()).totalPosted).toBe(0);
    expect(await root.getPollerState()).toMatchObject({ totalPosted: 5, initializedAt: T0, lastError: null });
  });

  it('leases: one global table, a workspace’s names prefixed there and listed without the prefix', async () => {
    const { root, a, b } = views();
    expect(await a.leases.acquire('poller', 'R1', MINUTE, T0)).toBe(true);
    expect(await b.leases.acquire('poller', 'R2', MINUTE, T0)).toBe(true);
    expect(await root.leases.acquire('poller', 'R3', MINUTE, T0)).toBe(true);
    expect(await a.leases.acquire('poller', 'R2', MINUTE, T0)).toBe(false);
    expect(await a.leases.list('', T0)).toEqual([
      { name: 'poller', holder: 'R1', acquiredAt: T0, expiresAt: at(1) },
    ]);
    expect((await b.leases.list('poll', T0)).map((l) => [l.name, l.holder])).toEqual([['poller', 'R2']]);
    // The default workspace sees the table as it is: every replica's and workspace's lease.
    expect((await root.leases.list('', T0)).map((l) => l.name)).toEqual([
      'poller',
      'ws:T0AAA:poller',
      'ws:T0BBB:poller',
    ]);
    const rows = await ctx.db.sql<{ name: string }>('SELECT name FROM leases ORDER BY name');
    expect(rows.map((r) => r.name)).toEqual(['poller', 'ws:T0AAA:poller', 'ws:T0BBB:poller']);

    await a.leases.release('poller', 'R1');
    await a.leases.release('poller', 'R2'); // not R2's in workspace A: nothing happens anywhere
    expect(await a.leases.list('', T0)).toEqual([]);
    expect((await b.leases.list('', T0)).map((l) => l.holder)).toEqual(['R2']);
    expect((await root.leases.list('', T0)).map((l) => l.holder)).toEqual(['R3', 'R2']);
  });

  it('views share the root’s connection: closing a view closes nothing; another process sees the same rows', async () => {
    const { root, a } = views();
    await a.setSetting('k', 'a');
    await a.close();
    await a.close();
    await root.forWorkspace('').close();
    expect(await a.getSetting('k')).toBe('a');
    await root.setSetting('k', 'root');
    const other = await ctx.db.reopen('other-replica');
    expect(await other.forWorkspace('T0AAA').getSetting('k')).toBe('a');
    expect(await other.getSetting('k')).toBe('root');
  });
});
