import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WireLead } from '../../helpers/fake-moltflow.js';
import {
  createWorld,
  LEADS_CHANNEL,
  SIGNING_SECRET,
  type TestApp,
  type World,
} from '../../helpers/harness.js';
import { click, ephemeralButton, responseAt, slash, USER } from '../../helpers/leads-support.js';
import { blockActionPayload, postInteraction, viewSubmissionPayload } from '../../helpers/signed-request.js';

const SESSION = '7d3e9a10-0000-4000-8000-00000000aaaa';

describe('Reciprocity: has the contact messaged us first?', () => {
  let world: World;
  let app: TestApp;
  let lead: WireLead;
  let cardTs: string;

  const start = async (env: Record<string, string> = {}) => {
    app = await world.startApp(env);
    await app.service.pollOnce();
    cardTs = world.slack.messages(LEADS_CHANNEL)[0]?.ts ?? '';
  };
  beforeEach(async () => {
    world = await createWorld();
    lead = world.moltflow.addLead({ contact_name: 'Bea Buyer' });
  });
  afterEach(async () => {
    expect(world.slack.rejections).toEqual([]);
    expect(world.slack.warnings).toEqual([]);
    await world.close();
  });

  const clickCard = () =>
    postInteraction(
      app.eventsUrl,
      SIGNING_SECRET,
      blockActionPayload({
        actionId: 'lead_reciprocity',
        value: lead.id,
        userId: USER,
        channelId: LEADS_CHANNEL,
        messageTs: cardTs,
      }),
    );
  const answer = () => world.slack.waitFor(() => world.slack.ephemerals[0]);
  const checks = () => world.moltflow.requestsTo('GET', /\/reciprocity$/);

  it('asks the only working session and warns privately when the contact never wrote', async () => {
    world.moltflow.setSessions([
      { id: SESSION, name: 'Sales', status: 'working' },
      { name: 'Old phone', status: 'stopped' },
    ]);
    await start();
    expect((await clickCard()).status).toBe(200);
    const note = await answer();
    expect(note).toMatchObject({ channel: LEADS_CHANNEL, user: USER });
    expect(note.text).toBe(
      ':warning: *Bea Buyer* has not messaged you first on *Sales*, so a cold message risks a WhatsApp ban. Wait until they write to you, or reach them another way.',
    );
    expect(checks().map((r) => r.query)).toEqual([{ session_id: SESSION }]);
    expect(world.slack.messages(LEADS_CHANNEL)).toHaveLength(1); // nothing in the channel
  });

  it('uses DEFAULT_SESSION_ID without listing sessions, and gives the time of their last message', async () => {
    const at = new Date('2026-11-24T14:05:00Z');
    world.moltflow.setReciprocity(lead.id, { hasMessagedFirst: true, lastInboundAt: at });
    await start({ DEFAULT_SESSION_ID: SESSION });
    await clickCard();
    const note = await answer();
    expect(note.text).toMatch(
      new RegExp(
        `^:white_check_mark: \\*Bea Buyer\\* messaged you first \\(last message <!date\\^${at.getTime() / 1000}\\^`,
      ),
    );
    expect(world.moltflow.requestsTo('GET', '/sessions')).toEqual([]);
    expect(checks()[0]?.query.session_id).toBe(SESSION);
  });

  it('with several working numbers, asks which in a modal and answers after the submission', async () => {
    world.moltflow.setSessions([
      { id: SESSION, name: 'Sales', status: 'working', phone_number: '+15550001111' },
      { id: 'b2c3d4e5-0000-4000-8000-00000000bbbb', name: 'Support', status: 'working' },
    ]);
    await start();
    await clickCard();
    const opened = await world.slack.waitFor(() => world.slack.views[0]);
    expect(checks()).toEqual([]);
    const view = opened.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
    expect(view.callback_id).toBe('lead_reciprocity_pick');
    expect(JSON.stringify(view.blocks)).toContain('Sales (+15550001111)');

    const submit = (values: Record<string, Record<string, unknown>>) =>
      postInteraction(
        app.eventsUrl,
        SIGNING_SECRET,
        viewSubmissionPayload({
          callbackId: 'lead_reciprocity_pick',
          values,
          privateMetadata: view.private_metadata,
          userId: USER,
        }),
      );
    const empty = await submit({});
    expect(empty.json).toEqual({
      response_action: 'errors',
      errors: { reciprocity_session: 'Pick a WhatsApp number.' },
    });

    const picked = await submit({
      reciprocity_session: {
        session_id: {
          type: 'static_select',
          selected_option: {
            text: { type: 'plain_text', text: 'Support' },
            value: 'b2c3d4e5-0000-4000-8000-00000000bbbb',
          },
        },
      },
    });
    expect(picked.status).toBe(200);
    const note = await answer();
    expect(note).toMatchObject({ channel: LEADS_CHANNEL, user: USER });
    expect(note.text).toContain('has not messaged you first on *Support*');
    expect(checks().map((r) => r.query.session_id)).toEqual(['b2c3d4e5-0000-4000-8000-00000000bbbb']);
  });

  it('explains when no WhatsApp number is connected, without asking MoltFlow about the lead', async () => {
    world.moltflow.setSessions([{ name: 'Old phone', status: 'stopped' }]);
    await start();
    await clickCard();
    expect((await answer()).text).toMatch(/No WhatsApp session is connected.*DEFAULT_SESSION_ID/);
    expect(checks()).toEqual([]);
  });

  it('answers through the response_url from a /leads show detail, and explains a deleted lead', async () => {
    await start({ DEFAULT_SESSION_ID: SESSION });
    const url = world.slack.responseUrl();
    await slash(world, app.eventsUrl, SIGNING_SECRET, `show ${lead.id}`, url);
    await responseAt(world, url, 1);

    await click(
      app.eventsUrl,
      SIGNING_SECRET,
      ephemeralButton({ actionId: 'lead_reciprocity', value: lead.id, responseUrl: url }),
    );
    const reply = await responseAt(world, url, 2);
    expect(reply).toMatchObject({ replace_original: false, response_type: 'ephemeral' });
    expect(reply.text).toMatch(/has not messaged you first/);

    world.moltflow.deleteLead(lead.id);
    await click(
      app.eventsUrl,
      SIGNING_SECRET,
      ephemeralButton({ actionId: 'lead_reciprocity', value: lead.id, responseUrl: url }),
    );
    expect((await responseAt(world, url, 3)).text).toMatch(/no longer exists in MoltFlow/);
    expect(world.slack.ephemerals).toEqual([]);
  });
});
