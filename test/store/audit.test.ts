import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Lead } from '../../src/domain/lead.js';
import type { Store } from '../../src/store/index.js';
import { openSqliteStore } from '../../src/store/sqlite.js';

const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n));
let dir: string;
let store: Store;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-'));
  store = openSqliteStore(path.join(dir, 'db.sqlite'));
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('audit trail', () => {
  it('lists entries newest first, paged, and prunes the old ones', () => {
    for (let i = 0; i < 5; i += 1) {
      store.audit.record({
        actor: `U0${i}`,
        team: 'T1',
        action: 'group.created',
        target: `g${i}`,
        outcome: i === 4 ? 'denied' : 'ok',
        ...(i === 4 ? { detail: 'needs outreach' } : {}),
        at: day(i),
      });
    }
    expect(store.audit.count()).toBe(5);
    expect(store.audit.list({ offset: 0, limit: 2 }).map((e) => e.target)).toEqual(['g4', 'g3']);
    expect(store.audit.list({ offset: 4, limit: 2 })).toEqual([
      { actor: 'U00', team: 'T1', action: 'group.created', target: 'g0', outcome: 'ok', at: day(0) },
    ]);
    expect(store.audit.list({ offset: 0, limit: 1 })[0]?.detail).toBe('needs outreach');
    expect(store.audit.prune(day(2))).toBe(2);
    expect(store.audit.count()).toBe(3);
  });
});

describe('purgeLeadCopies', () => {
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

  it('forgets old names, phones and messages but keeps the card ids and pending work', () => {
    store.markPosted('L1', 'C1', '1.1', lead, day(0));
    store.markPending('L2', 'C1', { ...lead, id: 'L2' }, day(0));
    store.markPosted('L3', 'C1', '1.3', { ...lead, id: 'L3' }, day(100));
    expect(store.purgeLeadCopies(day(90))).toBe(1);
    const old = store.getLeadRecord('L1');
    expect(old).toMatchObject({ state: 'posted', channel: 'C1', ts: '1.1', shownStatus: 'new', lead: null });
    expect(store.getLeadRecord('L2')?.lead?.phone).toBe('+15551234567');
    expect(store.getLeadRecord('L3')?.lead?.name).toBe('Ada');
    expect(store.markPending('L1', 'C1', lead)).toBe(false); // exactly-once still holds
  });
});
