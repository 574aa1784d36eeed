import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WireLead } from '../../helpers/fake-moltflow.js';
import type { FakeView } from '../../helpers/fake-slack.js';
import {
  cardLeadIds,
  createWorld,
  LEADS_CHANNEL,
  SIGNING_SECRET,
  type TestApp,
  type World,
} from '../../helpers/harness.js';
import { customGroups } from '../../helpers/moltflow-api/custom-groups.js';
import { DEFAULT_GROUP } from '../../helpers/moltflow-api/state.js';
import {
  postInteraction,
  postSlashCommand,
  TEST_APP_ID,
  TEST_TEAM_ID,
  viewSubmissionPayload,
} from '../../helpers/signed-request.js';

const SALES = { id: '9d1e0c4a-2b3f-4a5e-8c7d-6f5e4d3c2b1a', name: 'Sales' };
const CHANNEL = 'C0WORK0001';
const USER = 'U0ANA';
const user = { id: USER, username: 'ana', name: 'ana', team_id: TEST_TEAM_ID };
const team = { id: TEST_TEAM_ID, domain: 'moltflow-test' };

type Values = Record<string, Record<string, unknown>>;
const select = (value: string) => ({
  type: 'static_select',
  selected_option: { text: { type: 'plain_text', text: value }, value },
});
const filterValues = (f: { status?: string; group?: string; search?: string }): Values => ({
  leads_bulk_status: {
    leads_bulk_status_pick: f.status ? select(f.status) : { type: 'static_select', selected_option: null },
  },
  leads_bulk_group: {
    leads_bulk_group_pick: f.group ? select(f.group) : { type: 'static_select', selected_option: null },
  },
  leads_bulk_search: { leads_bulk_search_text: { type: 'plain_text_input', value: f.search ?? null } },
});

