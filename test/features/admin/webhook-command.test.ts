// `/moltflow webhook` through the running app: show, register (once, with the secret sent only to MoltFlow),
// remove, plain refusals for a setup that cannot work, admins only; and push mode in `/moltflow status`.
import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateBlocks } from '../../helpers/block-kit-rules.js';
import { createWorld, SIGNING_SECRET, type TestApp, type World } from '../../helpers/harness.js';
import { webhooks } from '../../helpers/moltflow-api/webhooks.js';
import { postSlashCommand } from '../../helpers/signed-request.js';

const SECRET = 'whsec_webhook_cmd_secret_42';
const PUBLIC_URL = 'https://slack.example.com';
const HOOK_URL = `${PUBLIC_URL}/moltflow/webhook`;
const EVENTS = ['lead.detected', 'session.disconnected', 'session.connected'];
const MEMBER = 'U0MEMBER';

type Message = { text: string; blocks?: { type: string }[]; response_type?: string };

describe('/moltflow webhook', () => {
  let world: World;
  let app: TestApp;
  beforeEach(async () => {
    world = await createWorld();
    world.slack.setUser(MEMBER, { is_admin: false });
  });
  afterEach(async () => {
    expect(world.slack.rejections).toEqual([]);
    // The secret went to MoltFlow only: never to Slack, never to a log line (at debug level).
    const sent = JSON.stringify([world.slack.calls.map((c) => c.args), world.slack.responses]);
    expect(sent).not.toContain(SECRET);
    expect(app.logs.filter((line) => line.includes(SECRET))).toEqual([]);
    await world.close();
  });

  const start = (env: Record<string, string> = { PUBLIC_URL, MOLTFLOW_WEBHOOK_SECRET: SECRET }) =>
    world.startApp(env).then((started) => {
      app = started;
    });
  const hooks = () => webhooks(world.moltflow.state).hooks;
  const trail = () => app.service.ctx.store.audit.list({ offset: 0, limit: 100 });
  /** The command; returns the ack's body and, when the ack was empty, the answer sent after it. */
  const run = async (
    text: string,
    userId = 'U0ADMIN',
  ): Promise<{ ack: Message | undefined; reply: Message }> => {
    const responseUrl = world.slack.responseUrl();
    const res = await postSlashCommand(app.eventsUrl, SIGNING_SECRET, {
      command: '/moltflow',
      text,
      userId,
      responseUrl,
    });
    expect(res.status).toBe(200);
    const ack = res.json as Message | undefined;
    if (ack?.text) return { ack, reply: ack };
    const reply = await world.slack.waitFor(
      () => world.slack.responses.find((r) => r.url === responseUrl)?.body as Message | undefined,
    );
    expect(reply.response_type).toBe('ephemeral');
    if (reply.blocks) expect(validateBlocks(reply.blocks as never, 'message')).toEqual([]);
    return { ack, reply };
  };
  const shown = (m: Message) => JSON.stringify(m);

  it('registers the webhook with the right body, once, and writes it to the audit trail', async () => {
    await start();
    const { ack, reply } = await run('webhook register');
    expect(ack?.text).toBeUndefined(); // acked first, answered after

    const posts = world.moltflow.requestsTo('POST', '/webhooks');
    expect(posts.map((r) => r.body)).toEqual([
      { name: 'moltflow-slack', url: HOOK_URL, events: EVENTS, secret: SECRET },
    ]);
    const [hook] = hooks();
    expect(hook?.secret).toBe(SECRET);
    expect(shown(reply)).toContain('registered the webhook');
    expect(shown(reply)).toContain(hook?.id);
    expect(shown(reply)).toContain('lead.detected');
    expect(await trail()).toContainEqual(
      expect.objectContaining({
        action: 'webhook.registered',
        outcome: 'ok',
        target: `${hook?.id} (${HOOK_URL})`,
      }),
    );

    // A second register finds it and changes nothing.
    const again = await run('webhook register');
    expect(shown(again.reply)).toContain('already registered');
    expect(world.moltflow.requestsTo('POST', '/webhooks')).toHaveLength(1);
    expect(hooks()).toHaveLength(1);
  });

  it('shows the registration (id, events, active) and counts the account’s other webhooks', async () => {
    await start();
    const mine = webhooks(world.moltflow.state).add({ url: HOOK_URL, events: EVENTS, is_active: false });
    webhooks(world.moltflow.state).add({ url: 'https://elsewhere.example.com/hook' });

    const { reply } = await run('webhook');
    expect(shown(reply)).toContain(mine.id);
    expect(shown(reply)).toContain('session.disconnected');
    expect(shown(reply)).toContain('Active: :warning: no');
    expect(shown(reply)).toContain('1 other webhook on the MoltFlow account');
    expect(shown(reply)).not.toContain('elsewhere.example.com');
    expect(world.moltflow.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /webhooks']);
  });

  it('says none is registered, and what register would do', async () => {
    await start();
    const { reply } = await run('webhook');
    expect(reply.text).toContain('none registered');
    expect(shown(reply)).toContain('No MoltFlow webhook is registered for');
    expect(shown(reply)).toContain('`/moltflow webhook register` would ask MoltFlow to send');
  });

  it('removes only this app’s webhook, with an audit entry', async () => {
    await start();
    const mine = webhooks(world.moltflow.state).add({ url: HOOK_URL, events: EVENTS });
    const other = webhooks(world.moltflow.state).add({ url: 'https://elsewhere.example.com/hook' });

    const { reply } = await run('webhook remove');
    expect(world.moltflow.requestsTo('DELETE', '/webhooks/:id').map((r) => r.path)).toEqual([
      `/webhooks/${mine.id}`,
    ]);
    expect(hooks().map((h) => h.id)).toEqual([other.id]);
    expect(shown(reply)).toContain('removed the webhook');
    expect(await trail()).toContainEqual(
      expect.objectContaining({
        action: 'webhook.removed',
        outcome: 'ok',
        target: `${mine.id} (${HOOK_URL})`,
      }),
    );

    const again = await run('webhook remove');
    expect(shown(again.reply)).toContain('Nothing to remove');
    expect(world.moltflow.requestsTo('DELETE', '/webhooks/:id')).toHaveLength(1);
  });

  it.each([
    ['PUBLIC_URL is not set', { MOLTFLOW_WEBHOOK_SECRET: SECRET }, /`PUBLIC_URL` is not set/],
    ['the secret is not set', { PUBLIC_URL }, /`MOLTFLOW_WEBHOOK_SECRET` is not set/],
    [
      'PUBLIC_URL is http',
      { PUBLIC_URL: 'http://slack.example.com', MOLTFLOW_WEBHOOK_SECRET: SECRET },
      /not an https/,
    ],
  ])('refuses to register in the ack when %s, asking MoltFlow nothing', async (_case, env, says) => {
    await start(env);
    const { ack } = await run('webhook register');
    expect(ack?.text).toMatch(/^I can’t register the webhook yet/);
    expect(ack?.text).toMatch(says);
    expect(world.moltflow.requests).toEqual([]);
    expect(await trail()).toEqual([]);
  });

  it('explains a MoltFlow refusal and records the failed attempt', async () => {
    await start();
    world.moltflow.fail(
      { method: 'POST', path: '/webhooks' },
      { kind: 'status', status: 403, body: { detail: 'Webhooks are not allowed' } },
    );
    const { reply } = await run('webhook register');
    expect(reply.text).toContain('MoltFlow refused to register the webhook: Webhooks are not allowed');
    expect(await trail()).toContainEqual(
      expect.objectContaining({ action: 'webhook.registered', outcome: 'failed' }),
    );
    expect(hooks()).toEqual([]);
  });

  it('denies a member before any MoltFlow call', async () => {
    await start();
    for (const text of ['webhook', 'webhook register', 'webhook remove']) {
      const { ack } = await run(text, MEMBER);
      expect(ack?.text).toMatch(/^You need the admin role to manage the MoltFlow webhook/);
    }
    expect(world.moltflow.requests).toEqual([]);
    expect(hooks()).toEqual([]);
  });

  it('/moltflow status shows push mode off without a secret', async () => {
    await start({});
    const { reply } = await run('status');
    expect(shown(reply)).toContain('Off: `MOLTFLOW_WEBHOOK_SECRET` is not set');
  });

  it('/moltflow status counts signed deliveries accepted and refused, with the last one’s time', async () => {
    await start();
    const deliver = (body: string, secret: string) =>
      fetch(`${app.baseUrl}/moltflow/webhook`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-webhook-signature': createHmac('sha256', secret).update(body).digest('hex'),
        },
        body,
      });
    const body = JSON.stringify({ event: 'message.sent', timestamp: new Date().toISOString(), data: {} });
    expect((await deliver(body, SECRET)).status).toBe(200);
    expect((await deliver(body, 'whsec_not_the_right_secret')).status).toBe(401);

    const { reply } = await run('status');
    expect(shown(reply)).toContain('On: 1 delivery accepted, 1 refused');
    expect(shown(reply)).toMatch(/Last delivery: <!date\^\d+\^/);
  });
});
