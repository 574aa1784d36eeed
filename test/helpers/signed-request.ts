// Drives the app the way Slack does: form-encoded bodies signed with the signing secret
// (slack-platform.md §5), plus builders for realistic block_actions and view_submission payloads.
import { createHmac, randomBytes } from 'node:crypto';

export const TEST_TEAM_ID = 'T0001';
export const TEST_APP_ID = 'A0MOLTFLOW';
const DEFAULT_USER = 'U0TESTER';
// Unroutable on purpose: a response_url the test forgot to set fails fast instead of reaching the internet.
const NO_RESPONSE_URL = 'http://127.0.0.1:9/no-response-url-given';

export interface SlackHttpResult {
  status: number;
  text: string;
  json: unknown;
}
export interface SignedPostOptions {
  timestamp?: number;
  badSignature?: boolean;
}

let triggerSeq = 0;
/** Unique per call, in Slack's `123.456.hex` shape. */
export function fakeTriggerId(): string {
  triggerSeq += 1;
  return `${Math.floor(Date.now() / 1000)}.${triggerSeq}.${randomBytes(8).toString('hex')}`;
}

export function signSlackRequest(
  secret: string,
  rawBody: string,
  ts = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = createHmac('sha256', secret).update(`v0:${ts}:${rawBody}`).digest('hex');
  return { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': `v0=${signature}` };
}

async function postSigned(
  url: string,
  secret: string,
  rawBody: string,
  opts: SignedPostOptions,
  contentType = 'application/x-www-form-urlencoded',
): Promise<SlackHttpResult> {
  const signingKey = opts.badSignature ? `${secret}-wrong` : secret;
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      ...signSlackRequest(signingKey, rawBody, opts.timestamp),
    },
    body: rawBody,
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
}

export function postSlashCommand(
  eventsUrl: string,
  secret: string,
  cmd: {
    command: string;
    text?: string;
    userId?: string;
    channelId?: string;
    teamId?: string;
    /** Enterprise Grid: the org, and whether the app is installed org-wide there. */
    enterpriseId?: string;
    isEnterpriseInstall?: boolean;
    responseUrl?: string;
    triggerId?: string;
  },
  opts: SignedPostOptions = {},
): Promise<SlackHttpResult> {
  const body = new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: cmd.teamId ?? TEST_TEAM_ID,
    ...(cmd.enterpriseId ? { enterprise_id: cmd.enterpriseId } : {}),
    team_domain: 'moltflow-test',
    channel_id: cmd.channelId ?? 'C0TEST0001',
    channel_name: 'leads',
    user_id: cmd.userId ?? DEFAULT_USER,
    user_name: 'test.user',
    command: cmd.command,
    text: cmd.text ?? '',
    api_app_id: TEST_APP_ID,
    is_enterprise_install: cmd.isEnterpriseInstall ? 'true' : 'false',
    response_url: cmd.responseUrl ?? NO_RESPONSE_URL,
    trigger_id: cmd.triggerId ?? fakeTriggerId(),
  });
  return postSigned(eventsUrl, secret, body.toString(), opts);
}

