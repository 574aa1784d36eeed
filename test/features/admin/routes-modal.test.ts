// The Routes modal through the running app: the Home's Routes button (admins only) opens it at once from the
// store, its group picker loads the monitored groups from MoltFlow, and Save adds, replaces or removes routes
// (audited, Homes redrawn) so the next poll posts that group's leads in the chosen channel.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROUTES_ACTIONS } from '../../../src/features/admin/index.js';
import { cardLeadIds, LEADS_CHANNEL, SIGNING_SECRET } from '../../helpers/harness.js';
import { DEFAULT_GROUP } from '../../helpers/moltflow-api/state.js';
import { blockActionPayload, postAppHomeOpened, postInteraction } from '../../helpers/signed-request.js';
import { eventually } from '../../helpers/wait.js';
import {
  ADMIN,
  MEMBER,
  type SettingsDriver,
  shown,
  startSettingsWorld,
} from '../settings/settings-driver.js';

const SALES = 'C0SALES001';
const OTHER = { id: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d', name: 'Other <Group>' };
const CALLBACK = 'routes_manage';

type Option = { value: string; text: { text: string } };
const group = (o: Option) => ({
  route_group: { route_group_pick: { type: 'external_select', selected_option: o } },
});
const channel = (id: string | null) => ({
  route_channel: { value: { type: 'conversations_select', selected_conversation: id } },
});
const ticked = (...ids: string[]) => ({
  routes_remove_0: {
    value: { type: 'checkboxes', selected_options: ids.map((value) => ({ value, text: { text: value } })) },
  },
});

describe('the Routes modal', () => {
  let d: SettingsDriver;
  beforeEach(async () => {
    d = await startSettingsWorld({ app: { home: { perUserMs: 50, gapMs: 0 } } });
    d.world.moltflow.override('GET', '/groups', () => ({
      status: 200,
      body: { items: [DEFAULT_GROUP, OTHER] },
    }));
    d.world.slack.setChannel(SALES, { name: 'sales' });
    await d.app.service.pollOnce(); // the first start (backfill) is behind us
  });
  afterEach(async () => {
    expect(d.world.slack.rejections).toEqual([]);
    await d.close();
  });

  const store = () => d.app.service.ctx.store;
  const trail = () => store().audit.list({ offset: 0, limit: 50 });
  /** What Slack sends when the admin opens the group picker and types `value`. */
  const suggest = async (value: string, user = ADMIN) => {
    const res = await postInteraction(d.app.eventsUrl, SIGNING_SECRET, {
      type: 'block_suggestion',
      user: { id: user, username: 'u', name: 'u', team_id: 'T0001' },
      container: { type: 'view', view_id: 'V0ROUTES' },
      api_app_id: 'A0MOLTFLOW',
      token: 'legacy-verification-token',
      action_id: 'route_group_pick',
      block_id: 'route_group',
      value,
      team: { id: 'T0001', domain: 'moltflow-test' },
    });
    expect(res.status).toBe(200);
    return ((res.json as { options?: Option[] }).options ?? []) as Option[];
  };
  const addRoute = async (viewId: string, option: Option, to: string) => {
    const ack = await d.submit(CALLBACK, viewId, { ...group(option), ...channel(to) });
    expect(ack).toMatchObject({ response_action: 'update' });
    return shown(ack);
  };

  it('is a button in the admin section of the Home, for admins only', async () => {
    const homeOf = async (user: string) => {
      await postAppHomeOpened(d.app.eventsUrl, SIGNING_SECRET, user);
      return shown(await d.world.slack.waitFor(() => d.world.slack.home(user)));
    };
    expect(await homeOf(ADMIN)).toContain(`"action_id":"${ROUTES_ACTIONS.open}"`);
    expect(await homeOf(MEMBER)).not.toContain(ROUTES_ACTIONS.open);
  });

  it('adds a route picked from the monitored groups, and the next lead of that group goes there', async () => {
    const { viewId, view } = await d.open(ROUTES_ACTIONS.open);
    expect(view.callback_id).toBe(CALLBACK);
    expect(shown(view)).toContain(`No routes: every new lead goes to <#${LEADS_CHANNEL}>`);

    const options = await suggest('');
    expect(options.map((o) => o.text.text)).toEqual(['Buyers Club', 'Other <Group>']);
    expect(await suggest('other')).toEqual([
      { text: expect.objectContaining({ text: OTHER.name }), value: OTHER.id },
    ]);

    const buyers = options[0] as Option;
    expect(await addRoute(viewId, buyers, SALES)).toContain(
      `New leads from *Buyers Club* now go to <#${SALES}>`,
    );
    expect(await store().routes.get(DEFAULT_GROUP.id)).toMatchObject({
      channel: SALES,
      setBy: ADMIN,
      sourceGroupName: 'Buyers Club',
    });
    expect((await trail()).find((e) => e.action === 'route.added')).toMatchObject({
      actor: ADMIN,
      target: `${DEFAULT_GROUP.id} (Buyers Club)`,
      detail: `to ${SALES}`,
    });

    const routed = d.world.moltflow.addLead();
    const other = d.world.moltflow.addLead({ source_group: OTHER });
    await d.app.service.pollOnce();
    expect(cardLeadIds(d.world.slack, SALES)).toEqual([routed.id]);
    expect(cardLeadIds(d.world.slack, LEADS_CHANNEL)).toEqual([other.id]);

    // Opened again, it lists the route with a box to remove it, flagged once posting there fails.
    await store().routes.markFailing(DEFAULT_GROUP.id, 'is_archived', new Date('2026-03-01T10:00:00Z'));
    const again = shown((await d.open(ROUTES_ACTIONS.open)).view);
    expect(again).toContain(`:warning: *Buyers Club* → <#${SALES}>`);
    expect(again).toContain('Not working since 2026-03-01');
  });

  it('redraws an open Home with the new route count', async () => {
    await postAppHomeOpened(d.app.eventsUrl, SIGNING_SECRET, ADMIN);
    const settingsText = () => shown(d.world.slack.home(ADMIN)) ?? '';
    await d.world.slack.waitFor(() => settingsText().includes('*Routes*: 0 routes') || undefined);
    const { viewId } = await d.open(ROUTES_ACTIONS.open);
    await addRoute(viewId, { value: OTHER.id, text: { text: OTHER.name } }, SALES);
    await d.world.slack.waitFor(() => settingsText().includes('*Routes*: 1 route ') || undefined, {
      description: 'the Home to show 1 route',
    });
  });

  it('removes the ticked routes and replaces a route given again', async () => {
    const first = await d.open(ROUTES_ACTIONS.open);
    await addRoute(first.viewId, { value: DEFAULT_GROUP.id, text: { text: 'Buyers Club' } }, SALES);
    await addRoute(first.viewId, { value: OTHER.id, text: { text: OTHER.name } }, SALES);
    const replaced = await addRoute(
      first.viewId,
      { value: OTHER.id, text: { text: OTHER.name } },
      'C0SALES002',
    );
    expect(replaced).toContain('now go to <#C0SALES002>');
    expect((await store().routes.get(OTHER.id))?.channel).toBe('C0SALES002');

    const { viewId } = await d.open(ROUTES_ACTIONS.open);
    const ack = await d.submit(CALLBACK, viewId, ticked(DEFAULT_GROUP.id));
    expect(shown(ack)).toContain('Removed the route for *Buyers Club*');
    expect((await store().routes.list()).map((r) => r.sourceGroupId)).toEqual([OTHER.id]);
    expect((await trail()).find((e) => e.action === 'route.removed')).toMatchObject({
      actor: ADMIN,
      detail: `was ${SALES}`,
    });

    const lead = d.world.moltflow.addLead();
    await d.app.service.pollOnce();
    expect(cardLeadIds(d.world.slack, LEADS_CHANNEL)).toEqual([lead.id]);
  });

  it('puts bad input back on the fields, changing nothing', async () => {
    const { viewId } = await d.open(ROUTES_ACTIONS.open);
    const buyers = { value: DEFAULT_GROUP.id, text: { text: 'Buyers Club' } };
    expect(await d.submit(CALLBACK, viewId, { ...group(buyers), ...channel(null) })).toEqual({
      response_action: 'errors',
      errors: { route_channel: 'Pick the channel this group’s leads go to.' },
    });
    expect(await d.submit(CALLBACK, viewId, channel(SALES))).toEqual({
      response_action: 'errors',
      errors: { route_group: 'Pick the group whose leads go to this channel.' },
    });
    d.world.slack.setChannel(SALES, { member: false });
    expect(await d.submit(CALLBACK, viewId, { ...group(buyers), ...channel(SALES) })).toMatchObject({
      response_action: 'errors',
      errors: { route_channel: expect.stringMatching(/invite me there/) },
    });
    d.world.slack.setChannel('C0OLD', { archived: true });
    expect(await d.submit(CALLBACK, viewId, { ...group(buyers), ...channel('C0OLD') })).toMatchObject({
      errors: { route_channel: 'That channel is archived. Pick another one.' },
    });
    expect(await store().routes.list()).toEqual([]);
    expect(d.world.slack.callsTo('conversations.join')).toHaveLength(0);
  });

  it('refuses a non-admin: no modal, no options, no route, a denial in the trail', async () => {
    const views = d.world.slack.views.length;
    const click = blockActionPayload({
      actionId: ROUTES_ACTIONS.open,
      userId: MEMBER,
      channelId: 'C0HOME01',
      messageTs: '1.1',
    });
    expect((await postInteraction(d.app.eventsUrl, SIGNING_SECRET, click)).status).toBe(200);
    const groupsAsked = d.world.moltflow.requests.filter((r) => r.path === '/groups').length;
    expect(await suggest('', MEMBER)).toEqual([]);
    const buyers = { value: DEFAULT_GROUP.id, text: { text: 'Buyers Club' } };
    const ack = await d.submit(CALLBACK, 'V0FORGED', { ...group(buyers), ...channel(SALES) }, MEMBER);
    expect(shown(ack)).not.toContain('now go to');
    const denials = await eventually(async () => {
      const found = (await trail()).filter((e) => e.outcome === 'denied' && e.actor === MEMBER);
      return found.length >= 3 ? found : undefined;
    });
    expect(denials.map((e) => e.target).sort()).toEqual(
      [CALLBACK, 'route_group_pick', ROUTES_ACTIONS.open].sort(),
    );
    expect(d.world.slack.views.length).toBe(views);
    expect(d.world.moltflow.requests.filter((r) => r.path === '/groups').length).toBe(groupsAsked);
    expect(await store().routes.list()).toEqual([]);
  });
});
