import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Lead } from '../../src/domain/lead.js';
import type { Store } from '../../src/store/index.js';
import { openSqliteStore } from '../../src/store/sqlite.js';

const T0 = new Date('2025-03-01T10:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

function lead(id: string, overrides: Partial<Lead> = {}): Lead {
  return {
    id,
    phone: '+15551234567',
    name: 'Ada <!channel>',
    status: 'new',
    score: 42,
    detectedAt: new Date('2025-02-28T08:30:00.000Z'),
    sourceGroup: { id: 'g1', name: 'Buyers' },
    keyword: 'price',
    preview: 'what is the price?',
    monitorMode: 'first_message',
    messageCount: 3,
    ...overrides,
  };
}

let dir: string;
let store: Store;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'moltflow-store-'));
  store = openSqliteStore(path.join(dir, 'state.db'));
});

afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('lead records', () => {
  it('markPending inserts once and returns false when any row exists', () => {
    expect(store.markPending('L1', 'C1', lead('L1'), T0)).toBe(true);
    expect(store.markPending('L1', 'C2', lead('L1'), at(1))).toBe(false);

    store.markPosted('L2', 'C1', '111.222', lead('L2'), T0);
    store.markSkipped(['L3'], T0);
    expect(store.markPending('L2', 'C1', lead('L2'))).toBe(false);
    expect(store.markPending('L3', 'C1', lead('L3'))).toBe(false);

    const rec = store.getLeadRecord('L1');
    expect(rec).toMatchObject({
      state: 'pending',
      channel: 'C1',
      ts: null,
      shownStatus: null,
      postedAt: null,
    });
    expect(rec?.pendingSince).toEqual(T0);
    expect(rec?.lead).toEqual(lead('L1'));
    expect(rec?.lead?.detectedAt).toBeInstanceOf(Date);
    expect(store.getLeadRecord('L2')?.state).toBe('posted');
    expect(store.getLeadRecord('L3')?.state).toBe('skipped');
  });

  it('markPosted turns a pending row into a posted one with status and snapshot', () => {
    store.markPending('L1', 'C1', lead('L1'), T0);
    store.markPosted('L1', 'C1', '171.0001', lead('L1', { status: 'contacted' }), at(1));
    const rec = store.getLeadRecord('L1');
    expect(rec).toMatchObject({ state: 'posted', channel: 'C1', ts: '171.0001', shownStatus: 'contacted' });
    expect(rec?.lead?.status).toBe('contacted');
    expect(rec?.pendingSince).toBeNull();
    expect(rec?.postedAt).toEqual(at(1));
    expect(rec?.updatedAt).toEqual(at(1));
    expect(store.listPending()).toEqual([]);
  });

  it('markSkipped never downgrades posted rows nor touches pending ones', () => {
    store.markPosted('P', 'C1', '1.1', lead('P'), T0);
    store.markPending('Q', 'C1', lead('Q'), T0);
    store.markSkipped(['P', 'Q', 'S1', 'S2', 'S1'], at(5));
    expect(store.getLeadRecord('P')).toMatchObject({ state: 'posted', ts: '1.1', updatedAt: T0 });
    expect(store.getLeadRecord('Q')?.state).toBe('pending');
    expect(store.getLeadRecord('S1')).toMatchObject({ state: 'skipped', channel: null, lead: null });
    expect(store.getLeadRecord('S2')?.updatedAt).toEqual(at(5));
    store.markSkipped([]);
  });

  it('clearPending deletes pending rows only', () => {
    store.markPending('A', 'C1', lead('A'), T0);
    store.markPosted('B', 'C1', '2.2', lead('B'), T0);
    store.markSkipped(['C'], T0);
    for (const id of ['A', 'B', 'C', 'missing']) store.clearPending(id);
    expect(store.getLeadRecord('A')).toBeUndefined();
    expect(store.getLeadRecord('B')?.state).toBe('posted');
    expect(store.getLeadRecord('C')?.state).toBe('skipped');
    // cleared, so the lead can be announced again
    expect(store.markPending('A', 'C1', lead('A'))).toBe(true);
  });

  it('listPending returns oldest first regardless of insertion order', () => {
    store.markPending('late', 'C1', lead('late'), at(10));
    store.markPending('early', 'C1', lead('early'), at(-10));
    store.markPending('mid', 'C2', lead('mid'), T0);
    store.markPosted('done', 'C1', '3.3', lead('done'), at(-20));
    expect(store.listPending().map((r) => r.leadId)).toEqual(['early', 'mid', 'late']);
  });

  it('updateShown sets changedBy/At when given and keeps them otherwise', () => {
    store.markPosted('L1', 'C1', '5.5', lead('L1'), T0);
    store.updateShown('L1', lead('L1', { status: 'contacted' }), { by: 'U123', at: at(1) }, at(1));
    expect(store.getLeadRecord('L1')).toMatchObject({
      shownStatus: 'contacted',
      changedBy: 'U123',
      changedAt: at(1),
      updatedAt: at(1),
    });

    // a refresh from the poller: no change author, the last one stays
    store.updateShown('L1', lead('L1', { status: 'qualified', name: 'Ada L.' }), null, at(2));
    const rec = store.getLeadRecord('L1');
    expect(rec).toMatchObject({
      shownStatus: 'qualified',
      changedBy: 'U123',
      changedAt: at(1),
      updatedAt: at(2),
    });
    expect(rec?.lead?.name).toBe('Ada L.');
    store.updateShown('L1', lead('L1', { status: 'converted' }));
    expect(store.getLeadRecord('L1')?.changedBy).toBe('U123');
  });

  it('updateShown ignores rows that are not posted', () => {
    store.markPending('P', 'C1', lead('P'), T0);
    store.markSkipped(['S'], T0);
    store.updateShown('P', lead('P', { status: 'lost' }), { by: 'U1', at: T0 });
    store.updateShown('S', lead('S', { status: 'lost' }), { by: 'U1', at: T0 });
    store.updateShown('none', lead('none'));
    expect(store.getLeadRecord('P')).toMatchObject({ state: 'pending', shownStatus: null, changedBy: null });
    expect(store.getLeadRecord('P')?.lead?.status).toBe('new');
    expect(store.getLeadRecord('S')).toMatchObject({ state: 'skipped', lead: null, changedBy: null });
    expect(store.getLeadRecord('none')).toBeUndefined();
  });

  it('findByMessage finds the posted card by channel and ts', () => {
    store.markPosted('L1', 'C1', '100.1', lead('L1'), T0);
    store.markPosted('L2', 'C2', '100.1', lead('L2'), T0);
    store.markPending('L3', 'C1', lead('L3'), T0);
    expect(store.findByMessage('C1', '100.1')?.leadId).toBe('L1');
    expect(store.findByMessage('C2', '100.1')?.leadId).toBe('L2');
    expect(store.findByMessage('C1', '100.2')).toBeUndefined();
    expect(store.findByMessage('C3', '100.1')).toBeUndefined();
  });

  it('getLeadRecords returns only known ids, for any number of ids', () => {
    store.markPosted('a', 'C1', '1.0', lead('a'), T0);
    store.markSkipped(['b'], T0);
    const ids = Array.from({ length: 40_000 }, (_, i) => `x${i}`).concat(['a', 'b', 'a', "o'quote"]);
    const found = store.getLeadRecords(ids);
    expect([...found.keys()].sort()).toEqual(['a', 'b']);
    expect(found.get('a')?.state).toBe('posted');
    expect(store.getLeadRecords([]).size).toBe(0);
  });
});

