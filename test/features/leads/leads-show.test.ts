import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WireLead } from '../../helpers/fake-moltflow.js';
import {
  createWorld,
  LEADS_CHANNEL,
  SIGNING_SECRET,
  type TestApp,
  type World,
} from '../../helpers/harness.js';
import { buttonsOf, click, ephemeralButton, responseAt, slash } from '../../helpers/leads-support.js';

describe('/leads show gives one lead in detail, with the card’s buttons', () => {
  let world: World;
  let app: TestApp;
  let lead: WireLead;

  beforeEach(async () => {
    world = await createWorld();
    lead = world.moltflow.addLead({
      contact_name: 'Bea Buyer',
      contact_phone: '+15550000042',
      message_count: 4,
    });
    world.moltflow.addLead({ contact_name: 'Someone Else', contact_phone: '+447700900123' });
    app = await world.startApp();
  });
  afterEach(async () => {
    expect(world.slack.rejections).toEqual([]);
    expect(world.slack.warnings).toEqual([]);
    await world.close();
  });

  const show = async (text: string) => {
    const url = world.slack.responseUrl();
    const ack = await slash(world, app.eventsUrl, SIGNING_SECRET, `show ${text}`, url);
    return { url, ack, reply: ack ? undefined : await responseAt(world, url) };
  };

  it('by id: message count, trigger, status, group and every button', async () => {
    const { reply } = await show(lead.id);
    const shown = JSON.stringify(reply?.blocks);
    expect(reply?.text).toBe('Lead Bea Buyer (New)');
    expect(shown).toContain('*Messages*\\n4 messages');
    expect(shown).toContain('*Trigger*\\n“price” (keywords)');
    expect(shown).toContain('*Source group*\\nBuyers Club');
    expect(buttonsOf(reply ?? {}).map((b) => [b.action_id, b.value])).toEqual([
      ['lead_status_contacted', lead.id],
      ['lead_status_qualified', lead.id],
      ['lead_status_converted', lead.id],
      ['lead_status_lost', lead.id],
      ['lead_reciprocity', lead.id],
      ['lead_add_to_group', lead.id],
    ]);
  });

  it('by phone, however it is written, reading the full lead after the search', async () => {
    const { reply } = await show('(555) 000-0042');
    expect(reply?.text).toBe('Lead Bea Buyer (New)');
    expect(world.moltflow.requestsTo('GET', '/leads')[0]?.query.search).toBe('5550000042');
    expect(world.moltflow.requestsTo('GET', `/leads/${lead.id}`)).toHaveLength(1);
    expect(JSON.stringify(reply?.blocks)).toContain('4 messages');
  });

  it('by a national number, using DEFAULT_PHONE_REGION, and says when more leads share it', async () => {
    await app.stop();
    app = await world.startApp({ DEFAULT_PHONE_REGION: 'GB' });
    const again = world.moltflow.addLead({ contact_name: 'Someone Again', contact_phone: '+447700900123' });
    const { reply } = await show('07700 900123');
    expect(world.moltflow.requestsTo('GET', '/leads')[0]?.query.search).toBe('447700900123');
    expect(reply?.text).toBe('Lead Someone Again (New)');
    expect(JSON.stringify(reply?.blocks)).toContain('1 more lead has this number');
    expect(buttonsOf(reply ?? {})[0]?.value).toBe(again.id);
  });

  it.each([
    ['3f2b6c1e-9a4d-4c57-8e0f-1a2b3c4d5e6f', /No lead has the id `3f2b6c1e-.*`\/leads show \+1555/],
    ['+1 212 555 0199', /No lead has the phone number \+1 212 555 0199/],
  ])('explains an unknown %s with an example', async (target, words) => {
    const { reply } = await show(target);
    expect(reply?.text).toMatch(words);
  });

  it('moves the lead from the detail: redrawn via response_url, card and thread updated', async () => {
    await app.service.pollOnce();
    const card = world.slack.messages(LEADS_CHANNEL)[0];
    const { url } = await show(lead.id);

    await click(
      app.eventsUrl,
      SIGNING_SECRET,
      ephemeralButton({ actionId: 'lead_status_qualified', value: lead.id, responseUrl: url }),
    );
    const redrawn = await responseAt(world, url, 2);
    expect(redrawn).toMatchObject({ replace_original: true, text: 'Lead Bea Buyer (Qualified)' });
    expect(JSON.stringify(redrawn.blocks)).toContain('Marked *Qualified*');
    expect(buttonsOf(redrawn).map((b) => b.action_id)).toEqual([
      'lead_status_converted',
      'lead_status_lost',
      'lead_reciprocity',
      'lead_add_to_group',
    ]);
    expect(world.moltflow.lead(lead.id)?.lead_status).toBe('qualified');
    // The card in the channel follows, and its thread says who did it.
    expect(JSON.stringify(world.slack.findMessage(LEADS_CHANNEL, card?.ts ?? '')?.blocks)).toMatch(
      /Qualified.*set by <@U0ANA>/,
    );
    const line = await world.slack.waitFor(() =>
      world.slack.messages(LEADS_CHANNEL).find((m) => m.thread_ts === card?.ts),
    );
    expect(line.text).toBe('New → Qualified by <@U0ANA>');
    expect(world.slack.callsTo('chat.update').every((c) => c.args.ts === card?.ts)).toBe(true);
    expect(world.slack.ephemerals).toEqual([]);
  });

  it('redraws the detail to the truth when MoltFlow refuses, or says the lead is gone', async () => {
    const { url } = await show(lead.id);
    world.moltflow.setLeadStatus(lead.id, 'converted');
    await click(
      app.eventsUrl,
      SIGNING_SECRET,
      ephemeralButton({ actionId: 'lead_status_contacted', value: lead.id, responseUrl: url }),
    );
    const redrawn = await responseAt(world, url, 2);
    expect(redrawn.text).toBe('Lead Bea Buyer (Converted)');
    expect(JSON.stringify(redrawn.blocks)).toContain('already *Converted* in MoltFlow');

    world.moltflow.deleteLead(lead.id);
    await click(
      app.eventsUrl,
      SIGNING_SECRET,
      ephemeralButton({ actionId: 'lead_status_lost', value: lead.id, responseUrl: url }),
    );
    const gone = await responseAt(world, url, 3);
    expect(gone).toMatchObject({ replace_original: true });
    expect(gone.text).toMatch(/no longer exists/);
  });
});
