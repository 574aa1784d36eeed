// LEAD_RETENTION_DAYS and AUDIT_RETENTION_DAYS: the pass on its own through a real store, then the running
// app, which runs it once at start (tests start it without crons).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Lead } from '../../../src/domain/lead.js';
import { runRetentionOnce } from '../../../src/features/admin/index.js';
import { createLogger } from '../../../src/log.js';
import { openStore, type Store } from '../../../src/store/index.js';
import { createWorld, LEADS_CHANNEL, SIGNING_SECRET, type World } from '../../helpers/harness.js';
import { postSlashCommand } from '../../helpers/signed-request.js';

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date('2026-11-24T10:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);

const lead = (id: string): Lead => ({
  id,
  phone: '+15550001111',
  name: 'Ana Souza',
  status: 'new',
  score: null,
  detectedAt: daysAgo(200),
  sourceGroup: { id: 'g1', name: 'Buyers Club' },
  keyword: 'price',
  preview: 'What is the price?',
  monitorMode: null,
  messageCount: null,
});

async function seed(store: Store): Promise<void> {
  await store.markPosted('old', LEADS_CHANNEL, '1700000000.000100', lead('old'), daysAgo(91));
  await store.markPosted('recent', LEADS_CHANNEL, '1700000000.000200', lead('recent'), daysAgo(89));
  const entry = { actor: 'U0ANA', team: 'T0001', action: 'export', target: 'leads (all)' } as const;
  await store.audit.record({ ...entry, outcome: 'ok', detail: '3 rows, csv', at: daysAgo(366) });
  await store.audit.record({ ...entry, outcome: 'ok', detail: '4 rows, csv', at: daysAgo(364) });
}

describe('runRetentionOnce', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore('sqlite::memory:');
    await seed(store);
  });
  afterEach(() => store.close());

  it('forgets names, phones and messages past the window, keeps the card ids, and prunes old audit rows', async () => {
    const logs: string[] = [];
    const logger = createLogger({ level: 'debug', write: (line) => logs.push(line) });

    const result = await runRetentionOnce(
      { store, logger, now: () => NOW },
      { leadDays: 90, auditDays: 365 },
    );

    expect(result).toEqual({ leadCopies: 1, auditEntries: 1 });
    const old = await store.getLeadRecord('old');
    expect(old).toMatchObject({
      state: 'posted',
      channel: LEADS_CHANNEL,
      ts: '1700000000.000100',
      lead: null,
    });
    expect(JSON.stringify(old)).not.toMatch(/Ana Souza|15550001111|price\?/);
    expect((await store.getLeadRecord('recent'))?.lead?.name).toBe('Ana Souza');
    // Exactly once still holds: the forgotten lead is never posted again.
    expect(await store.markPending('old', LEADS_CHANNEL, lead('old'), NOW)).toBe(false);
    expect((await store.audit.list({ offset: 0, limit: 10 })).map((e) => e.detail)).toEqual(['4 rows, csv']);
    expect(logs.some((l) => l.includes('"leadCopies":1'))).toBe(true);
  });

  it('follows the configured windows', async () => {
    expect(
      await runRetentionOnce(
        { store, logger: createLogger({ level: 'silent' }), now: () => NOW },
        { leadDays: 30, auditDays: 30 },
      ),
    ).toEqual({
      leadCopies: 2,
      auditEntries: 2,
    });
  });
});

describe('retention in the running app', () => {
  let world: World;
  beforeEach(async () => {
    world = await createWorld();
  });
  afterEach(async () => {
    await world.close();
  });

  it('runs one pass at start, with LEAD_RETENTION_DAYS and AUDIT_RETENTION_DAYS', async () => {
    const store = await openStore(world.dbUrl);
    await seed(store);
    await store.close();

    const app = await world.startApp(
      { LEAD_RETENTION_DAYS: '90', AUDIT_RETENTION_DAYS: '365' },
      { now: () => NOW },
    );

    const { ctx } = app.service;
    expect((await ctx.store.getLeadRecord('old'))?.lead).toBeNull();
    // The app keeps working on the purged record (and Bolt's own start-up calls settle before close).
    const res = await postSlashCommand(app.eventsUrl, SIGNING_SECRET, {
      command: '/moltflow',
      text: 'routes',
      userId: 'U0ANA',
      responseUrl: world.slack.responseUrl(),
    });
    expect(res.status).toBe(200);
    expect((await ctx.store.getLeadRecord('recent'))?.lead?.name).toBe('Ana Souza');
    expect(await ctx.store.audit.count()).toBe(1);
  });
});