describe('poller state and settings', () => {
  it('starts empty, merges patches, and ignores undefined fields', () => {
    expect(store.getPollerState()).toEqual({
      initializedAt: null,
      cutoff: null,
      lastRunAt: null,
      lastRunOk: null,
      lastError: null,
      lastPostedCount: 0,
      totalPosted: 0,
      consecutiveFailures: 0,
    });
    store.savePollerState({ cutoff: T0, lastRunOk: false, lastError: 'boom', consecutiveFailures: 1 });
    const merged = store.savePollerState({
      lastRunOk: true,
      lastError: null,
      totalPosted: 3,
      cutoff: undefined,
    });
    expect(merged).toMatchObject({ cutoff: T0, lastRunOk: true, lastError: null, totalPosted: 3 });
    expect(merged.consecutiveFailures).toBe(1);
    expect(store.getPollerState()).toEqual(merged);
  });

  it('stores JSON settings and deletes on undefined', () => {
    expect(store.getSetting('routes')).toBeUndefined();
    store.setSetting('routes', { g1: 'C1', n: [1, 2] });
    store.setSetting('flag', false);
    store.setSetting('none', null);
    expect(store.getSetting<Record<string, unknown>>('routes')).toEqual({ g1: 'C1', n: [1, 2] });
    expect(store.getSetting('flag')).toBe(false);
    expect(store.getSetting('none')).toBeNull();
    store.setSetting('routes', 'replaced');
    expect(store.getSetting('routes')).toBe('replaced');
    store.setSetting('routes', undefined);
    expect(store.getSetting('routes')).toBeUndefined();
    expect(() => store.setSetting('fn', () => 1)).toThrow(/not JSON-serializable/);
  });
});

describe('transactions and close', () => {
  it('rolls back everything when fn throws, and returns the value otherwise', () => {
    expect(() =>
      store.transaction(() => {
        store.markPosted('L1', 'C1', '1.1', lead('L1'));
        store.setSetting('k', 1);
        throw new Error('nope');
      }),
    ).toThrow('nope');
    expect(store.getLeadRecord('L1')).toBeUndefined();
    expect(store.getSetting('k')).toBeUndefined();
    expect(store.transaction(() => store.markPending('L1', 'C1', lead('L1')))).toBe(true);
    expect(store.getLeadRecord('L1')?.state).toBe('pending');
  });

  it('refuses an async fn and rolls back its synchronous part', () => {
    expect(() =>
      store.transaction(async () => {
        store.setSetting('k', 1);
      }),
    ).toThrow(/synchronous/);
    expect(store.getSetting('k')).toBeUndefined();
  });

  it('close() twice is fine', () => {
    store.close();
    expect(() => store.close()).not.toThrow();
    expect(() => store.getLeadRecord('x')).toThrow();
  });

  it('works in memory', () => {
    const mem = openSqliteStore(':memory:');
    mem.markPosted('L1', 'C1', '1.1', lead('L1'));
    expect(mem.findByMessage('C1', '1.1')?.leadId).toBe('L1');
    mem.close();
    mem.close();
  });
});
