// The App Home's admin section in OAuth mode ("Add to Slack"): a freshly installed workspace has no MoltFlow
// key, so its admin's Home says so and offers Connect MoltFlow; connecting from that button redraws that
// workspace's Home with the key's last four and its plan, and leaves another workspace's Home as it was.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SETTINGS_ACTIONS } from '../../../src/features/settings/index.js';
import { createWorld, SIGNING_SECRET, type TestApp, type World } from '../../helpers/harness.js';
import { A, B, CLIENT_ID, CLIENT_SECRET, install, OAUTH_ENV } from '../../helpers/oauth.js';
import {
  blockActionPayload,
  fakeTriggerId,
  postEvent,
  postInteraction,
  viewSubmissionPayload,
} from '../../helpers/signed-request.js';
import { eventually } from '../../helpers/wait.js';
import { keyValues } from '../settings/settings-driver.js';

const KEY_A = 'mf_tenant_a_live_key_Qa7Z';

type Block = {
  block_id?: string;
  text?: { text: string };
  elements?: { action_id?: string; text?: { text: string }; style?: string }[];
};

/** The signed-request helpers speak for the default test team; these payloads come from `teamId`. */
function fromTeam(payload: object, teamId: string): object {
  const p = structuredClone(payload) as Record<string, Record<string, unknown> | undefined>;
  p.team = { id: teamId, domain: teamId.toLowerCase() };
  if (p.user) p.user.team_id = teamId;
  if (p.view) {
    p.view.team_id = teamId;
    p.view.app_installed_team_id = teamId;
  }
  return p;
}

describe('App Home admin section, OAuth mode', () => {
  let world: World;
  let app: TestApp;

  beforeEach(async () => {
    world = await createWorld();
    world.slack.oauth.client = { id: CLIENT_ID, secret: CLIENT_SECRET };
    for (const ws of [A, B]) world.slack.addWorkspace(ws);
    app = await world.startApp(OAUTH_ENV, { home: { perUserMs: 50, gapMs: 0, sectionLimitMs: 1_500 } });
    for (const ws of [A, B]) expect((await install(app, ws.code)).status).toBe(200);
    world.moltflow.addTenant({ apiKey: KEY_A, plan: 'pro' });
  });
  afterEach(async () => {
    expect(world.slack.rejections).toEqual([]);
    expect(JSON.stringify(world.slack.calls.map((c) => c.args))).not.toContain(KEY_A);
    expect(app.logs.filter((line) => line.includes(KEY_A))).toEqual([]);
    await world.close();
  });

  const publishes = (user: string) =>
    world.slack.callsTo('views.publish').filter((c) => c.args.user_id === user).length;
  const homeOf = (user: string) => (world.slack.home(user) as { blocks: Block[] } | undefined)?.blocks ?? [];
  const settingsText = (user: string) =>
    homeOf(user).find((b) => b.block_id === 'home_admin_settings')?.text?.text ?? '';
  const connectButton = (user: string) =>
    homeOf(user)
      .find((b) => b.block_id === 'home_admin_actions')
      ?.elements?.find((e) => e.action_id === SETTINGS_ACTIONS.openConnect);
  const openHome = async (teamId: string, user: string) => {
    const n = publishes(user) + 1;
    const res = await postEvent(app.eventsUrl, SIGNING_SECRET, {
      teamId,
      event: { type: 'app_home_opened', user, channel: 'D0HOME01', tab: 'home' },
    });
    expect(res.status).toBe(200);
    await world.slack.waitFor(() => publishes(user) >= n);
  };

  it('tells a new workspace’s admin to connect MoltFlow, and shows the key’s last four once connected', async () => {
    // Whoever installed each workspace (the fake Slack's people are workspace admins unless told otherwise).
    const adminA = A.installerUserId ?? '';
    const adminB = B.installerUserId ?? '';
    await openHome(A.teamId, adminA);
    await openHome(B.teamId, adminB);
    for (const admin of [adminA, adminB]) {
      expect(settingsText(admin)).toContain('*MoltFlow*: *not connected*');
      expect(connectButton(admin)).toMatchObject({ text: { text: 'Connect MoltFlow' }, style: 'primary' });
    }
    // Published with each workspace's own token.
    expect(world.slack.callsWithToken(A.botToken, 'views.publish').length).toBeGreaterThan(0);
    expect(world.slack.callsWithToken(B.botToken, 'views.publish').length).toBeGreaterThan(0);

    // A's admin presses the Home's button: the Connect modal opens in A, with A's token.
    const triggerId = fakeTriggerId();
    const click = blockActionPayload({
      actionId: connectButton(adminA)?.action_id ?? '',
      blockId: 'home_admin_actions',
      userId: adminA,
      channelId: 'D0HOME01',
      messageTs: '1.1',
      triggerId,
    });
    expect((await postInteraction(app.eventsUrl, SIGNING_SECRET, fromTeam(click, A.teamId))).status).toBe(
      200,
    );
    const opened = await world.slack.waitFor(() => world.slack.views[0]);
    expect(opened.view.callback_id).toBe('settings_connect');
    expect(world.slack.callsWithToken(A.botToken, 'views.open').map((c) => c.args.trigger_id)).toEqual([
      triggerId,
    ]);

    const bBefore = publishes(adminB);
    const submit = viewSubmissionPayload({
      callbackId: 'settings_connect',
      values: keyValues(KEY_A),
      userId: adminA,
      viewId: opened.id,
    });
    expect((await postInteraction(app.eventsUrl, SIGNING_SECRET, fromTeam(submit, A.teamId))).status).toBe(
      200,
    );
    await world.slack.waitFor(() => settingsText(adminA).includes('…Qa7Z') || undefined, {
      description: "A's Home redrawn with the connected key",
    });
    expect(settingsText(adminA)).toContain('connected with key `…Qa7Z` · *Pro* plan, 40 requests a minute');
    expect(connectButton(adminA)?.text?.text).toBe('Change key');

    // B connected nothing: its Home was not redrawn and still asks for a key.
    expect(publishes(adminB)).toBe(bBefore);
    expect(settingsText(adminB)).toContain('*not connected*');

    // A now runs with that key (rebuilt at once on this replica), and the rebuilt workspace's Home still
    // watches A's admin: a change there (a poll pass) redraws it.
    const rebuilt = await eventually(async () => {
      const ws = await app.service.workspaces.get(A.teamId);
      return ws?.ctx.config.moltflow.rateLimitPerMin === 40 ? ws : undefined;
    });
    const seen = publishes(adminA);
    await rebuilt.pollNow();
    await world.slack.waitFor(() => publishes(adminA) > seen || undefined, {
      description: "the rebuilt workspace redraws its admin's Home",
    });
  });
});
