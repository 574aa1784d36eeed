import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Lead } from '../../src/domain/lead.js';
import { openSqliteStore } from '../../src/store/sqlite.js';

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

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'moltflow-store-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const mode = (p: string) => fs.statSync(p).mode & 0o777;

describe.skipIf(process.platform === 'win32')('file system', () => {
  it('creates the folder and makes the files 0600, whatever the umask', () => {
    const file = path.join(dir, 'nested', 'deeper', 'state.db');
    const previous = process.umask(0o000);
    try {
      const store = openSqliteStore(file);
      store.markPending('L1', 'C1', lead('L1'));
      for (const p of [file, `${file}-wal`, `${file}-shm`]) {
        if (fs.existsSync(p)) expect({ p, mode: mode(p) }).toEqual({ p, mode: 0o600 });
      }
      expect(fs.existsSync(`${file}-wal`)).toBe(true);
      expect(mode(path.dirname(file))).toBe(0o700);
      store.close();
    } finally {
      process.umask(previous);
    }
  });

  it('tightens an existing file that was created too open', () => {
    const file = path.join(dir, 'state.db');
    openSqliteStore(file).close();
    fs.chmodSync(file, 0o644);
    openSqliteStore(file).close();
    expect(mode(file)).toBe(0o600);
  });
});

describe('durability', () => {
  it('keeps pending, posted, skipped, poller state and settings across close and reopen', () => {
    const file = path.join(dir, 'state.db');
    const first = openSqliteStore(file);
    first.markPending('pending', 'C1', lead('pending'), T0);
    first.markPosted('posted', 'C2', '1700000000.000100', lead('posted', 'qualified'), T0);
    first.updateShown('posted', lead('posted', 'converted'), { by: 'U42', at: T0 });
    first.markSkipped(['skipped'], T0);
    first.savePollerState({ initializedAt: T0, cutoff: T0, lastRunOk: true, totalPosted: 7 });
    first.setSetting('routes', { g1: 'C9' });
    first.close();

    // a crash after Slack accepted the post but before markPosted: the pending row is what recovery sees
    const second = openSqliteStore(file);
    expect(second.listPending().map((r) => [r.leadId, r.channel, r.lead?.id])).toEqual([
      ['pending', 'C1', 'pending'],
    ]);
    expect(second.findByMessage('C2', '1700000000.000100')).toMatchObject({
      leadId: 'posted',
      state: 'posted',
      shownStatus: 'converted',
      changedBy: 'U42',
      changedAt: T0,
      postedAt: T0,
    });
    expect(second.getLeadRecord('posted')?.lead).toEqual(lead('posted', 'converted'));
    expect(second.getLeadRecord('skipped')?.state).toBe('skipped');
    expect(second.markPending('posted', 'C2', lead('posted'))).toBe(false);
    expect(second.getPollerState()).toMatchObject({
      initializedAt: T0,
      cutoff: T0,
      lastRunOk: true,
      totalPosted: 7,
      lastRunAt: null,
    });
    expect(second.getSetting('routes')).toEqual({ g1: 'C9' });
    second.close();
  });
});
