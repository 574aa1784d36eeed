import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/index.js';
import { cardLeadIds, createWorld, LEADS_CHANNEL, type World } from '../../helpers/harness.js';

const HOUR = 3_600_000;
const ago = (ms: number) => new Date(Date.now() - ms);

describe('lead feed: the poller posts each lead exactly once', () => {
  let world: World;
  beforeEach(async () => {
    world = await createWorld();
  });
  afterEach(async () => {
    await world.close();
  });

  it('on first start posts at most 20 recent leads, oldest first, and says how many it skipped', async () => {
    const recent = world.moltflow.addLeads(30, (i) => ({ detectedAt: ago((30 - i) * 60_000) }));
    world.moltflow.addLeads(5, (i) => ({ detectedAt: ago(48 * HOUR + i * 60_000) }));
    const app = await world.startApp();

    const result = await app.service.pollOnce();

    const newest20 = recent.slice(-20).map((l) => l.id);
    expect(cardLeadIds(world.slack)).toEqual(newest20);
    expect(result.posted).toBe(20);
    const notice = world.slack.messages(LEADS_CHANNEL).at(-1);
    expect(notice?.text).toMatch(/15 older leads were skipped/);
    expect(world.slack.warnings).toEqual([]);

    // The skipped ones never show up later, and nothing repeats.
    await app.service.pollOnce();
    expect(cardLeadIds(world.slack)).toEqual(newest20);
  });

  it('posts only leads detected since the last pass, once, across a restart', async () => {
    const first = world.moltflow.addLeads(3, (i) => ({ detectedAt: ago((3 - i) * 60_000) }));
    let app = await world.startApp();
    await app.service.pollOnce();
    await app.stop();

    const later = world.moltflow.addLeads(2);
    app = await world.startApp();
    const result = await app.service.pollOnce();

    expect(result.posted).toBe(2);
    expect(cardLeadIds(world.slack)).toEqual([...first, ...later].map((l) => l.id));
    await app.service.pollOnce();
    expect(cardLeadIds(world.slack)).toHaveLength(5);
  });

  it('costs exactly one MoltFlow request when nothing changed', async () => {
    world.moltflow.addLeads(120, (i) => ({ detectedAt: ago((120 - i) * 1000) }));
    const app = await world.startApp({ LEAD_BACKFILL_HOURS: '1' });
    await app.service.pollOnce();
    const before = world.moltflow.requests.length;

    const idle = await app.service.pollOnce();

    expect(idle.requests).toBe(1);
    expect(world.moltflow.requests.length - before).toBe(1);
  });

  it('pages back through a burst until it reaches leads it has seen', async () => {
    world.moltflow.addLeads(2);
    const app = await world.startApp();
    await app.service.pollOnce();
    const burst = world.moltflow.addLeads(130);

    const result = await app.service.pollOnce();

    expect(result.posted).toBe(130);
    expect(result.requests).toBe(3);
    expect(cardLeadIds(world.slack).slice(2)).toEqual(burst.map((l) => l.id));
  });

  it('draws a lead that changed status before its first card with its current status', async () => {
    const lead = world.moltflow.addLead({ contact_name: 'Ana Quick' });
    world.moltflow.setLeadStatus(lead.id, 'qualified');
    const app = await world.startApp();

    await app.service.pollOnce();

    const card = world.slack.messages(LEADS_CHANNEL)[0];
    expect(JSON.stringify(card?.blocks)).toContain('Qualified');
    const buttons = actionIds(card?.blocks);
    expect(buttons).toEqual(['lead_status_converted', 'lead_status_lost']);
  });

  it('updates a card in place when the status changes outside Slack, from the same page', async () => {
    const lead = world.moltflow.addLead();
    const app = await world.startApp();
    await app.service.pollOnce();
    world.moltflow.setLeadStatus(lead.id, 'contacted');
    const before = world.moltflow.requests.length;

    const result = await app.service.pollOnce();

    expect(result.updated).toBe(1);
    expect(world.moltflow.requests.length - before).toBe(1);
    const messages = world.slack.messages(LEADS_CHANNEL);
    const cards = messages.filter((m) => !m.thread_ts);
    expect(cards).toHaveLength(1);
    expect(cards[0]?.edits).toBe(1);
    expect(JSON.stringify(cards[0]?.blocks)).toMatch(/Contacted.*changed in MoltFlow/);
    // The card's thread tells the story; the line stays in the thread.
    const replies = messages.filter((m) => m.thread_ts === cards[0]?.ts).map((m) => m.text);
    expect(replies).toEqual(['New → Contacted in MoltFlow']);
    const reply = world.slack.callsTo('chat.postMessage').find((c) => c.args.thread_ts === cards[0]?.ts);
    expect(String(reply?.args.reply_broadcast)).toBe('false');
    // Drawn once: the next pass has nothing to redraw.
    expect((await app.service.pollOnce()).updated).toBe(0);
  });

  it('escapes hostile names and messages everywhere in what it sends to Slack', async () => {
    world.moltflow.addLead({
      contact_name: '<!channel> & <@U0ADMIN>',
      source_group: { id: 'g1', name: '<!here> group' },
      trigger: {
        matched_keyword: 'price',
        message_preview: 'what is the price? <https://evil.example|https://bank.example> <!everyone>',
        monitor_mode: 'keywords',
        detected_at: new Date().toISOString(),
      },
    });
    const app = await world.startApp();

    await app.service.pollOnce();

    const call = world.slack.callsTo('chat.postMessage')[0];
    // plain_text is shown literally; everything Slack parses (mrkdwn and the fallback text) must be inert.
    const parsed = [String(call?.args.text), ...mrkdwnTexts(call?.args.blocks)];
    for (const text of parsed) {
      for (const planted of ['<!channel>', '<@U0ADMIN>', '<!here>', '<!everyone>', '<https://evil']) {
        expect(text).not.toContain(planted);
      }
    }
    expect(String(call?.args.text)).toContain('&lt;!channel&gt; &amp; &lt;@U0ADMIN&gt;');
    expect(parsed.join('\n')).toContain('&lt;https://evil.example|https://bank.example&gt;');
  });

  it('never posts a second card when the app crashed between Slack answering and the store write', async () => {
    const lead = world.moltflow.addLead();
    const store = await openStore(world.dbUrl);
    const crashing = new Proxy(store, {
      get(target, prop) {
        if (prop === 'markPosted') {
          return () => {
            throw new Error('simulated crash after Slack answered');
          };
        }
        const value = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    let app = await world.startApp({}, { store: crashing });
    await expect(app.service.pollOnce()).rejects.toThrow(/simulated crash/);
    await app.stop();
    expect(cardLeadIds(world.slack)).toEqual([lead.id]);

    app = await world.startApp();
    const result = await app.service.pollOnce();

    expect(result.reconciled).toBe(1);
    expect(result.posted).toBe(0);
    expect(cardLeadIds(world.slack)).toEqual([lead.id]);
    const history = world.slack.callsTo('conversations.history');
    expect(history.at(-1)?.args.include_all_metadata).toBeTruthy();
  });

  it('posts a lead whose earlier post never reached Slack', async () => {
    const lead = world.moltflow.addLead();
    world.slack.failNext('chat.postMessage', { status: 500 });
    const app = await world.startApp();
    await expect(app.service.pollOnce()).rejects.toThrow();
    expect(cardLeadIds(world.slack)).toEqual([]);

    await app.service.pollOnce();

    expect(cardLeadIds(world.slack)).toEqual([lead.id]);
  });

  it('waits out a Slack rate limit and posts the card once', async () => {
    const lead = world.moltflow.addLead();
    world.slack.failNext('chat.postMessage', { status: 429, retryAfterSec: 1 });
    const app = await world.startApp();

    const result = await app.service.pollOnce();

    expect(result.posted).toBe(1);
    expect(cardLeadIds(world.slack)).toEqual([lead.id]);
  });

  it('forgets double-click guards older than a day at the start of each pass', async () => {
    const app = await world.startApp();
    const keys = app.service.ctx.store.idempotency;
    await keys.claim('bulksend:V_OLD', ago(25 * HOUR));
    await keys.claim('bulksend:V_NEW', ago(HOUR));

    await app.service.pollOnce();

    expect(await keys.claim('bulksend:V_OLD')).toBe(true);
    expect(await keys.claim('bulksend:V_NEW')).toBe(false);
  });

  it('skips a malformed lead without crashing and posts the rest', async () => {
    const good = world.moltflow.addLead();
    const bad = world.moltflow.addLead();
    world.moltflow.patchLead(bad.id, { contact_name: 42 });
    const app = await world.startApp();

    const result = await app.service.pollOnce();

    expect(result.invalid).toBe(1);
    expect(cardLeadIds(world.slack)).toEqual([good.id]);
    expect(app.logs.some((l) => l.includes('contact_name'))).toBe(true);
  });
});

function mrkdwnTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(mrkdwnTexts);
  if (value === null || typeof value !== 'object') return [];
  const node = value as Record<string, unknown>;
  const own = node.type === 'mrkdwn' && typeof node.text === 'string' ? [node.text] : [];
  return [...own, ...Object.values(node).flatMap(mrkdwnTexts)];
}

function actionIds(blocks: unknown): string[] {
  const ids: string[] = [];
  for (const block of (blocks as { type: string; elements?: { action_id?: string }[] }[]) ?? []) {
    if (block.type === 'actions')
      for (const el of block.elements ?? [])
        if (el.action_id?.startsWith('lead_status_')) ids.push(el.action_id);
  }
  return ids;
}
