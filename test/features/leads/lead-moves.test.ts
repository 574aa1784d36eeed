import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WireLead } from '../../helpers/fake-moltflow.js';
import {
  createWorld,
  LEADS_CHANNEL,
  SIGNING_SECRET,
  type TestApp,
  type World,
} from '../../helpers/harness.js';
import { blockActionPayload, postInteraction } from '../../helpers/signed-request.js';

describe('lead card buttons move a lead through the pipeline', () => {
  let world: World;
  let app: TestApp;
  let lead: WireLead;
  let cardTs: string;

  beforeEach(async () => {
    world = await createWorld();
    lead = world.moltflow.addLead({ contact_name: 'Bea Buyer' });
    app = await world.startApp();
    await app.service.pollOnce();
    cardTs = world.slack.messages(LEADS_CHANNEL)[0]?.ts ?? '';
  });
  afterEach(async () => {
    await world.close();
  });

  const click = async (to: string, userId = 'U0ANA') => {
    const res = await postInteraction(
      app.eventsUrl,
      SIGNING_SECRET,
      blockActionPayload({
        actionId: `lead_status_${to}`,
        value: lead.id,
        userId,
        channelId: LEADS_CHANNEL,
        messageTs: cardTs,
      }),
    );
    expect(res.status).toBe(200);
    return res;
  };
  const card = () => world.slack.findMessage(LEADS_CHANNEL, cardTs);
  /** The pipeline buttons (the row also always holds Reciprocity and Add to group). */
  const buttons = () =>
    ((card()?.blocks ?? []) as { type: string; elements?: { action_id: string }[] }[])
      .filter((b) => b.type === 'actions')
      .flatMap((b) => (b.elements ?? []).map((e) => e.action_id))
      .filter((id) => id.startsWith('lead_status_'));
  const threadLines = () =>
    world.slack
      .messages(LEADS_CHANNEL)
      .filter((m) => m.thread_ts === cardTs)
      .map((m) => m.text);
  const waitForEdits = (n: number) => world.slack.waitFor(() => (card()?.edits ?? 0) >= n);

  it.each([
    [['contacted'], 'contacted', ['lead_status_qualified', 'lead_status_converted', 'lead_status_lost']],
    [['contacted', 'qualified'], 'qualified', ['lead_status_converted', 'lead_status_lost']],
    [['qualified', 'converted'], 'converted', []],
    [['lost'], 'lost', ['lead_status_new']],
    [
      ['lost', 'new'],
      'new',
      ['lead_status_contacted', 'lead_status_qualified', 'lead_status_converted', 'lead_status_lost'],
    ],
  ])('clicks %j end at %s with only the allowed next moves', async (moves, final, next) => {
    for (const [i, to] of moves.entries()) {
      await click(to);
      await waitForEdits(i + 1);
    }
    expect(world.moltflow.lead(lead.id)?.lead_status).toBe(final);
    const shown = JSON.stringify(card()?.blocks);
    expect(shown).toContain('<@U0ANA>');
    expect(shown).toContain('<!date^');
    expect(buttons()).toEqual(next);
    // One card, and one thread line per move, none broadcast to the channel.
    expect(world.slack.messages(LEADS_CHANNEL).filter((m) => !m.thread_ts)).toHaveLength(1);
    await world.slack.waitFor(() => threadLines().length === moves.length);
    const label = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
    expect(threadLines()).toEqual(
      moves.map((to, i) => `${label(i === 0 ? 'new' : (moves[i - 1] ?? ''))} → ${label(to)} by <@U0ANA>`),
    );
    const replies = world.slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === cardTs);
    expect(replies.every((c) => c.args.reply_broadcast === false || c.args.reply_broadcast === 'false')).toBe(
      true,
    );
    expect(world.slack.ephemerals).toEqual([]);
  });

  it('acks before MoltFlow answers, then says MoltFlow is not answering', async () => {
    world.moltflow.fail({ method: 'PATCH' }, { kind: 'hang' });
    const res = await click('contacted');
    expect(res.status).toBe(200);
    // The ack came back while MoltFlow was still silent (the handler only gives up after its 2 s timeout).
    await world.moltflow.waitFor(() => world.moltflow.requestsTo('PATCH', /status$/).length === 1);
    expect(world.slack.ephemerals).toHaveLength(0);

    await world.slack.waitFor(() => world.slack.ephemerals.length > 0);
    expect(world.slack.ephemerals[0]?.text).toMatch(/isn't answering.*Nothing was changed/);
    expect(world.moltflow.lead(lead.id)?.lead_status).toBe('new');
  });

  it('explains a transition MoltFlow refuses, naming the current status, and redraws the card', async () => {
    world.moltflow.setLeadStatus(lead.id, 'converted');
    await click('contacted');
    await world.slack.waitFor(() => world.slack.ephemerals.length > 0);
    await waitForEdits(1);

    const note = world.slack.ephemerals[0];
    expect(note?.user).toBe('U0ANA');
    expect(note?.text).toMatch(/already \*Converted\*/);
    expect(buttons()).toEqual([]);
    expect(threadLines()).toEqual([]);
    expect(JSON.stringify(card()?.blocks)).toContain('Converted');
    // MoltFlow's refusal names the current status, so the lead is not read again (one request per click).
    expect(world.moltflow.requestsTo('GET', '/leads/:id')).toEqual([]);
  });

  it('tells the clicker when the lead no longer exists and stops offering moves', async () => {
    world.moltflow.deleteLead(lead.id);
    await click('contacted');
    await world.slack.waitFor(() => world.slack.ephemerals.length > 0);
    await waitForEdits(1);

    expect(world.slack.ephemerals[0]?.text).toMatch(/no longer exists/);
    expect(buttons()).toEqual([]);
  });

  it.each([
    [401, { detail: 'Invalid API key' }, {}, /API key.*MOLTFLOW_API_KEY/],
    [
      403,
      { detail: 'Lead bulk operations require the Pro plan' },
      { 'X-Required-Scopes': 'leads:manage' },
      /Pro plan.*leads:manage/,
    ],
    [429, { detail: 'Too many requests' }, { 'Retry-After': '42' }, /Try again in 42 s/],
  ])(
    'explains a %i in plain words and keeps the card on its current status',
    async (status, body, headers, words) => {
      world.moltflow.fail({ method: 'PATCH' }, { kind: 'status', status, body, headers, times: 10 });
      await click('qualified');
      await world.slack.waitFor(() => world.slack.ephemerals.length > 0);

      expect(world.slack.ephemerals[0]?.text).toMatch(words);
      expect(world.moltflow.lead(lead.id)?.lead_status).toBe('new');
      await waitForEdits(1);
      expect(buttons()).toContain('lead_status_qualified');
    },
  );
});