describe('/leads bulk', () => {
  let world: World;
  let app: TestApp;
  beforeEach(async () => {
    world = await createWorld();
    world.moltflow.override('GET', '/groups', () => ({
      status: 200,
      body: { items: [DEFAULT_GROUP, SALES] },
    }));
    app = await world.startApp();
  });
  afterEach(async () => {
    expect(world.slack.rejections).toEqual([]);
    expect(world.slack.warnings).toEqual([]);
    await world.close();
  });

  const command = (text: string) =>
    postSlashCommand(app.eventsUrl, SIGNING_SECRET, {
      command: '/leads',
      text,
      userId: USER,
      channelId: CHANNEL,
      responseUrl: world.slack.responseUrl(),
    });
  /** Runs the command and returns the modal once it has been redrawn with the groups. */
  const openModal = async (text = 'bulk') => {
    const res = await command(text);
    expect(res.status).toBe(200);
    return world.slack.waitFor(() => world.slack.views.find((v) => v.updates > 0));
  };
  const viewPayload = (v: FakeView, values: Values) => ({
    id: v.id,
    team_id: TEST_TEAM_ID,
    type: 'modal',
    callback_id: 'leads_bulk',
    private_metadata: v.view.private_metadata,
    title: v.view.title,
    submit: v.view.submit,
    close: v.view.close,
    blocks: v.view.blocks,
    state: { values },
    hash: v.hash,
    root_view_id: v.id,
    app_id: TEST_APP_ID,
    bot_id: 'B0BOT',
  });
  const loadOptions = async (v: FakeView, typed: string, values: Values) => {
    const res = await postInteraction(app.eventsUrl, SIGNING_SECRET, {
      type: 'block_suggestion',
      user,
      team,
      api_app_id: TEST_APP_ID,
      token: 'legacy-verification-token',
      container: { type: 'view', view_id: v.id },
      action_id: 'leads_bulk_leads_pick',
      block_id: 'leads_bulk_leads',
      value: typed,
      view: viewPayload(v, values),
    });
    expect(res.status).toBe(200);
    return (res.json as { options: { text: { type: string; text: string }; value: string }[] }).options;
  };
  const submit = (v: FakeView, picked: string[], action: string | null, labels: string[] = []) =>
    postInteraction(
      app.eventsUrl,
      SIGNING_SECRET,
      viewSubmissionPayload({
        callbackId: 'leads_bulk',
        viewId: v.id,
        userId: USER,
        privateMetadata: String(v.view.private_metadata),
        values: {
          ...filterValues({}),
          leads_bulk_leads: {
            leads_bulk_leads_pick: {
              type: 'multi_external_select',
              selected_options: picked.map((value, i) => ({
                text: { type: 'plain_text', text: labels[i] ?? value },
                value,
              })),
            },
          },
          leads_bulk_action: {
            leads_bulk_action_pick: action
              ? select(action)
              : { type: 'static_select', selected_option: null },
          },
        },
      }),
    );
  /** The option values the picker offers for these leads (what a person would pick). */
  const optionValues = async (v: FakeView, leads: WireLead[]) => {
    const options = await loadOptions(v, '', filterValues({}));
    return leads.map((l) => options.find((o) => o.value.startsWith(`${l.id}|`))?.value ?? '');
  };
  const card = (id: string) => {
    const ts =
      world.slack.messages(LEADS_CHANNEL).find((m) => m.metadata?.event_payload.lead_id === id)?.ts ?? '';
    return world.slack.findMessage(LEADS_CHANNEL, ts);
  };

  it('opens at once, then shows the filters it was given, the groups and how many leads match', async () => {
    world.moltflow.addLeads(2, () => ({ lead_status: 'qualified', source_group: SALES }));
    world.moltflow.addLeads(3);

    const view = await openModal('bulk qualified group sales');

    expect(world.slack.callsTo('views.open')[0]?.args.trigger_id).toBeTruthy();
    const shown = JSON.stringify(view.view.blocks);
    expect(shown).toContain('2 leads match these filters');
    const blocks = view.view.blocks as {
      block_id?: string;
      element?: { initial_option?: { value: string } };
    }[];
    expect(blocks.find((b) => b.block_id === 'leads_bulk_status')?.element?.initial_option?.value).toBe(
      'qualified',
    );
    expect(blocks.find((b) => b.block_id === 'leads_bulk_group')?.element?.initial_option?.value).toBe(
      SALES.id,
    );
    expect(JSON.parse(String(view.view.private_metadata))).toMatchObject({
      c: CHANNEL,
      s: 'qualified',
      g: SALES.id,
    });
  });

  it('fills the picker from the current filters and the typed text, within Slack limits', async () => {
    world.moltflow.addLeads(120, (i) => ({
      contact_name: `Buyer ${i} ${'x'.repeat(80)}`,
      source_group: SALES,
    }));
    world.moltflow.addLead({ contact_name: 'Maria Other', source_group: DEFAULT_GROUP });
    world.moltflow.addLead({ contact_name: 'Maria Sales', source_group: SALES, lead_status: 'qualified' });
    const view = await openModal();

    const all = await loadOptions(view, '', filterValues({ group: SALES.id }));
    expect(all).toHaveLength(100);
    for (const o of all) {
      expect(o.text.text.length).toBeLessThanOrEqual(75);
      expect(o.value.length).toBeLessThanOrEqual(75);
    }
    const typed = await loadOptions(view, 'maria', filterValues({ group: SALES.id }));
    expect(typed.map((o) => o.text.text)).toEqual([
      expect.stringMatching(/^Maria Sales · \+1555\d+ · Qualified$/),
    ]);
    const query = world.moltflow.requestsTo('GET', '/leads').at(-1)?.query;
    expect(query).toMatchObject({ limit: '100', source_group_id: SALES.id, search: 'maria' });
  });

  it('reads the filters from private_metadata when the picker request carries no inputs', async () => {
    world.moltflow.addLead({ lead_status: 'lost', contact_name: 'Lost One' });
    world.moltflow.addLead({ contact_name: 'New One' });
    const view = await openModal('bulk lost');
    const options = await loadOptions(view, '', {});
    expect(options.map((o) => o.text.text)).toEqual([expect.stringMatching(/^Lost One/)]);
  });

  it('moves the picked leads, lists each failure with its reason, and redraws the moved cards', async () => {
    const leads = world.moltflow.addLeads(3, (i) => ({ contact_name: `Lead ${i}` }));
    await app.service.pollOnce();
    world.moltflow.setLeadStatus(leads[2]?.id ?? '', 'converted');
    const gone = world.moltflow.addLead({ contact_name: 'Gone Soon' });
    const view = await openModal();
    const values = await optionValues(view, [...leads, gone]);
    world.moltflow.deleteLead(gone.id);

    const res = await submit(view, values, 'status:qualified', [
      'Lead 0',
      'Lead 1',
      'Lead 2 · Converted',
      'Gone Soon',
    ]);
    expect(res.text).toBe('');
    const note = await world.slack.waitFor(() => world.slack.ephemerals[0]);

    expect(note.channel).toBe(CHANNEL);
    expect(note.user).toBe(USER);
    expect(note.text).toBe(
      [
        ':white_check_mark: Moved 2 of 4 leads to *Qualified*.',
        '*2 leads could not be moved:*',
        '• *Lead 2 · Converted*: Invalid status transition from converted to qualified',
        '• *Gone Soon*: Lead not found',
      ].join('\n'),
    );
    expect(world.moltflow.requestsTo('POST', '/leads/bulk/status')[0]?.body).toEqual({
      lead_ids: [...leads, gone].map((l) => l.id),
      status: 'qualified',
    });
    const moved = card(leads[0]?.id ?? '');
    expect(JSON.stringify(moved?.blocks)).toContain('Status: *Qualified* · set by <@U0ANA>');
    expect(moved?.metadata?.event_payload.status).toBe('qualified');
    expect(card(leads[1]?.id ?? '')?.metadata?.event_payload.status).toBe('qualified');
    expect(card(leads[2]?.id ?? '')?.edits).toBe(0);
    const thread = world.slack.messages(LEADS_CHANNEL).filter((m) => m.thread_ts === moved?.ts);
    expect(thread.map((m) => m.text)).toEqual(['New → Qualified by <@U0ANA>']);
    expect(cardLeadIds(world.slack)).toHaveLength(3);
  });

  it('renders failures of any shape and asks MoltFlow which cards moved when it does not say', async () => {
    const leads = world.moltflow.addLeads(2);
    await app.service.pollOnce();
    world.moltflow.override('POST', '/leads/bulk/status', () => {
      world.moltflow.setLeadStatus(leads[0]?.id ?? '', 'contacted');
      return { status: 200, body: { updated: 1, failed: 1, errors: ['One lead is <locked>', { code: 7 }] } };
    });
    const view = await openModal();
    await submit(view, await optionValues(view, leads), 'status:contacted');
    const note = await world.slack.waitFor(() => world.slack.ephemerals[0]);

    expect(note.text).toBe(
      ':white_check_mark: Moved 1 of 2 leads to *Contacted*.\n*2 leads could not be moved:*\n• One lead is &lt;locked&gt;\n• {"code":7}',
    );
    await world.slack.waitFor(() => (card(leads[0]?.id ?? '')?.edits ?? 0) > 0);
    expect(card(leads[0]?.id ?? '')?.metadata?.event_payload.status).toBe('contacted');
    expect(card(leads[1]?.id ?? '')?.edits).toBe(0);
    expect(world.moltflow.requestsTo('GET', /^\/leads\/[^/]+$/)).toHaveLength(2);
  });

  it('says bulk changes need the Pro plan when MoltFlow refuses, and lets the person retry', async () => {
    world.moltflow.state.plan = 'starter';
    const leads = world.moltflow.addLeads(1);
    const view = await openModal();
    const values = await optionValues(view, leads);

    await submit(view, values, 'status:lost');
    const note = await world.slack.waitFor(() => world.slack.ephemerals[0]);
    expect(note.text).toMatch(/needs MoltFlow's \*Pro\* plan.*one at a time/);

    world.moltflow.state.plan = 'pro';
    await submit(view, values, 'status:lost');
    await world.slack.waitFor(() => world.slack.ephemerals[1]);
    expect(world.moltflow.lead(leads[0]?.id ?? '')?.lead_status).toBe('lost');
  });

  it('puts problems on the fields: no leads, no action, a move none of them can make', async () => {
    const [done] = world.moltflow.addLeads(1, () => ({ lead_status: 'converted' }));
    const view = await openModal();
    const values = await optionValues(view, done ? [done] : []);

    const empty = await submit(view, [], null);
    expect(empty.json).toEqual({
      response_action: 'errors',
      errors: {
        leads_bulk_leads: 'Pick at least one lead.',
        leads_bulk_action: 'Choose what to do with the picked leads.',
      },
    });
    const impossible = await submit(view, values, 'status:contacted');
    expect(impossible.json).toEqual({
      response_action: 'errors',
      errors: {
        leads_bulk_action:
          'None of the picked leads can move to Contacted (1 Converted). Choose another status.',
      },
    });
    expect(world.moltflow.requestsTo('POST', /bulk/)).toHaveLength(0);
  });

  it('sends one request when Apply is clicked twice', async () => {
    const leads = world.moltflow.addLeads(2);
    const view = await openModal();
    const values = await optionValues(view, leads);
    await Promise.all([submit(view, values, 'status:lost'), submit(view, values, 'status:lost')]);
    await world.slack.waitFor(() => world.slack.ephemerals[0]);
    expect(world.moltflow.requestsTo('POST', '/leads/bulk/status')).toHaveLength(1);
    expect(world.slack.ephemerals).toHaveLength(1);
  });

  it('adds the picked leads to a custom group, counting those already there', async () => {
    const leads = world.moltflow.addLeads(3);
    const vip = customGroups(world.moltflow.state).add('VIP', [{ phone: leads[0]?.contact_phone ?? '' }]);
    const view = await openModal();
    expect(JSON.stringify(view.view.blocks)).toContain(`"value":"group:${vip.id}"`);

    await submit(view, await optionValues(view, leads), `group:${vip.id}`);
    const note = await world.slack.waitFor(() => world.slack.ephemerals[0]);

    expect(note.text).toBe(':white_check_mark: Added 2 leads of 3 to *VIP*. 1 lead was already there.');
    expect(vip.members).toHaveLength(3);
    expect(world.moltflow.requestsTo('POST', '/leads/bulk/add-to-group')[0]?.body).toEqual({
      lead_ids: [leads[1]?.id, leads[2]?.id],
      custom_group_id: vip.id,
    });
  });

  it('redraws the match count and remembers the filters when a filter changes', async () => {
    world.moltflow.addLeads(4, (i) => ({ lead_status: i < 3 ? 'new' : 'lost' }));
    const view = await openModal();
    expect(JSON.stringify(view.view.blocks)).toContain('4 leads match');
    const hash = view.hash;

    const res = await postInteraction(app.eventsUrl, SIGNING_SECRET, {
      type: 'block_actions',
      user,
      team,
      api_app_id: TEST_APP_ID,
      token: 'legacy-verification-token',
      container: { type: 'view', view_id: view.id },
      trigger_id: '1.2.abc',
      view: viewPayload(view, filterValues({ status: 'lost' })),
      actions: [
        {
          action_id: 'leads_bulk_status_pick',
          block_id: 'leads_bulk_status',
          ...select('lost'),
          action_ts: '1.0',
        },
      ],
    });
    expect(res.status).toBe(200);
    await world.slack.waitFor(() => world.slack.views[0]?.updates === 2);
    const redrawn = world.slack.views[0];
    expect(JSON.stringify(redrawn?.view.blocks)).toContain('1 lead matches these filters');
    expect(JSON.parse(String(redrawn?.view.private_metadata))).toMatchObject({ s: 'lost' });
    expect(world.slack.callsTo('views.update').at(-1)?.args.hash).toBe(hash);
  });

  it.each([
    ['bulk maybe', /I don't understand `maybe`/],
    ['bulk status maybe', /`maybe` isn't a lead status.*`\/leads bulk status qualified`/],
  ])('answers "/leads %s" with an explanation instead of a modal', async (text, words) => {
    const res = await command(text);
    expect((res.json as { text: string }).text).toMatch(words);
    expect(world.slack.callsTo('views.open')).toHaveLength(0);
  });
});
