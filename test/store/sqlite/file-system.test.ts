// SQLite only: the database file holds personal data, so it and its folder are private to the app's user.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Lead } from '../../../src/domain/lead.js';
import { openSqliteStore } from '../../../src/store/sqlite/store.js';

const lead = (id: string): Lead => ({
  id,
  phone: '+4915112345678',
  name: null,
  status: 'new',
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
  it('creates the folder and makes the files 0600, whatever the umask', async () => {
    const file = path.join(dir, 'nested', 'deeper', 'state.db');
    const previous = process.umask(0o000);
    try {
      const store = openSqliteStore(file);
      await store.markPending('L1', 'C1', lead('L1'));
      for (const p of [file, `${file}-wal`, `${file}-shm`]) {
        if (fs.existsSync(p)) expect({ p, mode: mode(p) }).toEqual({ p, mode: 0o600 });
      }
      expect(fs.existsSync(`${file}-wal`)).toBe(true);
      expect(mode(path.dirname(file))).toBe(0o700);
      await store.close();
    } finally {
      process.umask(previous);
    }
  });

  it('tightens an existing file that was created too open', async () => {
    const file = path.join(dir, 'state.db');
    await openSqliteStore(file).close();
    fs.chmodSync(file, 0o644);
    await openSqliteStore(file).close();
    expect(mode(file)).toBe(0o600);
  });
});

describe('in memory', () => {
  it('works, and close() twice is fine', async () => {
    const mem = openSqliteStore(':memory:');
    await mem.markPosted('L1', 'C1', '1.1', lead('L1'));
    expect((await mem.findByMessage('C1', '1.1'))?.leadId).toBe('L1');
    await mem.close();
    await mem.close();
    await expect(mem.getLeadRecord('L1')).rejects.toThrow();
  });
});
