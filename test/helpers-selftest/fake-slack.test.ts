import { LogLevel, WebAPIPlatformError, WebAPIRateLimitedError, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../helpers/fake-slack.js';

const TOKEN = 'xoxb-selftest-token';
const card = (leadId: string) => ({
  text: `New lead ${leadId}`,
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `*Lead* ${leadId}` } }],
  metadata: { event_type: 'moltflow_lead_card', event_payload: { lead_id: leadId } },
});

describe('FakeSlack against a real WebClient', () => {
  let fake: FakeSlack;
  let client: WebClient;

  beforeEach(async () => {
    fake = await FakeSlack.start({ botToken: TOKEN });
    client = new WebClient(TOKEN, {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      logLevel: LogLevel.ERROR,
    });
  });
  afterEach(async () => {
    await fake.close();
  });

  it('answers auth.test like Slack and records the bearer token', async () => {
    const res = await client.auth.test();
    expect(res).toMatchObject({
      ok: true,
      team_id: 'T0001',
      user: 'moltflow',
      user_id: 'U0BOT',
      bot_id: 'B0BOT',
    });
    expect(fake.callsTo('auth.test')[0]?.token).toBe(TOKEN);
    const stranger = new WebClient('xoxb-wrong', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    await expect(stranger.auth.test()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
  });

  it('posts, updates and reads back history, with metadata only when include_all_metadata is set', async () => {
    const first = await client.chat.postMessage({ channel: 'C0LEADS', ...card('a') });
    const second = await client.chat.postMessage({ channel: 'C0LEADS', ...card('b') });
    const reply = await client.chat.postMessage({ channel: 'C0LEADS', thread_ts: first.ts, text: 'moved' });
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    await client.chat.update({ channel: 'C0LEADS', ts: first.ts as string, text: 'Lead a (contacted)' });

    const stored = fake.findMessage('C0LEADS', first.ts as string);
    expect(stored).toMatchObject({ text: 'Lead a (contacted)', edits: 1, metadata: card('a').metadata });
    expect(stored?.blocks).toEqual(card('a').blocks);
    expect(fake.messages('C0LEADS').map((m) => m.ts)).toEqual([first.ts, second.ts, reply.ts]);

    const plain = await client.conversations.history({ channel: 'C0LEADS' });
    expect(plain.messages?.map((m) => m.ts)).toEqual([second.ts, first.ts]);
    expect(plain.messages?.every((m) => m.metadata === undefined)).toBe(true);
    expect(plain.messages?.[1]).toMatchObject({ reply_count: 1, thread_ts: first.ts });

    const full = await client.conversations.history({ channel: 'C0LEADS', include_all_metadata: true });
    expect(full.messages?.map((m) => m.metadata?.event_payload)).toEqual([
      { lead_id: 'b' },
      { lead_id: 'a' },
    ]);

    const replies = await client.conversations.replies({ channel: 'C0LEADS', ts: first.ts as string });
    expect(replies.messages?.map((m) => m.ts)).toEqual([first.ts, reply.ts]);
    expect(fake.warnings).toEqual([]);
  });

  it('pages history with a cursor and honours oldest/latest/inclusive', async () => {
    const ts: string[] = [];
    for (let i = 0; i < 5; i += 1)
      ts.push((await client.chat.postMessage({ channel: 'C1', text: `m${i}` })).ts as string);
    const page1 = await client.conversations.history({ channel: 'C1', limit: 2 });
    expect(page1.messages?.map((m) => m.text)).toEqual(['m4', 'm3']);
    expect(page1.has_more).toBe(true);
    const page2 = await client.conversations.history({
      channel: 'C1',
      limit: 2,
      cursor: page1.response_metadata?.next_cursor,
    });
    expect(page2.messages?.map((m) => m.text)).toEqual(['m2', 'm1']);
    const bounded = await client.conversations.history({ channel: 'C1', oldest: ts[1], latest: ts[3] });
    expect(bounded.messages?.map((m) => m.text)).toEqual(['m2']);
    const inclusive = await client.conversations.history({
      channel: 'C1',
      oldest: ts[1],
      latest: ts[3],
      inclusive: true,
    });
    expect(inclusive.messages?.map((m) => m.text)).toEqual(['m3', 'm2', 'm1']);
  });

  it('refuses what Slack refuses', async () => {
    const button = {
      type: 'button' as const,
      action_id: 'go',
      text: { type: 'plain_text' as const, text: 'x'.repeat(76) },
    };
    const post = client.chat.postMessage({
      channel: 'C1',
      text: 'hi',
      blocks: [{ type: 'actions' as const, elements: [button] }],
    });
    await expect(post).rejects.toBeInstanceOf(WebAPIPlatformError);
    await expect(post).rejects.toMatchObject({
      data: {
        error: 'invalid_blocks',
        errors: ['must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]'],
      },
    });
    expect(fake.rejections).toHaveLength(1);
    expect(fake.messages('C1')).toEqual([]);

    fake.setChannel('C0GONE', { archived: true });
    fake.setChannel('C0OUT', { member: false });
    const errorOf = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: WebAPIPlatformError) => e.data.error,
      );
    expect(await errorOf(client.chat.postMessage({ channel: 'C0GONE', text: 'x' }))).toBe('is_archived');
    expect(await errorOf(client.chat.postMessage({ channel: 'C0OUT', text: 'x' }))).toBe('not_in_channel');
    expect(await errorOf(client.chat.postMessage({ channel: 'nope', text: 'x' }))).toBe('channel_not_found');
    expect(await errorOf(client.chat.postMessage({ channel: 'C1' } as never))).toBe('no_text');
    expect(await errorOf(client.chat.update({ channel: 'C1', ts: '1.000001', text: 'x' }))).toBe(
      'message_not_found',
    );
    expect(await errorOf(client.apiCall('chat.nope'))).toBe('unknown_method');
    expect(await errorOf(client.conversations.join({ channel: 'G0PRIVATE' }))).toBe(
      'method_not_supported_for_channel_type',
    );
    await client.conversations.join({ channel: 'C0OUT' });
    expect(await errorOf(client.chat.postMessage({ channel: 'C0OUT', text: 'x' }))).toBe('ok');
  });

  it('links to and deletes messages', async () => {
    const posted = await client.chat.postMessage({ channel: 'C1', text: 'card' });
    const link = await client.chat.getPermalink({ channel: 'C1', message_ts: posted.ts as string });
    expect(link.permalink).toBe(
      `https://moltflow-test.slack.com/archives/C1/p${(posted.ts as string).replace('.', '')}`,
    );
    await client.chat.delete({ channel: 'C1', ts: posted.ts as string });
    expect(fake.messages('C1')).toEqual([]);
    await expect(client.chat.delete({ channel: 'C1', ts: posted.ts as string })).rejects.toMatchObject({
      data: { error: 'message_not_found' },
    });
  });

  it('records blocks sent without fallback text as a warning', async () => {
    await client.chat.postMessage({ channel: 'C1', blocks: [{ type: 'divider' }] } as never);
    expect(fake.warnings).toHaveLength(1);
    expect(fake.warnings[0]).toContain('chat.postMessage');
  });

  it('keeps a message whose text is over 40,000 characters, with a message_truncated warning', async () => {
    await client.chat.postMessage({ channel: 'C1', text: 'x'.repeat(40_000) });
    expect(fake.warnings).toEqual([]);
    await client.chat.postMessage({ channel: 'C1', text: 'x'.repeat(40_001) });
    expect(fake.warnings).toHaveLength(1);
    expect(fake.warnings[0]).toContain('message_truncated');
  });

  it('turns an injected 429 into WebAPIRateLimitedError, then recovers', async () => {
    fake.failNext('chat.update', { status: 429, retryAfterSec: 7 });
    const strict = new WebClient(TOKEN, {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });
    const posted = await strict.chat.postMessage({ channel: 'C1', text: 'a' });
    const update = strict.chat.update({ channel: 'C1', ts: posted.ts as string, text: 'b' });
    await expect(update).rejects.toBeInstanceOf(WebAPIRateLimitedError);
    await expect(update).rejects.toMatchObject({ retryAfter: 7 });
    await strict.chat.update({ channel: 'C1', ts: posted.ts as string, text: 'b' });
    expect(fake.callsTo('chat.update')).toHaveLength(2);
    expect(fake.findMessage('C1', posted.ts as string)?.edits).toBe(1);
  });

  it('injects platform errors, HTTP errors and dropped connections', async () => {
    fake.failNext('chat.postMessage', { error: 'fatal_error', times: 2 });
    fake.failNext('chat.postMessage', { status: 500 });
    fake.failNext('chat.postMessage', { dropConnection: true });
    const send = () => client.chat.postMessage({ channel: 'C1', text: 'x' });
    await expect(send()).rejects.toMatchObject({ data: { error: 'fatal_error' } });
    await expect(send()).rejects.toMatchObject({ data: { error: 'fatal_error' } });
    await expect(send()).rejects.toMatchObject({ code: 'slack_webapi_http_error', statusCode: 500 });
    await expect(send()).rejects.toMatchObject({ code: 'slack_webapi_request_error' });
    await expect(send()).resolves.toMatchObject({ ok: true });
  });

  it('completes files.uploadV2 and keeps the bytes, channel, comment and thread', async () => {
    const parent = await client.chat.postMessage({ channel: 'C1', text: 'export' });
    const csv = 'name,phone\nBea,+15550001\n';
    await client.files.uploadV2({
      channel_id: 'C1',
      thread_ts: parent.ts as string,
      initial_comment: 'Here are your leads',
      filename: 'leads.csv',
      title: 'Leads',
      content: csv,
    });
    expect(fake.files).toHaveLength(1);
    expect(fake.files[0]).toMatchObject({
      filename: 'leads.csv',
      title: 'Leads',
      completed: true,
      channelId: 'C1',
      threadTs: parent.ts,
      initialComment: 'Here are your leads',
    });
    expect(fake.files[0]?.content?.toString('utf8')).toBe(csv);
  });

  it('opens and updates views, with hash_conflict on a stale hash', async () => {
    const view = {
      type: 'modal' as const,
      callback_id: 'schedule',
      title: { type: 'plain_text' as const, text: 'New schedule' },
      blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: 'Loading…' } }],
    };
    const opened = await client.views.open({ trigger_id: '1.2.abc', view });
    const id = opened.view?.id as string;
    expect(id).toMatch(/^V/);
    const updated = await client.views.update({ view_id: id, hash: opened.view?.hash, view });
    expect(updated.view?.hash).not.toBe(opened.view?.hash);
    await expect(client.views.update({ view_id: id, hash: opened.view?.hash, view })).rejects.toMatchObject({
      data: { error: 'hash_conflict' },
    });
    const longTitle = { ...view, title: { type: 'plain_text' as const, text: 'x'.repeat(25) } };
    await expect(client.views.open({ trigger_id: '1.2.abd', view: longTitle })).rejects.toMatchObject({
      data: { error: 'invalid_blocks' },
    });
  });

  it('records ephemerals, users and response_url posts', async () => {
    fake.setUser('U0ANA', { tz: 'Europe/Lisbon' });
    expect((await client.users.info({ user: 'U0ANA' })).user?.tz).toBe('Europe/Lisbon');
    expect((await client.users.info({ user: 'U0BEN' })).user?.tz).toBe('America/New_York');
    const eph = await client.chat.postEphemeral({ channel: 'C1', user: 'U0ANA', text: 'only you' });
    expect(eph.message_ts).toBeTruthy();
    expect(fake.ephemerals).toMatchObject([{ channel: 'C1', user: 'U0ANA', text: 'only you' }]);

    const url = fake.responseUrl('cmd');
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', text: 'done' }),
    });
    expect(res.status).toBe(200);
    expect(fake.responses).toEqual([{ url, body: { response_type: 'ephemeral', text: 'done' } }]);
  });

  it('waitFor resolves on a later request and explains a timeout', async () => {
    const waiting = fake.waitFor(() => fake.callsTo('chat.postMessage')[0]);
    let settled = false;
    void waiting.then(() => {
      settled = true;
    });
    await client.auth.test();
    expect(settled).toBe(false);
    await client.chat.postMessage({ channel: 'C1', text: 'later' });
    await expect(waiting).resolves.toMatchObject({ method: 'chat.postMessage', args: { text: 'later' } });

    await expect(fake.waitFor(() => false, { timeoutMs: 20, description: 'a card edit' })).rejects.toThrow(
      /timed out after 20 ms waiting for: a card edit[\s\S]*chat\.postMessage\(C1\)/,
    );
  });

  it('seeds messages and keeps new ts values above them; reset clears state', async () => {
    fake.seedMessage('C1', { text: 'old card', ts: '1800000000.000100', metadata: card('z').metadata });
    const posted = await client.chat.postMessage({ channel: 'C1', text: 'new' });
    expect(Number(posted.ts)).toBeGreaterThan(1800000000.0001);
    fake.reset();
    expect(fake.calls).toEqual([]);
    expect(fake.messages('C1')).toEqual([]);
  });
});
