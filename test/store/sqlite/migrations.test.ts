// SQLite only: its migration list and PRAGMA user_version.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SchemaTooNewError } from '../../../src/store/index.js';
import { MIGRATIONS, type Migration, runMigrations } from '../../../src/store/sqlite/migrations.js';
import { openSqliteStore } from '../../../src/store/sqlite/store.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'moltflow-store-'));
  file = path.join(dir, 'state.db');
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function userVersion(p: string): number {
  const db = new Database(p, { readonly: true });
  try {
    return Number(db.pragma('user_version', { simple: true }));
  } finally {
    db.close();
  }
}

describe('migrations', () => {
  it('has ids 1..n in order', () => {
    expect(MIGRATIONS.map((m) => m.id)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('run once: user_version is set and reopening applies nothing', async () => {
    const store = openSqliteStore(file);
    await store.setSetting('kept', true);
    await store.close();
    expect(userVersion(file)).toBe(MIGRATIONS.length);

    const db = new Database(file);
    expect(runMigrations(db)).toEqual({ from: MIGRATIONS.length, to: MIGRATIONS.length });
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'index') ORDER BY name")
      .all();
    expect(tables.map((t) => (t as { name: string }).name)).toEqual(
      expect.arrayContaining([
        'lead_records',
        'lead_records_message',
        'lead_records_state',
        'poller_state',
        'settings',
        'lead_routes',
        'bulk_jobs',
        'idempotency_keys',
        'audit_log',
        'leases',
      ]),
    );
    expect(db.prepare('SELECT count(*) AS n FROM poller_state').get()).toEqual({ n: 1 });
    db.close();

    const again = openSqliteStore(file);
    expect(await again.getSetting('kept')).toBe(true);
    await again.close();
  });

  it('applies only the new ones, and rolls back all of them when one fails', () => {
    const db = new Database(':memory:');
    const first: Migration = { id: 1, name: 'a', sql: 'CREATE TABLE a (x)' };
    expect(runMigrations(db, [first])).toEqual({ from: 0, to: 1 });
    const broken: Migration[] = [
      first,
      { id: 2, name: 'b', sql: 'CREATE TABLE b (x)' },
      { id: 3, name: 'c', sql: 'CREATE TABLE a (x)' },
    ];
    expect(() => runMigrations(db, broken)).toThrow(/already exists/);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").get()).toBeUndefined();
    expect(runMigrations(db, broken.slice(0, 2))).toEqual({ from: 1, to: 2 });
    db.close();
  });

  it('refuses ids out of order', () => {
    const db = new Database(':memory:');
    expect(() => runMigrations(db, [{ id: 2, name: 'x', sql: 'SELECT 1' }])).toThrow(/expected 1/);
    db.close();
  });

  it('refuses a database newer than the code, and leaves it untouched', () => {
    const raw = new Database(file);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    let error: unknown;
    try {
      openSqliteStore(file);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(SchemaTooNewError);
    expect((error as Error).message).toContain(`schema version ${MIGRATIONS.length + 1}`);
    expect((error as Error).message).toContain(`only knows up to ${MIGRATIONS.length}`);
    expect((error as Error).message).toMatch(/Upgrade moltflow-slack/);
    expect(userVersion(file)).toBe(MIGRATIONS.length + 1);
  });
});
