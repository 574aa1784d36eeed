// The two store backends, behind one shape, so the contract suites run the same cases on both: SQLite on a
// file in a temporary folder, Postgres on a fresh database of the test server (skipped when there is none).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe } from 'vitest';
import type { Lead } from '../../src/domain/lead.js';
import { openStore, SecretBox, type Store } from '../../src/store/index.js';
import { describeIfPostgres, freshPostgresDatabase } from '../support/postgres.js';

/** The ENCRYPTION_KEY every contract-suite store is opened with (installations need one). */
export const TEST_SECRET_BOX = new SecretBox(Buffer.alloc(32, 7));

export interface OpenedStore {
  store: Store;
  /** The DATABASE_URL it was opened on (tests that read tables directly). */
  url: string;
  /** Another store on the same database, as a second process (replica) would open it. */
  reopen(instanceId?: string): Promise<Store>;
  /** Closes every store opened here and removes the database. */
  cleanup(): Promise<void>;
  /** Runs SQL on the database directly (better-sqlite3 on the file, pg on the database), past the store. */
  sql<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
}

export interface Backend {
  name: 'sqlite' | 'postgres';
  open(instanceId?: string): Promise<OpenedStore>;
}

function tracking(url: string, remove: () => Promise<void>) {
  const opened: Store[] = [];
  const open = async (instanceId?: string) => {
    const store = await openStore(url, {
      secretBox: TEST_SECRET_BOX,
      ...(instanceId === undefined ? {} : { instanceId }),
    });
    opened.push(store);
    return store;
  };
  return {
    open,
    cleanup: async () => {
      await Promise.all(opened.map((s) => s.close()));
      await remove();
    },
  };
}

export const sqliteBackend: Backend = {
  name: 'sqlite',
  async open(instanceId) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'moltflow-store-'));
    const file = path.join(dir, 'state.db');
    const t = tracking(`sqlite:${file}`, async () => {
      fs.rmSync(dir, { recursive: true, force: true });
    });
    return {
      store: await t.open(instanceId),
      url: `sqlite:${file}`,
      reopen: t.open,
      cleanup: t.cleanup,
      sql: sqliteQuery(file),
    };
  },
};

/**
 * Creating a database takes about half a second, so a suite shares one, emptied before each test (every
 * table but schema_migrations emptied, the poller-state row reset). Tests that need a database of their
 * own, such as the migration tests, call freshPostgresDatabase() directly.
 */
export function postgresBackend(): Backend & { dispose(): Promise<void> } {
  let database: Promise<{ url: string; drop(): Promise<void> }> | undefined;
  return {
    name: 'postgres',
    async open(instanceId) {
      database ??= freshPostgresDatabase();
      const db = await database;
      const t = tracking(db.url, async () => {});
      const store = await t.open(instanceId);
      await emptyDatabase(db.url);
      return { store, url: db.url, reopen: t.open, cleanup: t.cleanup, sql: postgresQuery(db.url) };
    },
    async dispose() {
      if (database) await (await database).drop();
      database = undefined;
    },
  };
}

const sqliteQuery =
  (file: string) =>
  async <R>(text: string, params: unknown[] = []): Promise<R[]> => {
    const db = new Database(file);
    try {
      const statement = db.prepare(text);
      if (statement.reader) return statement.all(...params) as R[];
      statement.run(...params);
      return [];
    } finally {
      db.close();
    }
  };

const postgresQuery =
  (url: string) =>
  async <R>(text: string, params: unknown[] = []): Promise<R[]> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as R[];
    } finally {
      await client.end();
    }
  };

async function emptyDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'",
    );
    // DELETE, not TRUNCATE: on tables this small it is several times faster.
    await client.query(
      `${rows.map((r) => `DELETE FROM "${r.name}";`).join(' ')} INSERT INTO poller_state (workspace) VALUES ('');`,
    );
  } finally {
    await client.end();
  }
}

/** Declares the same suite once per backend. */
export function describeEachBackend(title: string, suite: (backend: Backend) => void): void {
  describe(`${title} [sqlite]`, () => suite(sqliteBackend));
  describeIfPostgres(`${title} [postgres]`, () => {
    const backend = postgresBackend();
    afterAll(() => backend.dispose());
    suite(backend);
  });
}

/** A fresh store for each test of the enclosing suite, cleaned up after it. */
export function useStore(
  backend: Backend,
  instanceId?: string,
): { readonly store: Store; readonly db: OpenedStore } {
  let db: OpenedStore | undefined;
  beforeEach(async () => {
    db = await backend.open(instanceId);
  });
  afterEach(async () => {
    await db?.cleanup();
    db = undefined;
  });
  const current = (): OpenedStore => {
    if (!db) throw new Error('no store: use it inside a test');
    return db;
  };
  return {
    get store() {
      return current().store;
    },
    get db() {
      return current();
    },
  };
}

export const T0 = new Date('2025-03-01T10:00:00.000Z');
export const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

export function lead(id: string, overrides: Partial<Lead> = {}): Lead {
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
