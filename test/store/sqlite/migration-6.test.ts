// SQLite 5 → 6: a database with rows written before workspaces keeps every row, all in workspace ''.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, runMigrations } from '../../../src/store/sqlite/migrations.js';
import { openSqliteStore } from '../../../src/store/sqlite/store.js';
import { OLD_SCHEMA_COUNTS, OLD_SCHEMA_ROWS } from '../old-schema-rows.js';
import { expectOldRowsInDefaultWorkspace } from '../upgrade-checks.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'moltflow-store-'));
  file = path.join(dir, 'state.db');
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const countsByWorkspace = (db: Database.Database, table: string) =>
  db.prepare(`SELECT workspace, COUNT(*) AS n FROM ${table} GROUP BY workspace`).all();

describe('SQLite migration 6 (workspaces)', () => {
  it('keeps every row of a schema-5 database, in the default workspace', async () => {
    const old = new Database(file);
    expect(runMigrations(old, MIGRATIONS.slice(0, 5))).toEqual({ from: 0, to: 5 });
    for (const sql of OLD_SCHEMA_ROWS) old.exec(sql);
    const auditIds = old.prepare('SELECT id FROM audit_log ORDER BY id').all();
    old.close();

    const store = openSqliteStore(file);
    try {
      const db = new Database(file, { readonly: true });
      expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(6);
      for (const [table, n] of Object.entries(OLD_SCHEMA_COUNTS)) {
        if (table === 'leases') continue; // global: no workspace column
        expect(countsByWorkspace(db, table), table).toEqual([{ workspace: '', n }]);
      }
      expect(db.prepare('SELECT name FROM leases').all()).toEqual([{ name: 'poller' }]);
      expect(db.prepare('SELECT id FROM audit_log ORDER BY id').all()).toEqual(auditIds);
      db.close();
      await expectOldRowsInDefaultWorkspace(store);
      // Audit ids keep growing after the rebuild (newest first relies on them between equal times).
      await store.audit.record({
        actor: 'U3',
        team: 'T1',
        action: 'x',
        target: 'y',
        outcome: 'ok',
        at: new Date(0),
      });
      const raw = new Database(file, { readonly: true });
      const ids = raw.prepare('SELECT id FROM audit_log ORDER BY id').all() as Array<{ id: number }>;
      raw.close();
      expect(ids.at(-1)?.id).toBeGreaterThan(
        Math.max(...(auditIds as Array<{ id: number }>).map((r) => r.id)),
      );
    } finally {
      await store.close();
    }
  });

  it('migrates a schema-5 database whose poller-state row was lost: the state starts fresh', async () => {
    const old = new Database(file);
    runMigrations(old, MIGRATIONS.slice(0, 5));
    old.exec('DELETE FROM poller_state');
    old.close();
    const store = openSqliteStore(file);
    expect(await store.getPollerState()).toMatchObject({ initializedAt: null, totalPosted: 0 });
    expect((await store.savePollerState({ totalPosted: 1 })).totalPosted).toBe(1);
    await store.close();
  });
});
