import { LogLevel, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { AccessControl } from '../../src/slack/access.js';
import { FakeSlack } from '../helpers/fake-slack.js';

const TOKEN = 'xoxb-access-test';

describe('AccessControl against the fake Slack API', () => {
  let fake: FakeSlack;
  let client: WebClient;
  let clock = 0;
  const logs: string[] = [];
  const make = (lists = { admin: [] as string[], outreach: [] as string[], sales: [] as string[] }) =>
    new AccessControl({
      lists,
      logger: createLogger({ level: 'debug', write: (l) => logs.push(l) }),
      ttlMs: 60_000,
      now: () => clock,
    });

  beforeEach(async () => {
    fake = await FakeSlack.start({ botToken: TOKEN });
    fake.setDefaultUser({});
    client = new WebClient(TOKEN, {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      logLevel: LogLevel.ERROR,
    });
    clock = 0;
    logs.length = 0;
  });
  afterEach(async () => {
    await fake.close();
  });

  it('reads owner/admin flags from users.info and answers in plain words when a role is missing', async () => {
    fake.setUser('U0ADMIN', { is_admin: true });
    const access = make({ admin: [], outreach: ['U0ANA', 'U0BEN'], sales: [] });
    expect(await access.check(client, 'U0ADMIN', 'admin')).toMatchObject({ allowed: true });
    const denied = await access.check(client, 'U0MEMBER', 'outreach');
    expect(denied).toMatchObject({ allowed: false, reason: 'role' });
    expect(access.denialText('outreach', 'add contacts', denied)).toBe(
      'You need the outreach role to add contacts; ask one of <@U0ANA>, <@U0BEN>.',
    );
    expect(await access.check(client, 'U0MEMBER', 'sales')).toMatchObject({ allowed: true });
  });

  it('refuses guests and other organisations even through a listed user group', async () => {
    fake.setUser('U0GUEST', { is_restricted: true });
    fake.setUser('U0EXT', { team_id: 'T0OTHER', is_admin: true });
    fake.setUserGroup('S0SALES', ['U0GUEST', 'U0EXT']);
    const access = make({ admin: [], outreach: ['S0SALES'], sales: [] });
    const guest = await access.check(client, 'U0GUEST', 'sales');
    expect(guest).toMatchObject({ allowed: false, reason: 'guest' });
    expect(access.denialText('sales', 'see leads', guest)).toMatch(/not available to guests/);
    expect(await access.check(client, 'U0EXT', 'sales')).toMatchObject({
      allowed: false,
      reason: 'external',
    });
  });

  it('caches users.info and group membership briefly, then asks again', async () => {
    fake.setUserGroup('S0OPS', ['U0OPS']);
    const access = make({ admin: ['S0OPS'], outreach: [], sales: [] });
    for (let i = 0; i < 5; i += 1) expect((await access.check(client, 'U0OPS', 'admin')).allowed).toBe(true);
    expect(fake.callsTo('users.info')).toHaveLength(1);
    expect(fake.callsTo('usergroups.users.list')).toHaveLength(1);
    expect(fake.callsTo('auth.test')).toHaveLength(1);
    fake.setUserGroup('S0OPS', []);
    clock = 61_000;
    expect((await access.check(client, 'U0OPS', 'admin')).allowed).toBe(false);
    expect(fake.callsTo('users.info')).toHaveLength(2);
  });

  it('answers no within its deadline when Slack is too slow, so the ack is never late', async () => {
    const access = new AccessControl({
      lists: { admin: [], outreach: [], sales: [] },
      logger: createLogger({ level: 'silent' }),
      deadlineMs: 100,
    });
    fake.setLatency('users.info', Number.POSITIVE_INFINITY); // taken, never answered
    expect(await access.check(client, 'U0SLOW', 'sales')).toMatchObject({
      allowed: false,
      reason: 'lookup_failed',
    });
  });

  it('denies when Slack cannot say who the person is, and does not remember the failure', async () => {
    const access = make();
    fake.failNext('users.info', { error: 'internal_error' });
    const failed = await access.check(client, 'U0MEMBER', 'sales');
    expect(failed).toMatchObject({ allowed: false, reason: 'lookup_failed' });
    expect(access.denialText('sales', 'see leads', failed)).toMatch(/couldn't check your access/);
    expect(await access.check(client, 'U0MEMBER', 'sales')).toMatchObject({ allowed: true });
  });

  it('keeps its answers per workspace: a person or group known through A is looked up again for B', async () => {
    const [a, b] = (['AAAA', 'BBBB'] as const).map((id) => ({
      code: `code-${id}`,
      teamId: `T0${id}`,
      teamName: id,
      botToken: `xoxb-${id}`,
      botUserId: `U0BOT${id}`,
      botId: `B0BOT${id}`,
      scopes: ['users:read'],
    }));
    if (!a || !b) throw new Error('two workspaces');
    for (const ws of [a, b]) fake.addWorkspace(ws);
    const clientOf = (token: string) =>
      new WebClient(token, {
        slackApiUrl: fake.apiUrl,
        retryConfig: { retries: 0 },
        logLevel: LogLevel.ERROR,
      });
    fake.setUser('U0ANA', { team_id: a.teamId });
    const access = make();
    expect(await access.check(clientOf(a.botToken), 'U0ANA', 'sales')).toMatchObject({ allowed: true });
    // In B, Ana is from another organisation: B's own answers decide, not A's cached ones.
    expect(await access.check(clientOf(b.botToken), 'U0ANA', 'sales')).toMatchObject({
      allowed: false,
      reason: 'external',
    });
    expect(fake.callsWithToken(a.botToken, 'users.info')).toHaveLength(1);
    expect(fake.callsWithToken(b.botToken, 'users.info')).toHaveLength(1);
    expect(fake.callsWithToken(b.botToken, 'auth.test')).toHaveLength(1);
    // …and each workspace's answer is still cached for that workspace.
    expect((await access.check(clientOf(a.botToken), 'U0ANA', 'sales')).allowed).toBe(true);
    expect(fake.callsWithToken(a.botToken, 'users.info')).toHaveLength(1);
  });
});
