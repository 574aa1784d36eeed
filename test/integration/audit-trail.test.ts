// The audit trail end to end (issue 9): a privileged action of every area, done through signed requests
// into the running app, is found in the store and in `/moltflow audit` as an admin sees it, with the
// person, the workspace, ids and short names, counts, and never a phone number.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/store/index.js';
import { BulkDriver } from '../features/broadcasts/broadcast-driver.js';
import { GroupsDriver } from '../features/groups/groups-driver.js';
import { scheduleDriver } from '../features/schedules/schedule-driver.js';
import type { FakeView } from '../helpers/fake-slack.js';
import { createWorld, LEADS_CHANNEL, SIGNING_SECRET, type TestApp, type World } from '../helpers/harness.js';
import { click, ephemeralButton, overflowChoice, responseAt } from '../helpers/leads-support.js';
import { customGroups } from '../helpers/moltflow-api/custom-groups.js';
import { scheduledMessages } from '../helpers/moltflow-api/scheduled-messages.js';
import { DEFAULT_GROUP } from '../helpers/moltflow-api/state.js';
import {
  blockActionPayload,
  postInteraction,
  postSlashCommand,
  TEST_APP_ID,
  TEST_TEAM_ID,
  viewSubmissionPayload,
} from '../helpers/signed-request.js';

const SESSION = '11111111-2222-4333-8444-555555555555';
const ADMIN = 'U0BOSS';
/** Every number these tests type, besides the leads' own phones. */
const TYPED_PHONES = ['+15550002222', '+14155552671', '+442079460958', '+14155550001', '+14155550002'];

/** Whatever was done, the trail keeps ids, names and counts, never a phone number. */
function expectNoPhones(world: World, entries: AuditEntry[]): void {
  const leadPhones = world.moltflow.state.leads.map((l) => String(l.data.contact_phone ?? ''));
  const text = JSON.stringify(entries);
  for (const phone of [...TYPED_PHONES, ...leadPhones].filter(Boolean)) {
    expect(text).not.toContain(phone.replace(/\D/g, '').slice(-9));
  }
}

const readTrail = (app: TestApp): Promise<AuditEntry[]> =>
  app.service.ctx.store.audit.list({ offset: 0, limit: 200 });
const escaped = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
type Expected = Partial<AuditEntry> & { action: string };

/** `/moltflow audit` as an admin: every line of the first page. */
async function shownToAdmin(world: World, app: TestApp): Promise<string[]> {
  const res = await postSlashCommand(app.eventsUrl, SIGNING_SECRET, {
    command: '/moltflow',
    text: 'audit',
    userId: ADMIN,
    responseUrl: world.slack.responseUrl(),
  });
  const body = res.json as { blocks: { type: string; text?: { text: string } }[] };
  return body.blocks.filter((b) => b.type === 'section').map((b) => b.text?.text ?? '');
}

/** The entry is in the store, and an admin's `/moltflow audit` shows it on one line. */
async function expectAuditedIn(world: World, app: TestApp, expected: Expected, user = 'U0ANA') {
  const found = (await readTrail(app)).find(
    (e) =>
      e.action === expected.action &&
      (expected.target === undefined || e.target === expected.target) &&
      (expected.outcome === undefined || e.outcome === expected.outcome) &&
      (expected.detail === undefined || e.detail === expected.detail),
  );
  expect(found).toMatchObject({ actor: user, team: TEST_TEAM_ID, outcome: 'ok', ...expected });
  const mark = { ok: ':white_check_mark:', failed: ':warning:', denied: ':no_entry:' }[
    found?.outcome ?? 'ok'
  ];
  const line =
    `<@${user}> · \`${expected.action}\` · ${escaped(found?.target ?? '')} · ${mark}` +
    (found?.detail ? ` _${escaped(found.detail)}_` : '');
  expect(await shownToAdmin(world, app)).toContainEqual(expect.stringContaining(line));
}

