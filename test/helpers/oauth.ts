// "Add to Slack" in tests: the OAuth-mode environment for world.startApp, fake workspaces to install, and
// the install round trip a browser makes (install page → Slack → redirect with the state cookie).
import { BOT_SCOPES } from '../../src/slack/oauth/installer.js';
import type { FakeWorkspace } from './fake-slack.js';
import type { TestApp } from './harness.js';

export const CLIENT_ID = '1111111111.2222222222';
export const CLIENT_SECRET = 'client-secret-0123456789abcdef';
export const STATE_SECRET = 'state-secret-0123456789abcdef';
export const ENCRYPTION_KEY = Buffer.alloc(32, 3).toString('base64');
export const PUBLIC_URL = 'https://moltflow-slack.example.com';
export const OAUTH_ENV = {
  SLACK_CLIENT_ID: CLIENT_ID,
  SLACK_CLIENT_SECRET: CLIENT_SECRET,
  SLACK_STATE_SECRET: STATE_SECRET,
  ENCRYPTION_KEY,
  PUBLIC_URL,
  // unset the single-workspace settings the harness gives by default
  SLACK_BOT_TOKEN: '',
  MOLTFLOW_API_KEY: '',
  LEADS_CHANNEL: '',
};

/** A workspace the fake Slack can install: its code, team, and its own bot token and bot user. */
export const fakeWorkspace = (
  id: string,
  name: string,
  extra: Partial<FakeWorkspace> = {},
): FakeWorkspace => ({
  code: `code-${id}`,
  teamId: `T0${id}`,
  teamName: name,
  botToken: `xoxb-${id.toLowerCase()}-secret-bot-token`,
  botUserId: `U0BOT${id}`,
  botId: `B0BOT${id}`,
  scopes: BOT_SCOPES,
  installerUserId: `U0ADMIN${id}`,
  ...extra,
});
export const A = fakeWorkspace('AAAA', 'Acme <Sales>');
export const B = fakeWorkspace('BBBB', 'Beta');
export const ORG = fakeWorkspace('GRID', 'Grid HQ', {
  enterprise: { id: 'E0GRID', name: 'Grid Org' },
  isEnterpriseInstall: true,
});

/** The install page, then Slack's redirect back with `code` and the page's state (and its cookie). */
export async function install(app: TestApp, code: string): Promise<{ status: number; html: string }> {
  const page = await fetch(`${app.baseUrl}/slack/install`);
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const href = /href="(https:\/\/slack\.com\/oauth\/v2\/authorize[^"]+)"/.exec(await page.text())?.[1] ?? '';
  const state = new URL(href.replaceAll('&amp;', '&')).searchParams.get('state') ?? '';
  const res = await fetch(
    `${app.baseUrl}/slack/oauth_redirect?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`,
    { headers: { cookie } },
  );
  return { status: res.status, html: await res.text() };
}
