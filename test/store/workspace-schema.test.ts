// Every table holds one workspace's rows, unless it is on the allow-list below: a table added later without a
// `workspace` column (or left out of WORKSPACE_TABLES, so uninstall would not delete its rows) fails here.
import { expect, it } from 'vitest';
import { WORKSPACE_TABLES } from '../../src/store/workspace.js';
import { describeEachBackend, useStore } from './backends.js';

/** Not workspace data: the migration log, and leases (global; a workspace's are named ws:<id>:…). */
const GLOBAL_TABLES = ['leases', 'schema_migrations'];

interface Column {
  table: string;
  column: string;
  notNull: boolean;
  defaultValue: string | null;
}

describeEachBackend('workspace schema', (backend) => {
  const ctx = useStore(backend);

  async function columns(): Promise<Column[]> {
    if (backend.name === 'sqlite') {
      const rows = await ctx.db.sql<{ table: string; column: string; not_null: number; dflt: string | null }>(
        `SELECT m.name AS "table", c.name AS "column", c."notnull" AS not_null, c.dflt_value AS dflt
         FROM sqlite_master m, pragma_table_info(m.name) c
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`,
      );
      return rows.map((r) => ({
        table: r.table,
        column: r.column,
        notNull: r.not_null === 1,
        defaultValue: r.dflt,
      }));
    }
    const rows = await ctx.db.sql<{ table: string; column: string; nullable: string; dflt: string | null }>(
      `SELECT table_name AS "table", column_name AS "column", is_nullable AS nullable, column_default AS dflt
       FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    return rows.map((r) => ({
      table: r.table,
      column: r.column,
      notNull: r.nullable === 'NO',
      defaultValue: r.dflt,
    }));
  }

  it('every table but the allow-list has a NOT NULL workspace column defaulting to the default workspace', async () => {
    const all = await columns();
    const tables = [...new Set(all.map((c) => c.table))].sort();
    expect(tables.length).toBeGreaterThanOrEqual(WORKSPACE_TABLES.length);
    const workspaceColumns = all.filter((c) => c.column === 'workspace');
    const scoped = workspaceColumns.map((c) => c.table).sort();
    expect(tables.filter((t) => !GLOBAL_TABLES.includes(t))).toEqual(scoped);
    // …and uninstall knows every one of them.
    expect(scoped).toEqual([...WORKSPACE_TABLES].sort());
    for (const c of workspaceColumns) {
      expect(c.notNull, c.table).toBe(true);
      // An installation always names its workspace (its primary key): no default there.
      if (c.table === 'slack_installations') continue;
      expect(c.defaultValue, c.table).toMatch(/^''(::text)?$/);
    }
    // The allow-list holds no workspace data by accident.
    for (const table of GLOBAL_TABLES) {
      expect(workspaceColumns.some((c) => c.table === table)).toBe(false);
    }
  });
});