describe('the audit trail records every privileged action', () => {
  let world: World;
  let app: TestApp;

  beforeEach(async () => {
    world = await createWorld();
    world.moltflow.setSessions([{ id: SESSION, name: 'Sales phone', status: 'working' }]);
    world.slack.setChannel('C0SALES001', { name: 'sales' });
    app = await world.startApp({ BULK_PROGRESS_UPDATE_MS: '250' });
  });
  afterEach(async () => {
    expect(world.slack.rejections).toEqual([]);
    expect(world.slack.warnings).toEqual([]);
    expectNoPhones(world, await trail());
    await world.close();
  });

  const trail = () => readTrail(app);
  const expectAudited = (expected: Expected, user?: string) => expectAuditedIn(world, app, expected, user);

  it('broadcasts: started, paused, resumed, cancelled, each naming the job and its group', async () => {
    const bulk = new BulkDriver(world, app);
    const { job, message } = await bulk.start(bulk.group('VIP', 6));
    await expectAudited({
      action: 'broadcast.started',
      target: `${job.id} (VIP)`,
      detail: '6 recipients, session Sales phone',
    });
    await bulk.click(message, 'bulk_pause', job.id);
    await bulk.waitForShown(message, '(Paused)');
    await bulk.click(message, 'bulk_resume', job.id);
    await bulk.waitForShown(message, '(Sending)');
    await bulk.click(message, 'bulk_cancel', job.id);
    await bulk.waitForShown(message, '(Cancelled)');
    await app.service.broadcasts.whenDone(job.id);
    for (const action of ['broadcast.paused', 'broadcast.resumed', 'broadcast.cancelled']) {
      await expectAudited({ action, target: `${job.id} (VIP)` });
    }
  });

  it('schedules: created, then paused from the list', async () => {
    const groupId = customGroups(world.moltflow.state).add('VIP buyers', [{ phone: '+15550002222' }]).id;
    const driver = scheduleDriver(world, app, 'C0SCHED01');
    const shown = await driver.open();
    const date = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const input = {
      name: 'Spring <promo>',
      session: SESSION,
      group: groupId,
      tz: 'UTC',
      date,
      time: '09:30',
    };
    const preview = await driver.preview(shown, { ...input, message: 'Hi +15550002222' });
    await driver.submit(preview, { ...input, message: 'Hi +15550002222' });
    await world.slack.waitFor(() => world.slack.ephemerals[0]);
    const saved = scheduledMessages(world.moltflow.state).schedules[0];
    await expectAudited(
      {
        action: 'schedule.created',
        target: `${saved?.id} (Spring <promo>)`,
        detail: 'one_time, to VIP buyers (1 contact)',
      },
      'U0TESTER',
    );

    const responseUrl = world.slack.responseUrl('list');
    await postSlashCommand(app.eventsUrl, SIGNING_SECRET, {
      command: '/schedule',
      text: 'list',
      responseUrl,
    });
    const list = await responseAt(world, responseUrl);
    const pause = (list.blocks as { type: string; elements?: { action_id: string; value: string }[] }[])
      .flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []))
      .find((e) => e.action_id === 'schedule_move_pause');
    const paused = world.slack.responseUrl('pause');
    await click(
      app.eventsUrl,
      SIGNING_SECRET,
      blockActionPayload({
        actionId: 'schedule_move_pause',
        value: pause?.value ?? '',
        channelId: 'C0SCHED01',
        messageTs: '1700000000.000100',
        responseUrl: paused,
      }),
    );
    await responseAt(world, paused);
    await expectAudited({ action: 'schedule.paused', target: `${saved?.id} (Spring <promo>)` }, 'U0TESTER');
  });

  it('groups: created, renamed, members added and removed (counts only), deleted', async () => {
    const groups = new GroupsDriver(world, app);
    await groups.command('create');
    const form = await groups.modal();
    await groups.submit(form, { name: 'Lisbon', members: '+14155552671\n+442079460958' });
    await groups.settled(form);
    const lisbon = groups.group('Lisbon');
    await expectAudited({
      action: 'group.created',
      target: `${lisbon.id} (Lisbon)`,
      detail: '2 of 2 contacts',
    });

    await (await groups.command('add Lisbon +14155550001 +14155550002 +14155552671')).reply();
    await expectAudited({
      action: 'group.members_added',
      target: `${lisbon.id} (Lisbon)`,
      detail: '3 of 3 contacts sent, 2 new',
    });
    await (await groups.command('remove Lisbon +14155550001')).reply();
    await expectAudited({
      action: 'group.members_removed',
      detail: '1 contact asked, 1 removed, 0 not members',
    });

    await groups.command('rename Lisbon');
    const rename = await groups.modal(1, 1);
    await groups.submit(rename, { name: 'Porto' });
    await groups.settled(rename);
    await expectAudited({
      action: 'group.renamed',
      target: `${lisbon.id} (Porto)`,
      detail: 'Lisbon → Porto',
    });

    // MoltFlow refuses the first delete: a failed entry with its reason; the second goes through.
    const del = { blockId: `group_delete_prompt.${lisbon.id}` };
    world.moltflow.fail(
      { method: 'DELETE', path: '/custom-groups/:id' },
      { kind: 'status', status: 403, body: { detail: 'Your plan does not allow this' } },
    );
    await (await groups.click('group_delete', lisbon.id, del)).reply();
    await expectAudited({
      action: 'group.deleted',
      target: `${lisbon.id} (Porto)`,
      outcome: 'failed',
      detail: 'MoltFlow 403: Your plan does not allow this',
    });
    await (await groups.click('group_delete', lisbon.id, del)).reply();
    await expectAudited({ action: 'group.deleted', target: `${lisbon.id} (Porto)`, detail: '3 members' });
  });

  it('routes: added with the channel, removed from the list', async () => {
    world.moltflow.override('GET', '/groups', () => ({ status: 200, body: { items: [DEFAULT_GROUP] } }));
    const responseUrl = world.slack.responseUrl();
    await postSlashCommand(app.eventsUrl, SIGNING_SECRET, {
      command: '/moltflow',
      text: 'route Buyers Club <#C0SALES001|sales>',
      userId: 'U0ANA',
      responseUrl,
    });
    await responseAt(world, responseUrl);
    const target = `${DEFAULT_GROUP.id} (Buyers Club)`;
    await expectAudited({ action: 'route.added', target, detail: 'to C0SALES001' });

    const removed = world.slack.responseUrl();
    await click(
      app.eventsUrl,
      SIGNING_SECRET,
      blockActionPayload({
        actionId: 'route_remove',
        value: DEFAULT_GROUP.id,
        userId: 'U0ANA',
        channelId: 'C0ADMIN01',
        messageTs: '1700000000.000100',
        responseUrl: removed,
      }),
    );
    await responseAt(world, removed);
    await expectAudited({ action: 'route.removed', target, detail: 'was C0SALES001' });
  });
});

