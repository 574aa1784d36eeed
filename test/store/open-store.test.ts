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

  it.each([
    'postgres://app:hunter2secret@db.internal:5432/moltflow',
    'postgresql://app@localhost/moltflow?sslmode=require',
    ' POSTGRES://u:p@h/db ',
  ])('routes %s to Postgres, URL unchanged but trimmed', (url) => {
    expect(parseDatabaseUrl(url)).toEqual({ kind: 'postgres', url: url.trim() });
  });

  it('names DATABASE_URL and what is supported, without echoing the URL', () => {
    let message = '';
    try {
      parseDatabaseUrl('mysql://app:hunter2secret@db.internal:3306/moltflow');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/DATABASE_URL/);
    expect(message).toMatch(/"mysql:".*not supported/);
    expect(message).toMatch(/sqlite:<path>/);
    expect(message).toMatch(/sqlite::memory:/);
    expect(message).toMatch(/postgres:\/\//);
    expect(message).not.toMatch(/hunter2|db\.internal/);
  });

  it.each(['', './data/x.db', 'sqlite:', 'mysql://x'])('rejects %j', (url) => {
    expect(() => parseDatabaseUrl(url)).toThrow(/DATABASE_URL/);
  });
});

describe('openStore', () => {
  it('opens an absolute path and creates the folder', async () => {
    const file = path.join(dir, 'data', 'x.db');
    const store = await openStore(`sqlite:${file}`);
    await store.setSetting('a', 1);
    await store.close();
    await store.close();
    expect(fs.existsSync(file)).toBe(true);
    expect(store.backend).toBe('sqlite');
  });

  it('opens a relative path against the working directory', async () => {
    const rel = `./${path.relative(process.cwd(), path.join(dir, 'rel', 'x.db'))}`;
    const store = await openStore(`sqlite:${rel}`);
    await store.close();
    expect(fs.existsSync(path.join(dir, 'rel', 'x.db'))).toBe(true);
  });

  it('opens in memory with the given instance id, and refuses other schemes', async () => {
    const store = await openStore('sqlite::memory:', { instanceId: 'web-1' });
    expect(await store.markPending('L', 'C', { ...minimalLead })).toBe(true);
    expect((await store.getLeadRecord('L'))?.claimedBy).toBe('web-1');
    await store.close();
    await expect(openStore('mysql://u:p@h/db')).rejects.toThrow(/DATABASE_URL uses "mysql:"/);
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
