// Slack refusing or failing: every card and every update still arrives exactly once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getLead } from '../../src/api/leads.js';
import { openStore } from '../../src/store/index.js';
import { cardLeadIds, createWorld, LEADS_CHANNEL, type World } from '../helpers/harness.js';

describe('Slack faults', () => {
  let world: World;
  beforeEach(async () => {
    world = await createWorld();
  });
  afterEach(async () => {
    await world.close();
  });

  it.each([
    ['429 with Retry-After', { status: 429, retryAfterSec: 1 }],
    ['500', { status: 500 }],
    ['503 twice', { status: 503, times: 2 }],
    ['a dropped connection', { dropConnection: true }],
  ])('chat.postMessage %s: each card arrives once', async (_name, fault) => {
    const leads = world.moltflow.addLeads(3);
    world.slack.failNext('chat.postMessage', fault);
    const app = await world.startApp();

    for (let pass = 0; pass < 4 && cardLeadIds(world.slack).length < 3; pass += 1) {
      await app.service.pollNow();
    }

    expect(cardLeadIds(world.slack)).toEqual(leads.map((l) => l.id));
    await app.service.pollOnce();
    expect(cardLeadIds(world.slack)).toHaveLength(3);
  });

  it.each([
    ['429 with Retry-After', { status: 429, retryAfterSec: 1 }],
    ['500', { status: 500 }],
  ])('chat.update %s: the card is redrawn once', async (_name, fault) => {
    const lead = world.moltflow.addLead();
    const app = await world.startApp();
    await app.service.pollOnce();
    world.moltflow.setLeadStatus(lead.id, 'qualified');
    world.slack.failNext('chat.update', fault);

    await app.service.pollOnce();

    const [card] = world.slack.messages(LEADS_CHANNEL);
    expect(card?.edits).toBe(1);
    expect(JSON.stringify(card?.blocks)).toContain('Qualified');
    expect((await app.service.pollOnce()).updated).toBe(0);
  });

  it('joins a public leads channel it was not invited to, then posts', async () => {
    world.slack.setChannel(LEADS_CHANNEL, { member: false });
    const lead = world.moltflow.addLead();
    const app = await world.startApp();

    await app.service.pollOnce();

    expect(world.slack.callsTo('conversations.join')).toHaveLength(1);
    expect(cardLeadIds(world.slack)).toEqual([lead.id]);
  });

  it('keeps leads for later when the leads channel is archived, and says why in status', async () => {
    world.slack.setChannel(LEADS_CHANNEL, { archived: true });
    world.moltflow.addLead();
    const app = await world.startApp();

    await expect(app.service.pollOnce()).rejects.toThrow(/did not take/);

    expect(cardLeadIds(world.slack)).toEqual([]);
    expect((await app.service.ctx.store.getPollerState()).lastError).toMatch(/did not take 1 lead card/);
    expect(app.logs.some((l) => l.includes('is_archived'))).toBe(true);
  });

  it('a post left pending in a channel that has since disappeared is posted again rather than lost', async () => {
    const wire = world.moltflow.addLead();
    const app = await world.startApp();
    const lead = await getLead(app.service.ctx.moltflow, wire.id);
    await app.stop();
    const store = await openStore(world.dbUrl);
    await store.markPending(lead.id, 'X0GONE', lead);
    await store.close();

    const again = await world.startApp();
    await again.service.pollOnce();

    expect(cardLeadIds(world.slack)).toEqual([lead.id]);
  });

  it('keeps a post pending while history cannot be read, without holding up the rest of the feed', async () => {
    const [stuck, other] = world.moltflow.addLeads(2);
    const app = await world.startApp();
    const lead = await getLead(app.service.ctx.moltflow, String(stuck?.id));
    await app.stop();
    const store = await openStore(world.dbUrl);
    await store.markPending(lead.id, LEADS_CHANNEL, lead);
    await store.close();
    world.slack.failNext('conversations.history', { status: 500, times: 3 }); // one pass: a call and its 2 retries

    const again = await world.startApp();
    await again.service.pollOnce();

    expect(cardLeadIds(world.slack)).toEqual([other?.id]);
    expect((await again.service.ctx.store.getLeadRecord(lead.id))?.state).toBe('pending');
    await again.service.pollOnce();
    expect(cardLeadIds(world.slack)).toEqual([other?.id, lead.id]);
  });
});
