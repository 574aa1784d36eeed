// One deployment, two installed workspaces, two MoltFlow accounts (issue 12's "strict isolation"): each
// workspace connects its own key and picks its own channel from Slack; each tenant's leads reach only their
// own workspace's channel, posted with that workspace's token; a click in A reaches only A's MoltFlow account;
// uninstalling A stops everything of A and leaves B as it was.
import { createHmac } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretBox } from '../../src/store/secret-box.js';
import { WorkspaceSettings } from '../../src/store/workspace-settings.js';
import { createWorld, SIGNING_SECRET, type TestApp, type World } from '../helpers/harness.js';
import type { Tenant } from '../helpers/moltflow-api/tenants.js';
import { A, B, CLIENT_ID, CLIENT_SECRET, ENCRYPTION_KEY, install, OAUTH_ENV } from '../helpers/oauth.js';
import {
  blockActionPayload,
  fakeTriggerId,
  postEvent,
  postInteraction,
  viewSubmissionPayload,
} from '../helpers/signed-request.js';
import { eventually } from '../helpers/wait.js';

const KEY_A = 'mf_tenant_a_live_key_AAAA';
const KEY_B = 'mf_tenant_b_live_key_BBBB';
const CHANNEL_A = 'C0LEADSAAAA';
const CHANNEL_B = 'C0LEADSBBBB';

