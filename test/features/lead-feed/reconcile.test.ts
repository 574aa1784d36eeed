// Settling a card post left pending (a crash, an unclear answer) through the running app: only a definite
// Slack answer may give up on a card, and only this app's own bot can vouch that a card exists.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getLead } from '../../../src/api/leads.js';
import type { Lead } from '../../../src/domain/lead.js';
import { buildLeadCard } from '../../../src/features/lead-feed/index.js';
import { openStore } from '../../../src/store/index.js';
import type { SlackFault } from '../../helpers/fake-slack.js';
import { cardLeadIds, createWorld, LEADS_CHANNEL, type World } from '../../helpers/harness.js';

describe('reconcile: settling a pending card post', () => {
  let world: World;
  beforeEach(async () => {
    world = await createWorld();
  });
  afterEach(async () => {
    await world.close();
  });

  /** A lead whose card was posted "before a crash": in Slack, but pending in the store. */
  async function pendingLead(): Promise<Lead> {
    const wire = world.moltflow.addLead();
    const probe = await world.startApp();
    const lead = await getLead(probe.service.ctx.moltflow, wire.id);
    await probe.stop();
    const store = await openStore(world.dbUrl);
    await store.markPending(lead.id, LEADS_CHANNEL, lead);
    await store.close();
    return lead;
  }

  it.each<[string, SlackFault]>([
    ['ok:false internal_error', { error: 'internal_error' }],
    ['ok:false fatal_error', { error: 'fatal_error' }],
    ['HTTP 503 on every retry', { status: 503, times: 3 }],
    ['a dropped connection on every retry', { dropConnection: true, times: 3 }],
  ])('history answering %s keeps the lead pending; the next pass finds the card', async (_name, fault) => {
    const lead = await pendingLead();
    const card = buildLeadCard(lead);
    world.slack.seedMessage(LEADS_CHANNEL, { text: card.text, blocks: card.blocks, metadata: card.metadata });
    world.slack.failNext('conversations.history', fault);
    const app = await world.startApp();

    const unclear = await app.service.pollOnce();

    expect(unclear.reconciled).toBe(0);
    expect(cardLeadIds(world.slack)).toEqual([lead.id]);
    expect((await app.service.ctx.store.getLeadRecord(lead.id))?.state).toBe('pending');

    const settled = await app.service.pollOnce();

    expect(settled).toMatchObject({ reconciled: 1, posted: 0 });
    expect(cardLeadIds(world.slack)).toEqual([lead.id]);
    expect((await app.service.ctx.store.getLeadRecord(lead.id))?.state).toBe('posted');
  });

  it.each([['channel_not_found'], ['is_archived'], ['not_in_channel']])(
    'history answering %s gives up on the card and posts the lead again',
    async (error) => {
      const lead = await pendingLead();
      world.slack.failNext('conversations.history', { error });
      const app = await world.startApp();

      await app.service.pollOnce();

      expect(cardLeadIds(world.slack)).toEqual([lead.id]);
      expect((await app.service.ctx.store.getLeadRecord(lead.id))?.state).toBe('posted');
    },
  );

  it('trusts only its own bot: a planted message with the card metadata does not stop the post', async () => {
    const lead = await pendingLead();
    const card = buildLeadCard(lead);
    const planted = world.slack.seedMessage(LEADS_CHANNEL, {
      text: card.text,
      blocks: card.blocks,
      metadata: card.metadata,
      user: 'U0MALLORY',
      bot_id: '',
    });
    const app = await world.startApp();

    const result = await app.service.pollOnce();

    expect(result).toMatchObject({ reconciled: 0, posted: 1 });
    const cards = world.slack
      .messages(LEADS_CHANNEL)
      .filter((m) => m.metadata?.event_payload.lead_id === lead.id);
    expect(cards.map((m) => m.user)).toEqual(['U0MALLORY', world.slack.botUserId]);
    const record = await app.service.ctx.store.getLeadRecord(lead.id);
    expect(record).toMatchObject({ state: 'posted' });
    expect(record?.ts).not.toBe(planted.ts);
    // Once posted for real, later passes leave it alone.
    expect((await app.service.pollOnce()).posted).toBe(0);
  });

  it('trusts a card another app posted no more than one a person posted', async () => {
    const lead = await pendingLead();
    const card = buildLeadCard(lead);
    world.slack.seedMessage(LEADS_CHANNEL, {
      text: card.text,
      metadata: card.metadata,
      user: 'U0OTHERBOT',
      bot_id: 'B0OTHER',
    });
    const app = await world.startApp();

    expect(await app.service.pollOnce()).toMatchObject({ reconciled: 0, posted: 1 });
    expect((await app.service.ctx.store.getLeadRecord(lead.id))?.ts).toBe(
      world.slack.messages(LEADS_CHANNEL).at(-1)?.ts,
    );
  });

  it('keeps the lead pending while Slack cannot say who the app is', async () => {
    const lead = await pendingLead();
    const app = await world.startApp();
    // Bolt no longer asks as it starts (only on a first request), so the fault is for the app's own question.
    world.slack.failNext('auth.test', { error: 'internal_error' });

    expect(await app.service.pollOnce()).toMatchObject({ reconciled: 0, posted: 0 });
    expect((await app.service.ctx.store.getLeadRecord(lead.id))?.state).toBe('pending');
    expect(cardLeadIds(world.slack)).toEqual([]);

    await app.service.pollOnce();
    expect(cardLeadIds(world.slack)).toEqual([lead.id]);
  });
});