describe('the audit trail records lead moves and adds, done or refused', () => {
  let world: World;
  let app: TestApp;

  beforeEach(async () => {
    world = await createWorld();
    app = await world.startApp();
  });
  afterEach(async () => {
    expect(world.slack.rejections).toEqual([]);
    expect(world.slack.warnings).toEqual([]);
    expectNoPhones(world, await trail());
    await world.close();
  });

  const trail = () => readTrail(app);
  const expectAudited = (expected: Expected) => expectAuditedIn(world, app, expected);
  const moves = async () => (await trail()).filter((e) => e.action === 'lead.moved');
  const cardOf = (leadId = '') =>
    world.slack.messages(LEADS_CHANNEL).find((m) => m.metadata?.event_payload.lead_id === leadId)?.ts ?? '';
  const cardClick = (leadId: string, to: string, ts: string) =>
    click(
      app.eventsUrl,
      SIGNING_SECRET,
      blockActionPayload({
        actionId: `lead_status_${to}`,
        value: leadId,
        userId: 'U0ANA',
        channelId: LEADS_CHANNEL,
        messageTs: ts,
      }),
    );

  it('records a card click, a /leads row move and a /leads show move, and a refused one as failed', async () => {
    const [a, b] = world.moltflow.addLeads(2, (i) => ({
      contact_name: `Lead ${i}`,
      contact_phone: `+1555010020${i}`,
    }));
    await app.service.pollOnce();
    const ts = cardOf(a?.id);
    await cardClick(a?.id ?? '', 'contacted', ts);
    await world.slack.waitFor(() => (world.slack.findMessage(LEADS_CHANNEL, ts)?.edits ?? 0) >= 1);
    await expectAudited({ action: 'lead.moved', target: a?.id, detail: 'new → contacted' });

    const row = world.slack.responseUrl();
    await click(
      app.eventsUrl,
      SIGNING_SECRET,
      overflowChoice({ blockId: 'x', value: `move:lost:${b?.id}`, responseUrl: row }),
    );
    await responseAt(world, row);
    await expectAudited({ action: 'lead.moved', target: b?.id, detail: 'new → lost' });

    const detail = world.slack.responseUrl();
    await click(
      app.eventsUrl,
      SIGNING_SECRET,
      ephemeralButton({ actionId: 'lead_status_qualified', value: a?.id ?? '', responseUrl: detail }),
    );
    await responseAt(world, detail);
    await expectAudited({ action: 'lead.moved', target: a?.id, detail: 'contacted → qualified' });

    // b is lost: MoltFlow refuses "converted", and the trail says why.
    await cardClick(b?.id ?? '', 'converted', cardOf(b?.id));
    await world.slack.waitFor(() => world.slack.ephemerals[0]);
    expect((await moves())[0]?.detail).toMatch(/^→ converted: MoltFlow 400: Invalid status transition/);
    await expectAudited({
      action: 'lead.moved',
      target: b?.id,
      outcome: 'failed',
      detail: (await moves())[0]?.detail,
    });
    expect(await moves()).toHaveLength(4);
  });

  it('records add-to-group from a card, creating the group, with the group named and no phone', async () => {
    const lead = world.moltflow.addLead({ contact_name: 'Bea', contact_phone: '+15550100200' });
    await app.service.pollOnce();
    const ts = world.slack.messages(LEADS_CHANNEL)[0]?.ts ?? '';
    await click(
      app.eventsUrl,
      SIGNING_SECRET,
      blockActionPayload({
        actionId: 'lead_add_to_group',
        value: lead.id,
        userId: 'U0ANA',
        channelId: LEADS_CHANNEL,
        messageTs: ts,
      }),
    );
    const view = await world.slack.waitFor(() => world.slack.views.find((v) => v.updates > 0));
    await click(
      app.eventsUrl,
      SIGNING_SECRET,
      viewSubmissionPayload({
        callbackId: 'lead_add_to_group_modal',
        viewId: view.id,
        userId: 'U0ANA',
        privateMetadata: String(view.view.private_metadata),
        values: {
          atg_group: { atg_group_pick: { type: 'static_select', selected_option: null } },
          atg_new: { atg_new_name: { type: 'plain_text_input', value: 'Hot <leads>' } },
        },
      }),
    );
    await world.slack.waitFor(() => world.slack.ephemerals[0]);
    const group = customGroups(world.moltflow.state).groups.find((g) => g.name === 'Hot <leads>');
    expect((await trail()).map((e) => e.action)).toEqual(['lead.added_to_group', 'group.created']);
    await expectAudited({
      action: 'group.created',
      target: `${group?.id} (Hot <leads>)`,
      detail: 'for leads',
    });
    await expectAudited({
      action: 'lead.added_to_group',
      target: lead.id,
      detail: `to group ${group?.id} (Hot <leads>): 1 added, 0 already there`,
    });
  });

  describe('/leads bulk', () => {
    const user = { id: 'U0ANA', username: 'ana', name: 'ana', team_id: TEST_TEAM_ID };
    const openModal = async () => {
      await postSlashCommand(app.eventsUrl, SIGNING_SECRET, {
        command: '/leads',
        text: 'bulk',
        userId: 'U0ANA',
        channelId: 'C0WORK0001',
        responseUrl: world.slack.responseUrl(),
      });
      return world.slack.waitFor(() => world.slack.views.find((v) => v.updates > 0));
    };
    const optionValues = async (v: FakeView) => {
      const res = await postInteraction(app.eventsUrl, SIGNING_SECRET, {
        type: 'block_suggestion',
        user,
        team: { id: TEST_TEAM_ID, domain: 'moltflow-test' },
        api_app_id: TEST_APP_ID,
        container: { type: 'view', view_id: v.id },
        action_id: 'leads_bulk_leads_pick',
        block_id: 'leads_bulk_leads',
        value: '',
        view: {
          id: v.id,
          type: 'modal',
          callback_id: 'leads_bulk',
          private_metadata: v.view.private_metadata,
          state: { values: {} },
          hash: v.hash,
        },
      });
      return (res.json as { options: { value: string }[] }).options.map((o) => o.value);
    };
    const apply = (v: FakeView, picked: string[], action: string) =>
      click(
        app.eventsUrl,
        SIGNING_SECRET,
        viewSubmissionPayload({
          callbackId: 'leads_bulk',
          viewId: v.id,
          userId: 'U0ANA',
          privateMetadata: String(v.view.private_metadata),
          values: {
            leads_bulk_leads: {
              leads_bulk_leads_pick: {
                type: 'multi_external_select',
                selected_options: picked.map((value) => ({
                  text: { type: 'plain_text', text: value },
                  value,
                })),
              },
            },
            leads_bulk_action: {
              leads_bulk_action_pick: {
                type: 'static_select',
                selected_option: { text: { type: 'plain_text', text: action }, value: action },
              },
            },
          },
        }),
      );

    it('records one entry per move, naming the leads and counting what moved', async () => {
      const leads = world.moltflow.addLeads(3);
      const view = await openModal();
      await apply(view, await optionValues(view), 'status:contacted');
      await world.slack.waitFor(() => world.slack.ephemerals[0]);
      const ids = leads.map((l) => l.id).reverse(); // the picker lists the newest first
      expect(await moves()).toHaveLength(1);
      await expectAudited({
        action: 'lead.moved',
        target: `3 leads: ${ids.join(', ')}`,
        detail: 'new → contacted (bulk): 3 moved, 0 failed',
      });
    });

    it('records adding the picked leads to a group', async () => {
      const leads = world.moltflow.addLeads(2);
      const vip = customGroups(world.moltflow.state).add('VIP');
      const view = await openModal();
      await apply(view, await optionValues(view), `group:${vip.id}`);
      await world.slack.waitFor(() => world.slack.ephemerals[0]);
      const ids = leads.map((l) => l.id).reverse();
      expect(await trail()).toHaveLength(1);
      await expectAudited({
        action: 'lead.added_to_group',
        target: `2 leads: ${ids.join(', ')}`,
        detail: `to group ${vip.id} (VIP): 2 added, 0 already there`,
      });
    });
  });
});
