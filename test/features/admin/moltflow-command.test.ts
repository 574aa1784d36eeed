import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, SIGNING_SECRET, type TestApp, type World } from '../../helpers/harness.js';
import { postSlashCommand } from '../../helpers/signed-request.js';

describe('/moltflow', () => {
  let world: World;
  let app: TestApp;
  beforeEach(async () => {
    world = await createWorld();
    app = await world.startApp();
  });
  afterEach(async () => {
    await world.close();
  });

  const run = (text: string, opts = {}) =>
    postSlashCommand(
      app.eventsUrl,
      SIGNING_SECRET,
      { command: '/moltflow', text, responseUrl: world.slack.responseUrl(text) },
      opts,
    );

  it('answers help in the ack itself, listing what works', async () => {
    const res = await run('help');
    expect(res.status).toBe(200);
    const body = res.json as { text: string; response_type: string; blocks: unknown[] };
    expect(body.response_type).toBe('ephemeral');
    expect(JSON.stringify(body)).toContain('/moltflow status');
    expect(world.moltflow.requests).toHaveLength(0);
  });

  it('reports MoltFlow, working sessions, the poller and the budget', async () => {
    world.moltflow.setSessions([
      { name: 'Sales phone', status: 'working', phone_number: '+15550001111' },
      { name: 'Old phone', status: 'stopped' },
    ]);
    world.moltflow.addLead();
    await app.service.pollOnce();

    const res = await run('status');
    expect(res.status).toBe(200);
    const reply = await world.slack.waitFor(() => world.slack.responses[0]);
    const shown = JSON.stringify(reply.body);

    expect(reply.body.response_type).toBe('ephemeral');
    expect(shown).toContain('Sales phone');
    expect(shown).not.toContain('Old phone');
    expect(shown).toMatch(/1 last run, 1 in total/);
    expect(shown).toMatch(/10000/);
    expect(shown).not.toContain('waiting for Slack to confirm');
    // One process on SQLite: it answers as `local`, and no poll cron runs in this test app.
    expect(shown).toMatch(/Store: SQLite\. This answer came from `local`; 1 alive: `local`/);
    expect(shown).toContain('Polling MoltFlow: _no one right now');
  });

  it('names the replica that holds the poll lease and those that follow each broadcast', async () => {
    const { store } = app.service.ctx;
    await store.leases.acquire('poller', 'web-2', 60_000);
    await store.leases.acquire('replica:web-2', 'web-2', 60_000);
    await store.leases.acquire('broadcast:job-7', 'web-3', 60_000);
    await store.leases.acquire('broadcast:job-old', 'web-4', 1, new Date(Date.now() - 10_000)); // expired

    await run('status');
    const reply = await world.slack.waitFor(() => world.slack.responses[0]);
    const shown = JSON.stringify(reply.body);
    expect(shown).toMatch(/2 alive: `local`, `web-2`/);
    expect(shown).toContain('Polling MoltFlow: `web-2`');
    expect(shown).toContain('broadcast `job-7`: `web-3`');
    expect(shown).not.toContain('job-old');
  });

  it('says when lead cards are waiting for Slack to confirm them, so a stuck one is seen', async () => {
    const lead = world.moltflow.addLead();
    await app.service.pollOnce();
    const posted = (await app.service.ctx.store.getLeadRecord(lead.id))?.lead;
    if (!posted) throw new Error('the lead was not posted');
    // A post whose outcome Slack never confirmed (a crash, an unclear answer) stays pending.
    await app.service.ctx.store.markPending('L-stuck', 'C0LEADS01', { ...posted, id: 'L-stuck' });
    await run('status');
    const reply = await world.slack.waitFor(() => world.slack.responses[0]);
    expect(JSON.stringify(reply.body)).toMatch(
      /:hourglass: 1 card waiting for Slack to confirm \(oldest since <!date\^/,
    );
  });

  it('says MoltFlow is unreachable when it is down, without a stack trace', async () => {
    await world.moltflow.close();

    const res = await run('status');
    expect(res.status).toBe(200);
    const reply = await world.slack.waitFor(() => world.slack.responses[0], { timeoutMs: 10_000 });
    const shown = JSON.stringify(reply.body);

    expect(shown).toMatch(/not reachable|unreachable/i);
    expect(shown).not.toMatch(/at .*\.ts:\d+/);
  });

  it('says the key was rejected when MoltFlow answers 401', async () => {
    world.moltflow.fail('all', {
      kind: 'status',
      status: 401,
      body: { detail: 'Invalid API key' },
      times: 5,
    });
    await run('status');
    const reply = await world.slack.waitFor(() => world.slack.responses[0]);
    expect(JSON.stringify(reply.body)).toContain('MOLTFLOW_API_KEY');
  });

  it('answers an unknown subcommand with a pointer to help, escaping what was typed', async () => {
    const res = await run('frobnicate <!channel>');
    const body = res.json as { text: string };
    expect(body.text).toContain('/moltflow help');
    expect(body.text).not.toContain('<!channel>');
  });

  it('refuses a request with a bad signature or an old timestamp, and does nothing', async () => {
    const bad = await run('help', { badSignature: true });
    const stale = await run('help', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(bad.status).toBe(401);
    expect(stale.status).toBe(401);
    expect(world.slack.responses).toHaveLength(0);
  });

  it('serves /healthz once ready', async () => {
    const res = await fetch(`${app.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });

  it('reports degraded health while MoltFlow is failing, and ok again after recovery', async () => {
    world.moltflow.fail('all', { kind: 'status', status: 503, times: Number.POSITIVE_INFINITY });
    await app.service.pollNow();
    const degraded = await fetch(`${app.baseUrl}/healthz`);
    expect(degraded.status).toBe(200);
    expect(await degraded.json()).toMatchObject({ status: 'degraded' });

    world.moltflow.clearFaults();
    const lead = world.moltflow.addLead();
    await app.service.pollNow();
    expect(await (await fetch(`${app.baseUrl}/healthz`)).json()).toMatchObject({ status: 'ok' });
    expect(world.slack.messages('C0LEADS01').map((m) => m.metadata?.event_payload.lead_id)).toContain(
      lead.id,
    );
  });
});
