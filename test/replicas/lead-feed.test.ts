// Three replicas on one Postgres database, each polling every second and each taking MoltFlow's pushed
// lead.detected deliveries: whoever sees a lead first, and however often it is delivered, it gets one card.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  BOT_TOKEN,
  cardLeadIds,
  createWorld,
  LEADS_CHANNEL,
  SIGNING_SECRET,
  type World,
} from '../helpers/harness.js';
import { describeIfPostgres, type FreshDatabase, freshPostgresDatabase } from '../support/postgres.js';
import { Cluster } from './cluster.js';

const SECRET = 'whsec_replicas_0123456789';
const LEADS = 30;

/** A small seeded generator, so a failing spread of deliveries can be told apart from another. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describeIfPostgres('three replicas: poll and webhook', () => {
  let world: World;
  let db: FreshDatabase;
  let cluster: Cluster;

  beforeAll(async () => {
    [world, db] = await Promise.all([createWorld(), freshPostgresDatabase()]);
    cluster = new Cluster(world, db.url, {
      LEAD_POLL_CRON: '*/1 * * * * *',
      MOLTFLOW_WEBHOOK_SECRET: SECRET,
    });
    await cluster.grow(3);
  }, 60_000);
  afterAll(async () => {
    await cluster?.close();
    await db?.drop();
    await world?.close();
    cluster?.assertNoSecretsLogged([BOT_TOKEN, SIGNING_SECRET, world.moltflow.apiKey, SECRET]);
  });

  const deliver = async (baseUrl: string, lead: object) => {
    const body = JSON.stringify({ event: 'lead.detected', timestamp: new Date().toISOString(), data: lead });
    const signature = createHmac('sha256', SECRET).update(body).digest('hex');
    const res = await fetch(`${baseUrl}/moltflow/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-webhook-signature': signature },
      body,
    });
    return res.status;
  };

  it('gives each lead exactly one card, pushed to random replicas (some twice) while all of them poll', async () => {
    // The first pass (the backfill of an empty feed) is done: every lead from here on is new.
    await cluster.waitForRow(
      async () => (await cluster.query('SELECT initialized_at FROM poller_state'))[0]?.initialized_at,
      'the first poll pass',
    );
    const seed = Date.now();
    const random = seeded(seed);
    const replicas = cluster.live();
    const leads = world.moltflow.addLeads(LEADS);
    // Each lead to a random replica; every third one again to another, as MoltFlow retries a delivery.
    const deliveries = leads.flatMap((lead, i) => {
      // The first three go to each replica in turn, so every one of them takes part.
      const first = i < replicas.length ? i : Math.floor(random() * replicas.length);
      const targets = [first];
      if (i % 3 === 0) targets.push((first + 1 + Math.floor(random() * 2)) % replicas.length);
      return targets.map((r) => ({ lead, to: replicas[r]?.baseUrl ?? '' }));
    });
    const statuses = await Promise.all(deliveries.map((d) => deliver(d.to, d.lead)));
    expect(statuses.every((s) => s === 200)).toBe(true);

    // Every delivery has been worked on (posted, or found already posted) ...
    await world.slack.waitFor(
      () => cluster.lines(/lead pushed by webhook/).length >= deliveries.length || undefined,
      { timeoutMs: 20_000, description: `all ${deliveries.length} deliveries handled (seed ${seed})` },
    );
    // ... and two more poll passes have read the feed since, so a late duplicate would have shown by now.
    const listed = world.moltflow.requestsTo('GET', '/leads').length;
    await world.moltflow.waitFor(
      () => world.moltflow.requestsTo('GET', '/leads').length >= listed + 2 || undefined,
      { timeoutMs: 10_000, description: 'two more poll passes' },
    );

    const posts = world.slack
      .callsTo('chat.postMessage')
      .map((c) => (c.args.metadata as { event_payload?: { lead_id?: unknown } } | undefined)?.event_payload)
      .filter((p) => p?.lead_id !== undefined)
      .map((p) => String(p?.lead_id));
    const perLead = new Map<string, number>();
    for (const id of posts) perLead.set(id, (perLead.get(id) ?? 0) + 1);
    const ids = leads.map((l) => String(l.id));
    expect(
      ids.filter((id) => perLead.get(id) !== 1),
      `leads without exactly one chat.postMessage (seed ${seed})`,
    ).toEqual([]);
    expect(posts).toHaveLength(LEADS);
    expect([...cardLeadIds(world.slack)].sort()).toEqual([...ids].sort());

    const rows = await cluster.query<{ lead_id: string; state: string; channel: string; ts: string }>(
      'SELECT lead_id, state, channel, ts FROM lead_records',
    );
    expect(rows.map((r) => r.lead_id).sort()).toEqual([...ids].sort());
    expect(rows.filter((r) => r.state !== 'posted')).toEqual([]);
    const cards = new Map(
      world.slack
        .messages(LEADS_CHANNEL)
        .map((m) => [String(m.metadata?.event_payload.lead_id), m.ts] as const),
    );
    for (const row of rows) expect(row.ts, row.lead_id).toBe(cards.get(row.lead_id));

    // Every replica took deliveries, or the test proved nothing about replicas.
    for (const r of replicas) expect(r.output(), r.id).toMatch(/lead pushed by webhook/);
    expect(world.slack.rejections).toEqual([]);
  }, 60_000);
});
