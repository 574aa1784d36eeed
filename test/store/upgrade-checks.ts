// What an upgraded database must show through the store: every pre-workspace row, in the default workspace.
import { expect } from 'vitest';
import type { Store } from '../../src/store/index.js';
import { lead } from './backends.js';

export async function expectOldRowsInDefaultWorkspace(store: Store): Promise<void> {
  expect(store.workspace).toBe('');
  expect((await store.listPending()).map((r) => [r.leadId, r.claimedBy])).toEqual([['L1', 'R1']]);
  expect(await store.getLeadRecord('L2')).toMatchObject({
    state: 'posted',
    ts: '1.2',
    shownStatus: 'contacted',
    changedBy: 'U1',
    changedAt: new Date('2025-03-01T10:05:00.000Z'),
  });
  expect(await store.findByMessage('C1', '1.2')).toMatchObject({ leadId: 'L2' });
  expect((await store.getLeadRecord('L3'))?.state).toBe('skipped');
  expect(await store.getPollerState()).toMatchObject({
    initializedAt: new Date('2025-03-01T09:00:00.000Z'),
    totalPosted: 7,
    consecutiveFailures: 2,
    lastError: 'boom',
  });
  expect(await store.getSetting('draft:1')).toEqual({ text: 'hi' });
  expect(await store.listSettingKeys('')).toEqual(['draft:1', 'home:U1']);
  expect(await store.routes.get('g1')).toMatchObject({ channel: 'C9', lastError: 'is_archived' });
  expect((await store.broadcasts.listOpen()).map((j) => [j.jobId, j.state])).toEqual([['J1', { sent: 3 }]]);
  expect(await store.idempotency.result('k1')).toEqual({ job: 'J1' });
  expect(await store.idempotency.claim('k1')).toBe(false);
  expect((await store.audit.list({ offset: 0, limit: 10 })).map((e) => e.actor)).toEqual(['U2', 'U1']);
  expect((await store.leases.list('')).map((l) => [l.name, l.holder])).toEqual([['poller', 'R1']]);
  // Another workspace starts empty, and may now use the same ids.
  const other = store.forWorkspace('T0NEW');
  expect(await other.getLeadRecord('L2')).toBeUndefined();
  expect(await other.markPending('L2', 'C5', lead('L2'))).toBe(true);
  expect(await other.idempotency.claim('k1')).toBe(true);
  expect(await other.audit.count()).toBe(0);
}
