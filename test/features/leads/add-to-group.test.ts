import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WireLead } from '../../helpers/fake-moltflow.js';
import {
  createWorld,
  LEADS_CHANNEL,
  SIGNING_SECRET,
  type TestApp,
  type World,
} from '../../helpers/harness.js';
import { customGroups } from '../../helpers/moltflow-api/custom-groups.js';
import { blockActionPayload, postInteraction, viewSubmissionPayload } from '../../helpers/signed-request.js';

type Block = { type: string; block_id?: string; text?: { text: string }; element?: Record<string, unknown> };

describe('Add to group from a lead card', () => {
  let world: World;
  let app: TestApp;
  let lead: WireLead;
  let cardTs: string;

  beforeEach(async () => {
    world = await createWorld();
    lead = world.moltflow.addLead({ contact_name: 'Bea <!channel> Buyer', contact_phone: '+15550100200' });
    app = await world.startApp();
    await app.service.pollOnce();
    cardTs = world.slack.messages(LEADS_CHANNEL)[0]?.ts ?? '';
  });
  afterEach(async () => {
    expect(world.slack.rejections).toEqual([]);
    expect(world.slack.warnings).toEqual([]);
    await world.close();
  });

  const vip = () => customGroups(world.moltflow.state).groups.find((g) => g.name === 'VIP');

  /** Clicks the button and waits for the modal to be redrawn with its groups. */
  const openModal = async (userId = 'U0ANA') => {
    const res = await postInteraction(
      app.eventsUrl,
      SIGNING_SECRET,
      blockActionPayload({
        actionId: 'lead_add_to_group',
        value: lead.id,
        userId,
        channelId: LEADS_CHANNEL,
        messageTs: cardTs,
      }),
    );
    expect(res.status).toBe(200);
    const view = await world.slack.waitFor(() => world.slack.views.find((v) => v.updates > 0));
    return { id: view.id, metadata: String(view.view.private_metadata), blocks: view.view.blocks as Block[] };
  };

  const submit = (
    modal: { id: string; metadata: string },
    pick: { groupId?: string; newName?: string },
    userId = 'U0ANA',
  ) =>
    postInteraction(
      app.eventsUrl,
      SIGNING_SECRET,
      viewSubmissionPayload({
        callbackId: 'lead_add_to_group_modal',
        viewId: modal.id,
        userId,
        privateMetadata: modal.metadata,
        values: {
          atg_group: {
            atg_group_pick: {
              type: 'static_select',
              selected_option: pick.groupId
                ? { text: { type: 'plain_text', text: 'x' }, value: pick.groupId }
                : null,
            },
          },
          atg_new: { atg_new_name: { type: 'plain_text_input', value: pick.newName ?? null } },
        },
      }),
    );

  it('opens at once, then lists the groups and warns that the contact never wrote first', async () => {
    customGroups(world.moltflow.state).add('VIP', [{ phone: '+15550999999' }]);
    const modal = await openModal();

    const opened = world.slack.callsTo('views.open')[0];
    expect(JSON.stringify(opened?.args.view)).toContain('Loading your custom groups');
    const shown = JSON.stringify(modal.blocks);
    expect(shown).toContain(':warning: *This contact has never messaged Main.*');
    expect(shown).toContain('Bea &lt;!channel&gt; Buyer');
    expect(shown).not.toContain('<!channel>');
    const select = modal.blocks.find((b) => b.block_id === 'atg_group')?.element as {
      options: { text: { text: string }; value: string }[];
    };
    expect(select.options).toEqual([
      { text: { type: 'plain_text', text: 'VIP (1)', emoji: true }, value: vip()?.id },
    ]);
    const reciprocity = world.moltflow.requestsTo('GET', /\/reciprocity$/)[0];
    expect(reciprocity?.query.session_id).toBe(world.moltflow.state.sessions[0]?.id);
  });

  it('shows no warning when the contact wrote first', async () => {
    world.moltflow.setReciprocity(lead.id, { hasMessagedFirst: true, lastInboundAt: new Date() });
    const modal = await openModal();
    const shown = JSON.stringify(modal.blocks);
    expect(shown).not.toContain(':warning:');
    expect(shown).toContain(':white_check_mark: Messaged Main first');
  });

  it('adds the lead to the chosen group and says so privately in the card channel', async () => {
    customGroups(world.moltflow.state).add('VIP');
    const modal = await openModal();

    const res = await submit(modal, { groupId: vip()?.id ?? '' });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const note = await world.slack.waitFor(() => world.slack.ephemerals[0]);

    expect(note.channel).toBe(LEADS_CHANNEL);
    expect(note.user).toBe('U0ANA');
    expect(note.text).toBe(':white_check_mark: Added *Bea &lt;!channel&gt; Buyer* to *VIP*.');
    expect(vip()?.members.map((m) => m.phone)).toEqual(['+15550100200']);
    const bulk = world.moltflow.requestsTo('POST', '/leads/bulk/add-to-group')[0];
    expect(bulk?.body).toEqual({ lead_ids: [lead.id], custom_group_id: vip()?.id });
  });

  it('says "already in" when the phone is a member, without asking MoltFlow to add it', async () => {
    customGroups(world.moltflow.state).add('VIP', [{ phone: '15550100200' }]);
    const modal = await openModal();

    await submit(modal, { groupId: vip()?.id ?? '' });
    const note = await world.slack.waitFor(() => world.slack.ephemerals[0]);

    expect(note.text).toBe('*Bea &lt;!channel&gt; Buyer* is already in *VIP*. Nothing changed.');
    expect(world.moltflow.requestsTo('POST', '/leads/bulk/add-to-group')).toHaveLength(0);
    expect(vip()?.members).toHaveLength(1);
  });

  it('creates a named group once, even when Add is clicked twice', async () => {
    const modal = await openModal();
    const [a, b] = await Promise.all([submit(modal, { newName: 'VIP' }), submit(modal, { newName: 'VIP' })]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const note = await world.slack.waitFor(() => world.slack.ephemerals[0]);

    expect(note.text).toBe(
      ':white_check_mark: Created the group *VIP* and added *Bea &lt;!channel&gt; Buyer* to it.',
    );
    expect(customGroups(world.moltflow.state).groups).toHaveLength(1);
    expect(vip()?.members.map((m) => m.phone)).toEqual(['+15550100200']);
    expect(world.slack.ephemerals).toHaveLength(1);
  });

  it('uses an existing group when the typed name matches one', async () => {
    customGroups(world.moltflow.state).add('VIP');
    const modal = await openModal();
    await submit(modal, { newName: ' vip ' });
    const note = await world.slack.waitFor(() => world.slack.ephemerals[0]);
    expect(note.text).toBe(':white_check_mark: Added *Bea &lt;!channel&gt; Buyer* to *VIP*.');
    expect(customGroups(world.moltflow.state).groups).toHaveLength(1);
  });

  it('falls back to adding the phone as a member when the plan refuses bulk operations', async () => {
    world.moltflow.state.plan = 'starter';
    customGroups(world.moltflow.state).add('VIP');
    const modal = await openModal();

    await submit(modal, { groupId: vip()?.id ?? '' });
    const note = await world.slack.waitFor(() => world.slack.ephemerals[0]);

    expect(note.text).toMatch(/^:white_check_mark: Added \*Bea .*\* to \*VIP\*\. \(Added by phone number/);
    expect(world.moltflow.requestsTo('POST', '/leads/bulk/add-to-group')).toHaveLength(1);
    const fallback = world.moltflow.requestsTo('POST', /\/members\/add$/)[0];
    expect(fallback?.body).toEqual({ contacts: [{ phone: '+15550100200', name: 'Bea <!channel> Buyer' }] });
    expect(vip()?.members).toHaveLength(1);
  });

  it('puts field errors on the field: nothing chosen, or both a group and a name', async () => {
    customGroups(world.moltflow.state).add('VIP');
    const modal = await openModal();

    const none = await submit(modal, {});
    expect(none.json).toEqual({
      response_action: 'errors',
      errors: { atg_group: 'Choose a group, or type a name for a new one.' },
    });
    const both = await submit(modal, { groupId: vip()?.id ?? '', newName: 'Other' });
    expect(both.json).toEqual({
      response_action: 'errors',
      errors: { atg_new: 'Choose a group or type a new name, not both.' },
    });
    expect(world.moltflow.requestsTo('POST', /./)).toHaveLength(0);
  });

  it('explains a MoltFlow failure privately and lets the person try again', async () => {
    customGroups(world.moltflow.state).add('VIP');
    const modal = await openModal();
    world.moltflow.fail(
      { method: 'GET', path: /^\/custom-groups\/[^/]+$/ },
      { kind: 'status', status: 404, times: 1 },
    );

    await submit(modal, { groupId: vip()?.id ?? '' });
    const first = await world.slack.waitFor(() => world.slack.ephemerals[0]);
    expect(first.text).toMatch(/couldn't add Bea &lt;!channel&gt; Buyer to that group: it no longer exists/);

    await submit(modal, { groupId: vip()?.id ?? '' });
    const second = await world.slack.waitFor(() => world.slack.ephemerals[1]);
    expect(second.text).toMatch(/Added/);
  });

  it('says why when the lead no longer exists in MoltFlow', async () => {
    customGroups(world.moltflow.state).add('VIP');
    const modal = await openModal();
    world.moltflow.deleteLead(lead.id);

    await submit(modal, { groupId: vip()?.id ?? '' });
    const note = await world.slack.waitFor(() => world.slack.ephemerals[0]);
    expect(note.text).toBe("Couldn't add *Bea &lt;!channel&gt; Buyer* to *VIP*: Lead not found.");
    expect(vip()?.members).toEqual([]);
  });

  it('answers in a DM when the app cannot post in the card channel any more', async () => {
    customGroups(world.moltflow.state).add('VIP');
    const modal = await openModal();
    world.slack.setChannel(LEADS_CHANNEL, { member: false });

    await submit(modal, { groupId: vip()?.id ?? '' });
    const dm = await world.slack.waitFor(() => world.slack.messages('D0ANA')[0]);
    expect(dm.text).toMatch(/Added \*Bea/);
  });
});