/** Events API: a signed JSON `event_callback` envelope around `event`, for the workspace `teamId`. */
export async function postEvent(
  eventsUrl: string,
  secret: string,
  e: { teamId: string; enterpriseId?: string; isEnterpriseInstall?: boolean; event: Record<string, unknown> },
): Promise<SlackHttpResult> {
  const rawBody = JSON.stringify({
    token: 'legacy-verification-token',
    team_id: e.teamId,
    ...(e.enterpriseId ? { enterprise_id: e.enterpriseId } : {}),
    api_app_id: TEST_APP_ID,
    event: { event_ts: `${(Date.now() / 1000).toFixed(6)}`, ...e.event },
    type: 'event_callback',
    event_id: `Ev${randomBytes(6).toString('hex').toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: e.enterpriseId ?? null,
        team_id: e.isEnterpriseInstall ? null : e.teamId,
        user_id: 'U0BOT',
        is_bot: true,
        is_enterprise_install: e.isEnterpriseInstall === true,
      },
    ],
    is_ext_shared_channel: false,
  });
  const res = await fetch(eventsUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signSlackRequest(secret, rawBody) },
    body: rawBody,
  });
  const text = await res.text();
  return { status: res.status, text, json: undefined };
}

/** Interactivity (block_actions, view_submission, …): a form body with one `payload` field of JSON. */
export function postInteraction(
  eventsUrl: string,
  secret: string,
  payload: object,
  opts: SignedPostOptions = {},
): Promise<SlackHttpResult> {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) });
  return postSigned(eventsUrl, secret, body.toString(), opts);
}

/** app_home_opened on the Home tab (or another tab) for `user`. */
export function postAppHomeOpened(
  eventsUrl: string,
  secret: string,
  user: string,
  tab: 'home' | 'messages' = 'home',
): Promise<SlackHttpResult> {
  return postEvent(eventsUrl, secret, {
    teamId: TEST_TEAM_ID,
    event: { type: 'app_home_opened', user, channel: 'D0HOME01', tab },
  });
}

const userOf = (id: string, teamId = TEST_TEAM_ID) => ({
  id,
  username: 'test.user',
  name: 'test.user',
  team_id: teamId,
});
const teamOf = (id = TEST_TEAM_ID) => ({
  id,
  domain: id === TEST_TEAM_ID ? 'moltflow-test' : id.toLowerCase(),
});

export function blockActionPayload(a: {
  actionId: string;
  value?: string;
  blockId?: string;
  userId?: string;
  channelId: string;
  messageTs: string;
  message?: object;
  responseUrl?: string;
  triggerId?: string;
  /** The workspace the click comes from (OAuth mode tests); the test team by default. */
  teamId?: string;
}): object {
  const blockId = a.blockId ?? 'actions';
  return {
    type: 'block_actions',
    user: userOf(a.userId ?? DEFAULT_USER, a.teamId),
    api_app_id: TEST_APP_ID,
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: a.messageTs, channel_id: a.channelId, is_ephemeral: false },
    trigger_id: a.triggerId ?? fakeTriggerId(),
    team: teamOf(a.teamId),
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: a.channelId, name: 'leads' },
    message: { type: 'message', text: '', blocks: [], ...a.message, ts: a.messageTs },
    state: { values: {} },
    response_url: a.responseUrl ?? NO_RESPONSE_URL,
    actions: [
      {
        type: 'button',
        action_id: a.actionId,
        block_id: blockId,
        text: { type: 'plain_text', text: a.actionId, emoji: true },
        ...(a.value === undefined ? {} : { value: a.value }),
        action_ts: `${(Date.now() / 1000).toFixed(6)}`,
      },
    ],
  };
}

export function viewSubmissionPayload(v: {
  callbackId: string;
  values: Record<string, Record<string, unknown>>;
  privateMetadata?: string;
  userId?: string;
  viewId?: string;
  hash?: string;
  teamId?: string;
}): object {
  const viewId = v.viewId ?? 'V0TESTVIEW';
  const teamId = v.teamId ?? TEST_TEAM_ID;
  return {
    type: 'view_submission',
    team: teamOf(teamId),
    user: userOf(v.userId ?? DEFAULT_USER, teamId),
    api_app_id: TEST_APP_ID,
    token: 'legacy-verification-token',
    trigger_id: fakeTriggerId(),
    view: {
      id: viewId,
      team_id: teamId,
      type: 'modal',
      blocks: [],
      private_metadata: v.privateMetadata ?? '',
      callback_id: v.callbackId,
      state: { values: v.values },
      hash: v.hash ?? '1700000000.testhash',
      title: { type: 'plain_text', text: 'MoltFlow' },
      clear_on_close: false,
      notify_on_close: false,
      close: { type: 'plain_text', text: 'Cancel' },
      submit: { type: 'plain_text', text: 'Submit' },
      previous_view_id: null,
      root_view_id: viewId,
      app_id: TEST_APP_ID,
      external_id: '',
      app_installed_team_id: teamId,
      bot_id: 'B0BOT',
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}