describe('two workspaces on one deployment, each with its own MoltFlow account', () => {
  let world: World;
  let app: TestApp;
  let tenantA: Tenant;
  let tenantB: Tenant;

  beforeEach(async () => {
    world = await createWorld();
    world.slack.oauth.client = { id: CLIENT_ID, secret: CLIENT_SECRET };
    for (const ws of [A, B]) world.slack.addWorkspace(ws);
    tenantA = world.moltflow.addTenant({ apiKey: KEY_A, plan: 'pro' });
    tenantB = world.moltflow.addTenant({ apiKey: KEY_B, plan: 'starter' });
    app = await world.startApp(OAUTH_ENV, { schedulePoller: false });
  });
  afterEach(async () => {
    await world.close();
    for (const secret of [KEY_A, KEY_B, A.botToken, B.botToken]) {
      expect(app.logs.some((line) => line.includes(secret))).toBe(false);
    }
  });

  /** An admin of `team` clicks a button that opens a modal; returns the modal's id. */
  const openModal = async (team: string, user: string, actionId: string) => {
    const before = world.slack.views.length;
    const payload = blockActionPayload({
      actionId,
      teamId: team,
      userId: user,
      channelId: 'D0HOME',
      messageTs: '1.1',
      triggerId: fakeTriggerId(),
    });
    expect((await postInteraction(app.eventsUrl, SIGNING_SECRET, payload)).status).toBe(200);
    return (await world.slack.waitFor(() => world.slack.views[before])).id;
  };
  const submit = (team: string, user: string, callbackId: string, viewId: string, values: object) =>
    postInteraction(
      app.eventsUrl,
      SIGNING_SECRET,
      viewSubmissionPayload({ callbackId, viewId, teamId: team, userId: user, values: values as never }),
    );

  /** Connect MoltFlow and pick the leads channel, as that workspace's admin does from the Home tab. */
  const setUp = async (ws: typeof A, key: string, channel: string) => {
    const connect = await openModal(ws.teamId, ws.installerUserId ?? '', 'settings_open_connect');
    await submit(ws.teamId, ws.installerUserId ?? '', 'settings_connect', connect, {
      moltflow_key: { key: { type: 'plain_text_input', value: key } },
    });
    await world.slack.waitFor(() => {
      const v = world.slack.views.find((x) => x.id === connect);
      return v && v.updates >= 1 ? v : undefined;
    });
    const settings = await openModal(ws.teamId, ws.installerUserId ?? '', 'settings_open_workspace');
    const res = await submit(ws.teamId, ws.installerUserId ?? '', 'settings_workspace', settings, {
      leads_channel: { value: { type: 'conversations_select', selected_conversation: channel } },
      access_users_admin: { value: { type: 'multi_users_select', selected_users: [] } },
      access_groups_admin: { value: { type: 'plain_text_input', value: null } },
      access_users_outreach: { value: { type: 'multi_users_select', selected_users: [] } },
      access_groups_outreach: { value: { type: 'plain_text_input', value: null } },
      access_users_sales: { value: { type: 'multi_users_select', selected_users: [] } },
      access_groups_sales: { value: { type: 'plain_text_input', value: null } },
      backfill_hours: { value: { type: 'number_input', value: '24' } },
      poll_interval: { value: { type: 'number_input', value: '30' } },
    });
    expect(res.status).toBe(200);
  };

  /** The running workspace once the fleet has rebuilt it with its key and channel. */
  const running = async (team: string) => {
    let found: Awaited<ReturnType<TestApp['service']['workspaces']['get']>>;
    await eventually(async () => {
      await app.service.workspaces.sync();
      found = await app.service.workspaces.get(team);
      return found?.ctx.config.leads.channel !== undefined;
    });
    // biome-ignore lint/style/noNonNullAssertion: set by the wait above
    return found!;
  };

  it('keeps leads, clicks and uninstalls of one workspace away from the other', async () => {
    for (const ws of [A, B]) expect((await install(app, ws.code)).status).toBe(200);
    await setUp(A, KEY_A, CHANNEL_A);
    await setUp(B, KEY_B, CHANNEL_B);
    const [wsA, wsB] = [await running(A.teamId), await running(B.teamId)];

    const leadA = tenantA.state.addLead({ contact_name: 'Ann of Acme' });
    const leadB = tenantB.state.addLead({ contact_name: 'Bob of Beta' });
    const mfBefore = world.moltflow.requests.length;
    await wsA.pollOnce();
    await wsB.pollOnce();

    // Each tenant's lead is a card in its own workspace's channel, posted with that workspace's token.
    const posts = world.slack.callsTo('chat.postMessage');
    const cardsIn = (channel: string) => posts.filter((c) => c.args.channel === channel);
    expect(cardsIn(CHANNEL_A).map((c) => c.token)).toEqual([A.botToken]);
    expect(cardsIn(CHANNEL_B).map((c) => c.token)).toEqual([B.botToken]);
    expect(JSON.stringify(cardsIn(CHANNEL_A))).toContain('Ann of Acme');
    expect(JSON.stringify(cardsIn(CHANNEL_A))).not.toContain('Bob of Beta');
    expect(JSON.stringify(cardsIn(CHANNEL_B))).toContain('Bob of Beta');
    // …and each poll asked MoltFlow with its own account's key only.
    const keysUsed = world.moltflow.requests.slice(mfBefore).map((r) => r.headers['x-api-key']);
    expect(new Set(keysUsed)).toEqual(new Set([KEY_A, KEY_B]));

    // A click on A's card moves A's lead in A's MoltFlow account, and edits the card with A's token.
    const cardA = world.slack.messages(CHANNEL_A)[0];
    const clickFrom = world.moltflow.requests.length;
    const updatesFrom = world.slack.callsTo('chat.update').length;
    const click = blockActionPayload({
      actionId: 'lead_status_contacted',
      value: leadA.id,
      teamId: A.teamId,
      userId: 'U0REPAAAA',
      channelId: CHANNEL_A,
      messageTs: cardA?.ts ?? '',
    });
    expect((await postInteraction(app.eventsUrl, SIGNING_SECRET, click)).status).toBe(200);
    await eventually(
      async () => tenantA.state.leads.find((l) => l.data.id === leadA.id)?.data.lead_status === 'contacted',
    );
    expect(tenantB.state.leads.find((l) => l.data.id === leadB.id)?.data.lead_status).toBe('new');
    const moved = world.moltflow.requests.slice(clickFrom).filter((r) => r.method !== 'GET');
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.every((r) => r.headers['x-api-key'] === KEY_A)).toBe(true);
    await eventually(async () => world.slack.callsTo('chat.update').length > updatesFrom);
    expect(
      world.slack
        .callsTo('chat.update')
        .slice(updatesFrom)
        .map((c) => c.token),
    ).toEqual([A.botToken]);

    // Uninstalling A: its work stops, what it stored goes; B goes on as before.
    const res = await postEvent(app.eventsUrl, SIGNING_SECRET, {
      teamId: A.teamId,
      event: { type: 'app_uninstalled' },
    });
    expect(res.status).toBe(200);
    await eventually(async () => (await app.service.store.installations.get(A.teamId)) === undefined);
    await eventually(async () => (await app.service.workspaces.get(A.teamId)) === undefined);
    const file = world.dbUrl.replace(/^sqlite:/, '');
    const db = new Database(file, { readonly: true });
    try {
      const rows = (table: string, ws: string) =>
        (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE workspace = ?`).get(ws) as { n: number }).n;
      await eventually(async () => rows('lead_records', A.teamId) === 0 && rows('settings', A.teamId) === 0);
      expect(rows('lead_records', B.teamId)).toBe(1);
      expect(rows('settings', B.teamId)).toBeGreaterThan(0);
    } finally {
      db.close();
    }
    tenantA.state.addLead({ contact_name: 'Late for Acme' });
    tenantB.state.addLead({ contact_name: 'Next for Beta' });
    const aRequests = world.moltflow.requests.filter((r) => r.headers['x-api-key'] === KEY_A).length;
    await app.service.pollNow();
    expect(world.moltflow.requests.filter((r) => r.headers['x-api-key'] === KEY_A).length).toBe(aRequests);
    expect(world.slack.messages(CHANNEL_A).some((m) => JSON.stringify(m).includes('Late for Acme'))).toBe(
      false,
    );
    expect(world.slack.messages(CHANNEL_B).some((m) => JSON.stringify(m).includes('Next for Beta'))).toBe(
      true,
    );
  });

  it("takes each workspace's pushes at its own path, verified with its own secret", async () => {
    for (const ws of [A, B]) await install(app, ws.code);
    await setUp(A, KEY_A, CHANNEL_A);
    await setUp(B, KEY_B, CHANNEL_B);
    const wsA = await running(A.teamId);
    await running(B.teamId);
    await wsA.pollOnce(); // the first pass (backfill) is behind us
    expect(wsA.ctx.config.moltflow.webhookPath).toBe(`/moltflow/webhook/${A.teamId}`);
    const secretOf = (team: string) =>
      new WorkspaceSettings({
        store: app.service.store.forWorkspace(team),
        workspaceId: team,
        secrets: SecretBox.fromBase64(ENCRYPTION_KEY),
        defaults: {
          leadsChannel: undefined,
          access: { admin: [], outreach: [], sales: [] },
          backfillHours: 24,
          pollIntervalSeconds: 30,
        },
      }).webhookSecret();
    const [secretA, secretB] = [await secretOf(A.teamId), await secretOf(B.teamId)];
    expect(secretA).not.toBe(secretB);
    const deliver = (team: string, secret: string, data: object) => {
      const body = JSON.stringify({ event: 'lead.detected', timestamp: new Date().toISOString(), data });
      const signature = createHmac('sha256', secret).update(body).digest('hex');
      return fetch(`${app.baseUrl}/moltflow/webhook/${team}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-webhook-signature': signature },
        body,
      });
    };
    const lead = tenantA.state.addLead({ contact_name: 'Pushed to Acme' });
    // B's secret on A's path, and an unknown workspace, are refused; nothing is posted.
    expect((await deliver(A.teamId, secretB, lead)).status).toBe(401);
    expect((await deliver('T0NOBODY', secretA, lead)).status).toBe(404);
    expect((await deliver(A.teamId, secretA, lead)).status).toBe(200);
    await world.slack.waitFor(() =>
      world.slack.messages(CHANNEL_A).find((m) => JSON.stringify(m).includes('Pushed to Acme')),
    );
    const pushed = world.slack
      .callsTo('chat.postMessage')
      .filter((c) => JSON.stringify(c.args).includes('Pushed to Acme'));
    expect(pushed.map((c) => [c.args.channel, c.token])).toEqual([[CHANNEL_A, A.botToken]]);
  });

  it('stores no token or API key in clear text', async () => {
    for (const ws of [A, B]) await install(app, ws.code);
    await setUp(A, KEY_A, CHANNEL_A);
    await running(A.teamId);
    const db = new Database(world.dbUrl.replace(/^sqlite:/, ''), { readonly: true });
    try {
      const everything = ['slack_installations', 'settings']
        .map((t) => JSON.stringify(db.prepare(`SELECT * FROM ${t}`).all()))
        .join('\n');
      expect(everything).toContain(A.teamId);
      for (const secret of [KEY_A, A.botToken, B.botToken]) expect(everything).not.toContain(secret);
      expect(everything).toMatch(/v1:/);
    } finally {
      db.close();
    }
  });
});
