import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, parseDatabaseUrl } from '../../src/store/index.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'moltflow-store-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('parseDatabaseUrl', () => {
  it.each([
    ['sqlite:./data/x.db', './data/x.db'],
    ['sqlite:data/x.db', 'data/x.db'],
    ['sqlite:/abs/x.db', '/abs/x.db'],
    ['sqlite:///abs/x.db', '/abs/x.db'],
    ['sqlite::memory:', ':memory:'],
    ['  SQLite:./x.db ', './x.db'],
  ])('%s → %s', (url, expected) => {
    expect(parseDatabaseUrl(url)).toEqual({ kind: 'sqlite', path: expected });
  });

  it('rejects postgres with a message naming DATABASE_URL and what is supported, without the password', () => {
    let message = '';
    try {
      parseDatabaseUrl('postgres://app:hunter2secret@db.internal:5432/moltflow');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/DATABASE_URL/);
    expect(message).toMatch(/"postgres:".*not supported/);
    expect(message).toMatch(/sqlite:<path>/);
    expect(message).toMatch(/sqlite::memory:/);
    expect(message).not.toMatch(/hunter2|db\.internal/);
  });

  it.each(['', './data/x.db', 'sqlite:', 'mysql://x'])('rejects %j', (url) => {
    expect(() => parseDatabaseUrl(url)).toThrow(/DATABASE_URL/);
  });
});

describe('openStore', () => {
  it('opens an absolute path and creates the folder', () => {
    const file = path.join(dir, 'data', 'x.db');
    const store = openStore(`sqlite:${file}`);
    store.setSetting('a', 1);
    store.close();
    store.close();
    expect(fs.existsSync(file)).toBe(true);
  });

  it('opens a relative path against the working directory', () => {
    const rel = `./${path.relative(process.cwd(), path.join(dir, 'rel', 'x.db'))}`;
    const store = openStore(`sqlite:${rel}`);
    store.close();
    expect(fs.existsSync(path.join(dir, 'rel', 'x.db'))).toBe(true);
  });

  it('opens in memory, and refuses other schemes', () => {
    const store = openStore('sqlite::memory:');
    expect(store.markPending('L', 'C', { ...minimalLead })).toBe(true);
    store.close();
    expect(() => openStore('postgres://u:p@h/db')).toThrow(/DATABASE_URL uses "postgres:"/);
  });
});

const minimalLead = {
  id: 'L',
  phone: '+1',
  name: null,
  status: 'new' as const,
  score: null,
  detectedAt: new Date(0),
  sourceGroup: null,
  keyword: null,
  preview: null,
  monitorMode: null,
  messageCount: null,
};
