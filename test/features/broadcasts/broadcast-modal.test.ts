import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, SIGNING_SECRET, type TestApp, type World } from '../../helpers/harness.js';
import { customGroups } from '../../helpers/moltflow-api/custom-groups.js';
import { postInteraction, postSlashCommand } from '../../helpers/signed-request.js';
import { BulkDriver, ORIGIN, USER } from './broadcast-driver.js';

type ErrorsReply = { response_action: string; errors: Record<string, string> };
type UpdateReply = {
  response_action: string;
  view: { callback_id: string; blocks: unknown[]; submit?: { text: string } };
};

describe('/bulksend: the form and the confirmation step', () => {
  let world: World;
  let app: TestApp;
  let bulk: BulkDriver;

  beforeEach(async () => {
    world = await createWorld();
    world.moltflow.setSessions([
      { id: 'sess-main-0001', name: 'Sales phone', status: 'working' },
      { id: 'sess-old-0002', name: 'Old phone', status: 'stopped' },
    ]);
    app = await world.startApp({ BULK_PROGRESS_UPDATE_MS: '250' });
    bulk = new BulkDriver(world, app);
  });
  afterEach(async () => {
    await world.close();
    expect(world.slack.rejections).toEqual([]);
    expect(world.slack.warnings).toEqual([]);
  });

  it('opens a Loading… modal at once, then offers working sessions and groups with member counts', async () => {
    const vip = bulk.group('VIP <buyers>', 127);
    bulk.group('Empty', 0);
    const view = await bulk.openForm();

    expect(world.slack.callsTo('views.open')[0]?.args.view).toMatchObject({
      callback_id: 'bulk_send_loading',
    });
    expect(view.view.callback_id).toBe('bulk_send_compose');
    expect(BulkDriver.options(view, 'bulk_session')).toEqual([
      { text: 'Sales phone', value: 'sess-main-0001' },
    ]);
    expect(BulkDriver.options(view, 'bulk_group')).toEqual([
      { text: 'VIP <buyers> (127 members)', value: vip.id },
      { text: expect.stringMatching(/^Empty \(0 members\)$/), value: expect.any(String) },
    ]);
    // The only working session is already picked.
    expect(JSON.stringify(view.view)).toContain('"initial_option"');
    expect(world.moltflow.requestsTo('POST', '/bulk-send')).toHaveLength(0);
  });

  it('explains when no session is working, and when there is no contact group yet', async () => {
    world.moltflow.setSessions([{ name: 'Old phone', status: 'stopped' }]);
    bulk.group('VIP', 3);
    const noSession = await bulk.openForm();
    expect(JSON.stringify(noSession.view)).toMatch(/None of your WhatsApp sessions is connected/);
    expect(noSession.view.submit).toBeUndefined();

    world.moltflow.setSessions([{ name: 'Sales phone', status: 'working' }]);
    customGroups(world.moltflow.state).groups.length = 0;
    const noGroup = await bulk.openForm();
    expect(JSON.stringify(noGroup.view)).toMatch(/no contact groups yet.*\/groups create/);
  });

  it('says so privately when Slack refuses to open the form (the trigger expired)', async () => {
    world.slack.failNext('views.open', { error: 'expired_trigger_id' });
    await bulk.command('');
    const reply = await world.slack.waitFor(() => world.slack.responses[0]);
    expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
    expect(String(reply.body.text)).toMatch(/didn't let me open the form in time/);
    expect(world.moltflow.requests).toHaveLength(0);
  });

  it('says in the modal why MoltFlow could not be read', async () => {
    world.moltflow.fail({ method: 'GET', path: '/custom-groups' }, { kind: 'status', status: 401, times: 5 });
    const view = await bulk.openForm();
    expect(JSON.stringify(view.view)).toMatch(/rejected the app's API key/);
  });

  it('refuses politely, in a private reply, someone without the outreach role', async () => {
    await app.stop();
    world.slack.setDefaultUser({}); // plain members: only the lists grant outreach
    app = await world.startApp({ ACCESS_OUTREACH: 'U0BOSS,S0SALES' });
    world.slack.setUserGroup('S0SALES', ['U0BEA']);
    bulk = new BulkDriver(world, app);
    bulk.group('VIP', 3);

    const res = await postSlashCommand(app.eventsUrl, SIGNING_SECRET, {
      command: '/bulksend',
      userId: 'U0EVE',
    });
    expect(res.json).toMatchObject({ response_type: 'ephemeral' });
    expect(String((res.json as { text: string }).text)).toBe(
      'You need the outreach role to send broadcasts; ask one of <@U0BOSS>, <!subteam^S0SALES>.',
    );
    expect(world.slack.callsTo('views.open')).toHaveLength(0);
    expect(world.moltflow.requests).toHaveLength(0);

    const allowed = await bulk.openForm({ userId: 'U0BEA' }); // a member of the listed user group
    expect(allowed.view.callback_id).toBe('bulk_send_compose');
  });

  describe('field errors', () => {
    const cases: [
      string,
      (ids: { session: string; group: string; empty: string }) => Parameters<typeof BulkDriver.values>[0],
      string,
      RegExp,
    ][] = [
      [
        'no session',
        (ids) => ({ groupId: ids.group, message: 'Hi' }),
        'bulk_session',
        /Pick a working WhatsApp session/,
      ],
      [
        'no group',
        (ids) => ({ sessionId: ids.session, message: 'Hi' }),
        'bulk_group',
        /Pick a contact group/,
      ],
      [
        'an empty group',
        (ids) => ({ sessionId: ids.session, groupId: ids.empty, message: 'Hi' }),
        'bulk_group',
        /Empty has no members yet/,
      ],
      [
        'neither message nor media',
        (ids) => ({ sessionId: ids.session, groupId: ids.group }),
        'bulk_message',
        /Type a message, or give a media URL/,
      ],
      [
        'both message and media',
        (ids) => ({
          sessionId: ids.session,
          groupId: ids.group,
          message: 'Hi',
          mediaUrl: 'https://x.example/a.png',
        }),
        'bulk_media',
        /either a message or a media URL, not both/,
      ],
      [
        'a message over 4,096 characters',
        (ids) => ({ sessionId: ids.session, groupId: ids.group, message: 'x'.repeat(4097) }),
        'bulk_message',
        /4,097 characters; MoltFlow takes at most 4,096/,
      ],
      [
        'a media URL that is not http(s)',
        (ids) => ({ sessionId: ids.session, groupId: ids.group, mediaUrl: 'ftp://files.example/a.png' }),
        'bulk_media',
        /starts with http:\/\/ or https:\/\//,
      ],
      [
        'a session the form did not offer',
        (ids) => ({ sessionId: 'sess-old-0002', groupId: ids.group, message: 'Hi' }),
        'bulk_session',
        /Pick a working WhatsApp session/,
      ],
    ];

    it.each(cases)('puts %s on its field', async (_name, make, block, words) => {
      const group = bulk.group('VIP', 5);
      const empty = bulk.group('Empty', 0);
      const view = await bulk.openForm();
      const res = await bulk.submitCompose(
        view.id,
        BulkDriver.values(make({ session: 'sess-main-0001', group: group.id, empty: empty.id })),
      );
      const body = res.json as ErrorsReply;
      expect(body.response_action).toBe('errors');
      expect(Object.keys(body.errors)).toEqual([block]);
      expect(body.errors[block]).toMatch(words);
      expect(world.moltflow.requestsTo('POST', '/bulk-send')).toHaveLength(0);
    });
  });

  it('shows a confirmation with the recipient count and the expected duration, and sends nothing yet', async () => {
    const group = bulk.group('VIP & friends', 127);
    const view = await bulk.openForm();
    const res = await bulk.submitCompose(
      view.id,
      BulkDriver.values({
        sessionId: 'sess-main-0001',
        groupId: group.id,
        message: 'Big <!channel> sale *today*',
      }),
    );
    const body = res.json as UpdateReply;
    expect(body.response_action).toBe('update');
    expect(body.view.callback_id).toBe('bulk_send_confirm');
    expect(body.view.submit?.text).toBe('Send now');
    const shown = JSON.stringify(body.view.blocks);
    expect(shown).toContain('Send to *127 recipients* in *VIP &amp; friends* from *Sales phone*?');
    expect(shown).toContain('Expected duration about 1 h 3 min – 4 h 14 min');
    expect(shown).toContain('Big &lt;!channel&gt; sale *today*');
    expect(shown).toContain(`<#${ORIGIN}>`);
    expect(world.moltflow.requestsTo('POST', '/bulk-send')).toHaveLength(0);
  });

  it('reviews a media broadcast too', async () => {
    const group = bulk.group('VIP', 1);
    const view = await bulk.openForm();
    const res = await bulk.submitCompose(
      view.id,
      BulkDriver.values({
        sessionId: 'sess-main-0001',
        groupId: group.id,
        mediaUrl: 'https://cdn.example/p.jpg',
      }),
    );
    const shown = JSON.stringify((res.json as UpdateReply).view.blocks);
    expect(shown).toContain('*1 recipient*');
    expect(shown).toContain('about 30 s – 2 min');
    expect(shown).toContain('https://cdn.example/p.jpg');
  });

  it('says the form expired when its stored draft is gone (closed, then submitted from a stale client)', async () => {
    const group = bulk.group('VIP', 2);
    const view = await bulk.openForm();
    await postClosed(view.id);
    const res = await bulk.submitCompose(
      view.id,
      BulkDriver.values({ sessionId: 'sess-main-0001', groupId: group.id, message: 'Hi' }),
    );
    expect(JSON.stringify(res.json)).toMatch(/This form has expired/);
  });

  async function postClosed(viewId: string) {
    const res = await postInteraction(app.eventsUrl, SIGNING_SECRET, {
      type: 'view_closed',
      team: { id: 'T0001', domain: 'moltflow-test' },
      user: { id: USER, name: 'test.user' },
      api_app_id: 'A0MOLTFLOW',
      token: 'legacy-verification-token',
      is_cleared: false,
      view: {
        id: viewId,
        callback_id: 'bulk_send_compose',
        type: 'modal',
        private_metadata: '',
        state: { values: {} },
      },
    });
    expect(res.status).toBe(200);
  }
});
