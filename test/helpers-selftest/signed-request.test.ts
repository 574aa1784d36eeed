import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, isValidSlackRequest, LogLevel, verifySlackRequest } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../helpers/fake-slack.js';
import {
  blockActionPayload,
  postInteraction,
  postSlashCommand,
  signSlackRequest,
  viewSubmissionPayload,
} from '../helpers/signed-request.js';

const SECRET = 'selftest-signing-secret';

describe('signSlackRequest', () => {
  const body = 'command=%2Fmoltflow&text=help';
  const verify = (headers: Record<string, string>, nowMs = Date.now()) =>
    isValidSlackRequest({
      signingSecret: SECRET,
      body,
      headers: {
        'x-slack-signature': headers['x-slack-signature'] ?? '',
        'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']),
      },
      nowMilliseconds: nowMs,
    });

  it("produces a signature Bolt's own verifier accepts", () => {
    const headers = signSlackRequest(SECRET, body);
    expect(headers['x-slack-signature']).toMatch(/^v0=[0-9a-f]{64}$/);
    expect(verify(headers)).toBe(true);
    expect(() =>
      verifySlackRequest({
        signingSecret: SECRET,
        body,
        headers: {
          'x-slack-signature': headers['x-slack-signature'] ?? '',
          'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']),
        },
      }),
    ).not.toThrow();
  });

  it('is rejected for another secret, another body or a stale timestamp', () => {
    expect(verify(signSlackRequest('other-secret', body))).toBe(false);
    expect(verify(signSlackRequest(SECRET, `${body}&x=1`))).toBe(false);
    const ts = 1_700_000_000;
    expect(verify(signSlackRequest(SECRET, body, ts), ts * 1000 + 10_000)).toBe(true);
    expect(verify(signSlackRequest(SECRET, body, ts), ts * 1000 + 301_000)).toBe(false);
  });
});

describe('driving a real Bolt app over HTTP', () => {
  let slack: FakeSlack;
  let app: App;
  let eventsUrl: string;
  const seen: { kind: string; body: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    slack = await FakeSlack.start({ botToken: 'xoxb-selftest' });
    app = new App({
      token: 'xoxb-selftest',
      signingSecret: SECRET,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } },
    });
    app.command('/moltflow', async ({ ack, body, respond }) => {
      seen.push({ kind: 'command', body: body as unknown as Record<string, unknown> });
      await ack();
      await respond({ response_type: 'ephemeral', text: `you said ${body.text}` });
    });
    app.action('lead_status_contacted', async ({ ack, body, client }) => {
      await ack();
      seen.push({ kind: 'action', body: body as unknown as Record<string, unknown> });
      const b = body as { channel?: { id: string }; message?: { ts: string } };
      await client.chat.update({ channel: b.channel?.id ?? '', ts: b.message?.ts ?? '', text: 'Contacted' });
    });
    app.view('schedule_modal', async ({ ack, view }) => {
      const name = view.state.values.name_b?.name?.value ?? '';
      if (!name) await ack({ response_action: 'errors', errors: { name_b: 'Give the schedule a name' } });
      else await ack();
    });
    const server = (await app.start(0)) as Server;
    eventsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });
  afterAll(async () => {
    await app.stop();
    await slack.close();
  });

  it('delivers a slash command, and respond() reaches the fake response_url', async () => {
    const responseUrl = slack.responseUrl('cmd');
    const res = await postSlashCommand(eventsUrl, SECRET, {
      command: '/moltflow',
      text: 'help',
      responseUrl,
    });
    expect(res.status).toBe(200);
    const response = await slack.waitFor(() => slack.responses.find((r) => r.url === responseUrl));
    expect(response.body).toMatchObject({ response_type: 'ephemeral', text: 'you said help' });
    expect(seen.find((s) => s.kind === 'command')?.body).toMatchObject({
      user_id: 'U0TESTER',
      team_id: 'T0001',
    });
  });

  it('answers 401 to a bad signature and to a stale timestamp', async () => {
    const bad = await postSlashCommand(eventsUrl, SECRET, { command: '/moltflow' }, { badSignature: true });
    expect(bad.status).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 301;
    expect(
      (await postSlashCommand(eventsUrl, SECRET, { command: '/moltflow' }, { timestamp: stale })).status,
    ).toBe(401);
  });

  it('routes a block action by action_id and the handler can edit the message', async () => {
    const card = slack.seedMessage('C0LEADS', { text: 'New lead' });
    const payload = blockActionPayload({
      actionId: 'lead_status_contacted',
      value: 'lead-1',
      channelId: 'C0LEADS',
      messageTs: card.ts,
    });
    const res = await postInteraction(eventsUrl, SECRET, payload);
    expect(res.status).toBe(200);
    await slack.waitFor(() => (slack.findMessage('C0LEADS', card.ts)?.edits ?? 0) >= 1);
    expect(slack.findMessage('C0LEADS', card.ts)?.text).toBe('Contacted');
    expect(seen.find((s) => s.kind === 'action')?.body).toMatchObject({
      actions: [{ action_id: 'lead_status_contacted', value: 'lead-1', type: 'button' }],
    });
  });

  it('returns view_submission field errors in the HTTP reply', async () => {
    const empty = viewSubmissionPayload({
      callbackId: 'schedule_modal',
      values: { name_b: { name: { type: 'plain_text_input', value: '' } } },
    });
    const res = await postInteraction(eventsUrl, SECRET, empty);
    expect(res).toMatchObject({
      status: 200,
      json: { response_action: 'errors', errors: { name_b: 'Give the schedule a name' } },
    });
    const filled = viewSubmissionPayload({
      callbackId: 'schedule_modal',
      values: { name_b: { name: { type: 'plain_text_input', value: 'Weekly' } } },
    });
    expect((await postInteraction(eventsUrl, SECRET, filled)).status).toBe(200);
  });
});
