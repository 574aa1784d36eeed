// "Add to Slack" through the running app (OAuth mode): the install page, the redirect storing each
// workspace's installation, every request authorized with its own workspace's token, an unknown workspace
// refused without harm, and uninstalling one workspace leaving the others as they were.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOT_SCOPES } from '../../src/slack/oauth/installer.js';
import { createWorld, SIGNING_SECRET, type TestApp, type World } from '../helpers/harness.js';
import {
  A,
  B,
  CLIENT_ID,
  CLIENT_SECRET,
  ENCRYPTION_KEY,
  install,
  OAUTH_ENV,
  ORG,
  PUBLIC_URL,
  STATE_SECRET,
} from '../helpers/oauth.js';
import { postEvent, postSlashCommand } from '../helpers/signed-request.js';
import { eventually } from '../helpers/wait.js';

const help = (
  app: TestApp,
  teamId: string,
  extra: Parameters<typeof postSlashCommand>[2] = { command: '' },
) =>
  postSlashCommand(app.eventsUrl, SIGNING_SECRET, { ...extra, command: '/moltflow', text: 'help', teamId });

describe('OAuth installation (Add to Slack)', () => {
  let world: World;
  let app: TestApp;
  const removed: string[] = [];

  beforeEach(async () => {
    world = await createWorld();
    world.slack.oauth.client = { id: CLIENT_ID, secret: CLIENT_SECRET };
    for (const ws of [A, B, ORG]) world.slack.addWorkspace(ws);
    app = await world.startApp(OAUTH_ENV);
    removed.length = 0;
    app.service.workspaces.onWorkspaceRemoved.push((id, reason) => {
      removed.push(`${id}:${reason}`);
    });
  });
  afterEach(async () => {
    await world.close();
    // Neither an installed workspace's token nor the app's client secret ever reached a log line.
    for (const secret of [
      A.botToken,
      B.botToken,
      ORG.botToken,
      CLIENT_SECRET,
      STATE_SECRET,
      ENCRYPTION_KEY,
    ]) {
      expect(app.logs.some((line) => line.includes(secret))).toBe(false);
    }
  });

  it('serves the install page: Slack’s consent URL with the client id, exactly the bot scopes, and a state', async () => {
    const res = await fetch(`${app.baseUrl}/slack/install`);
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/^slack-app-oauth-state=[^;]+/);
    const html = await res.text();
    expect(html).toContain('Add MoltFlow to Slack');
    const href = /href="(https:\/\/slack\.com\/oauth\/v2\/authorize[^"]+)"/.exec(html)?.[1] ?? '';
    const url = new URL(href.replaceAll('&amp;', '&'));
    expect(url.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(url.searchParams.get('scope')?.split(',').sort()).toEqual([...BOT_SCOPES].sort());
    expect(url.searchParams.get('state')).toMatch(/.{20,}/);
    expect(url.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}/slack/oauth_redirect`);
  });

  it('stores each workspace’s installation, sealed, and authorizes each request with its own token', async () => {
    const first = await install(app, A.code);
    expect(first.status).toBe(200);
    expect(first.html).toContain('Acme &lt;Sales&gt;'); // the team name, escaped
    expect(first.html).toContain('Home tab');
    expect((await install(app, B.code)).status).toBe(200);
    expect(world.slack.callsTo('oauth.v2.access').map((c) => c.args.code)).toEqual([A.code, B.code]);

    const { installations } = app.service.store;
    expect((await installations.list()).map((i) => [i.workspace, i.botUserId, i.botId])).toEqual([
      [A.teamId, A.botUserId, A.botId],
      [B.teamId, B.botUserId, B.botId],
    ]);
    expect((await installations.get(A.teamId))?.botScopes.sort()).toEqual([...BOT_SCOPES].sort());
    const raw = JSON.stringify(
      new Database(world.dbUrl.slice('sqlite:'.length), { readonly: true })
        .prepare('SELECT * FROM slack_installations')
        .all(),
    );
    expect(raw).toContain(A.teamId);
    expect(raw).not.toContain(A.botToken);
    expect(raw).not.toContain(B.botToken);

    world.slack.calls.length = 0;
    expect((await help(app, A.teamId)).status).toBe(200);
    const aCalls = world.slack.calls.filter((c) => c.method === 'users.info');
    expect(aCalls.length).toBeGreaterThan(0);
    expect(aCalls.every((c) => c.token === A.botToken)).toBe(true);

    world.slack.calls.length = 0;
    expect((await help(app, B.teamId)).status).toBe(200);
    const bCalls = world.slack.calls.filter((c) => c.method !== 'oauth.v2.access');
    expect(bCalls.map((c) => c.method)).toContain('users.info');
    expect(bCalls.every((c) => c.token === B.botToken)).toBe(true);
  });

  it('stores an Enterprise Grid org-wide install under the org, and authorizes its teams with the org token', async () => {
    expect((await install(app, ORG.code)).status).toBe(200);
    const org = await app.service.store.installations.get('E0GRID');
    expect(org).toMatchObject({ isEnterpriseInstall: true, teamId: null, enterpriseName: 'Grid Org' });
    world.slack.calls.length = 0;
    const res = await help(app, 'T0ANYTEAM', {
      command: '',
      enterpriseId: 'E0GRID',
      isEnterpriseInstall: true,
    });
    expect(res.status).toBe(200);
    expect(world.slack.callsTo('users.info').map((c) => c.token)).toEqual([ORG.botToken]);
  });

  it('refuses a request from a workspace that never installed the app, and keeps serving the others', async () => {
    await install(app, A.code);
    world.slack.calls.length = 0;
    const res = await help(app, 'T0STRANGER');
    expect(res.status).toBeLessThan(500);
    expect(world.slack.calls).toEqual([]); // no token was used for it, not A's
    await eventually(async () =>
      app.logs.some((l) => l.includes('Authorization of incoming event did not succeed')),
    );
    expect((await help(app, A.teamId)).status).toBe(200);
    expect(world.slack.callsTo('users.info').every((c) => c.token === A.botToken)).toBe(true);
  });

  it('prunes the deployment’s own audit entries (uninstalls) past AUDIT_RETENTION_DAYS', async () => {
    const entry = (at: Date, target: string) => ({
      actor: 'U0ADMINAAAA',
      team: A.teamId,
      action: 'app.uninstalled',
      target,
      outcome: 'ok' as const,
      at,
    });
    const yearsAgo = new Date(Date.now() - 2 * 365 * 86_400_000);
    await app.service.store.audit.record(entry(yearsAgo, 'old'));
    await app.service.store.audit.record(entry(new Date(), 'recent'));
    await app.stop();
    app = await world.startApp(OAUTH_ENV); // retention runs once at start, then daily
    await eventually(async () => (await app.service.store.audit.count()) === 1);
    expect((await app.service.store.audit.list({ offset: 0, limit: 5 })).map((e) => e.target)).toEqual([
      'recent',
    ]);
  });

  it('app_uninstalled removes that workspace only, tells the seam, and audits it', async () => {
    await install(app, A.code);
    await install(app, B.code);
    const res = await postEvent(app.eventsUrl, SIGNING_SECRET, {
      teamId: A.teamId,
      event: { type: 'app_uninstalled' },
    });
    expect(res.status).toBe(200);
    await eventually(async () => removed.length > 0);
    expect(removed).toEqual([`${A.teamId}:app_uninstalled`]);
    const { installations, audit } = app.service.store;
    expect(await installations.get(A.teamId)).toBeUndefined();
    expect((await installations.get(B.teamId))?.botToken).toBe(B.botToken);
    expect(await audit.list({ offset: 0, limit: 5 })).toEqual([
      expect.objectContaining({ team: A.teamId, action: 'app.uninstalled', detail: 'app_uninstalled' }),
    ]);

    world.slack.calls.length = 0;
    await help(app, A.teamId);
    expect(world.slack.calls).toEqual([]); // A is no longer authorized
    await help(app, B.teamId);
    expect(world.slack.callsTo('users.info').map((c) => c.token)).toEqual([B.botToken]);
  });

  it('tokens_revoked removes the workspace when its bot token is revoked, not for user tokens alone', async () => {
    await install(app, B.code);
    const revoke = (tokens: { oauth?: string[]; bot?: string[] }) =>
      postEvent(app.eventsUrl, SIGNING_SECRET, {
        teamId: B.teamId,
        event: { type: 'tokens_revoked', tokens },
      });
    await revoke({ oauth: ['U0ADMINBBBB'] });
    await revoke({ bot: [B.botUserId] });
    await eventually(async () => removed.length > 0);
    expect(removed).toEqual([`${B.teamId}:tokens_revoked`]);
    expect(await app.service.store.installations.get(B.teamId)).toBeUndefined();
  });

  it('shows a clear failure page when the redirect is not genuine or was cancelled, and stores nothing', async () => {
    const forged = await fetch(`${app.baseUrl}/slack/oauth_redirect?code=${A.code}&state=forged`);
    expect(forged.status).toBe(400);
    const html = await forged.text();
    expect(html).toContain('MoltFlow was not installed');
    expect(html).toContain('/slack/install');
    const cancelled = await fetch(`${app.baseUrl}/slack/oauth_redirect?error=access_denied&state=x`);
    expect(await cancelled.text()).toContain('cancelled');
    expect(world.slack.callsTo('oauth.v2.access')).toEqual([]);
    expect(await app.service.store.installations.list()).toEqual([]);
  });

  it('starts none of the single workspace’s background work (no poll, no webhook intake)', async () => {
    await expect(app.service.pollOnce()).rejects.toThrow(/per workspace/);
    const webhook = await fetch(`${app.baseUrl}/moltflow/webhook`, { method: 'POST', body: '{}' });
    expect(webhook.status).toBe(404);
    expect(world.moltflow.requests).toEqual([]);
  });
});

describe('OAuth configuration at start-up', () => {
  it('refuses to start without ENCRYPTION_KEY, naming it', async () => {
    const world = await createWorld();
    try {
      await expect(world.startApp({ ...OAUTH_ENV, ENCRYPTION_KEY: '' })).rejects.toThrow(
        /ENCRYPTION_KEY is required/,
      );
    } finally {
      await world.close();
    }
  });

  it('leaves single-workspace mode as it was: no install routes', async () => {
    const world = await createWorld();
    try {
      const app = await world.startApp();
      expect((await fetch(`${app.baseUrl}/slack/install`)).status).toBe(404);
      expect((await help(app, 'T0001')).status).toBe(200);
    } finally {
      await world.close();
    }
  });
});
