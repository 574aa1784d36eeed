// "Add to Slack" installations on both backends: one row per workspace (team, or enterprise for an org-wide
// install), tokens sealed with ENCRYPTION_KEY, and never readable in clear from the database itself.
import Database from 'better-sqlite3';
import pg from 'pg';
import { expect, it } from 'vitest';
import { openStore, SecretBox, type SlackInstallation } from '../../src/store/index.js';
import { describeEachBackend, TEST_SECRET_BOX, useStore } from './backends.js';

const installedAt = new Date('2026-02-01T09:00:00.000Z');
const BOT_A = 'xoxb-team-a-secret-token-1111';
const BOT_B = 'xoxb-team-b-secret-token-2222';
const USER_ORG = 'xoxp-org-installer-token-3333';
const BOT_ORG = 'xoxb-org-wide-token-4444';

const teamA: SlackInstallation = {
  workspace: 'T0AAAA',
  teamId: 'T0AAAA',
  teamName: 'Acme <Sales>',
  enterpriseId: null,
  enterpriseName: null,
  isEnterpriseInstall: false,
  appId: 'A0MOLTFLOW',
  botToken: BOT_A,
  botId: 'B0AAAA',
  botUserId: 'U0BOTA',
  botScopes: ['commands', 'chat:write'],
  installerUserId: 'U0ADA',
  userToken: null,
  userScopes: [],
  enterpriseUrl: null,
  installedAt,
};
const teamB: SlackInstallation = {
  ...teamA,
  workspace: 'T0BBBB',
  teamId: 'T0BBBB',
  teamName: 'Beta',
  botToken: BOT_B,
  botId: 'B0BBBB',
  botUserId: 'U0BOTB',
};
const org: SlackInstallation = {
  ...teamA,
  workspace: 'E0GRID',
  teamId: null,
  teamName: null,
  enterpriseId: 'E0GRID',
  enterpriseName: 'Grid Org',
  isEnterpriseInstall: true,
  botToken: BOT_ORG,
  botId: 'B0ORG',
  botUserId: 'U0BOTORG',
  userToken: USER_ORG,
  userScopes: ['identify'],
  enterpriseUrl: 'https://grid.enterprise.slack.com/',
};

/** Every cell of slack_installations, as the database itself holds them. */
async function rawRows(url: string): Promise<string> {
  if (url.startsWith('sqlite:')) {
    const db = new Database(url.slice('sqlite:'.length), { readonly: true });
    try {
      return JSON.stringify(db.prepare('SELECT * FROM slack_installations').all());
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return JSON.stringify((await client.query('SELECT * FROM slack_installations')).rows);
  } finally {
    await client.end();
  }
}

describeEachBackend('installations', (backend) => {
  const ctx = useStore(backend);

  it('saves, gets, lists and deletes installations by workspace, org installs included', async () => {
    const { installations } = ctx.store;
    expect(await installations.get('T0AAAA')).toBeUndefined();
    for (const i of [teamB, org, teamA]) await installations.save(i);
    expect(await installations.get('T0AAAA')).toEqual(teamA);
    expect(await installations.get('E0GRID')).toEqual(org);
    expect((await installations.list()).map((i) => i.workspace)).toEqual(['E0GRID', 'T0AAAA', 'T0BBBB']);
    expect(await installations.delete('T0AAAA')).toBe(true);
    expect(await installations.delete('T0AAAA')).toBe(false);
    expect(await installations.get('T0AAAA')).toBeUndefined();
    expect(await installations.get('T0BBBB')).toEqual(teamB);
  });

  it('replaces a workspace installation on re-install (new token, new scopes)', async () => {
    const { installations } = ctx.store;
    await installations.save(teamA);
    const again = {
      ...teamA,
      botToken: 'xoxb-team-a-new-5555',
      botScopes: ['commands'],
      installedAt: new Date(),
    };
    await installations.save(again);
    expect(await installations.get('T0AAAA')).toEqual(again);
    expect(await installations.list()).toHaveLength(1);
  });

  it('never stores a token in clear text: the table holds only sealed forms', async () => {
    for (const i of [teamA, teamB, org]) await ctx.store.installations.save(i);
    const raw = await rawRows(ctx.db.url);
    expect(raw).toContain('T0AAAA'); // the read is real: it sees the rows
    for (const token of [BOT_A, BOT_B, BOT_ORG, USER_ORG]) expect(raw).not.toContain(token);
    expect(raw).not.toContain('xox');
    expect(raw.match(/v1:/g)?.length).toBe(4); // three bot tokens and one user token, sealed
  });

  it('binds each sealed token to its workspace: a token copied to another row does not open', async () => {
    await ctx.store.installations.save(teamA);
    await ctx.store.installations.save(teamB);
    const sealedA = TEST_SECRET_BOX.seal(BOT_A, 'T0AAAA');
    expect(() => TEST_SECRET_BOX.open(sealedA, 'T0BBBB')).toThrow(/does not open/);
  });

  it('refuses to read installations without the key they were sealed with', async () => {
    await ctx.store.installations.save(teamA);
    const noKey = await openStore(ctx.db.url);
    const otherKey = await openStore(ctx.db.url, { secretBox: new SecretBox(Buffer.alloc(32, 9)) });
    try {
      await expect(noKey.installations.get('T0AAAA')).rejects.toThrow(/ENCRYPTION_KEY is required/);
      await expect(noKey.installations.save(teamB)).rejects.toThrow(/ENCRYPTION_KEY is required/);
      await expect(otherKey.installations.get('T0AAAA')).rejects.toThrow(/wrong key or altered/);
    } finally {
      await noKey.close();
      await otherKey.close();
    }
  });
});
