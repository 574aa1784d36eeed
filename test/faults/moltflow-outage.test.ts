// MoltFlow failing in every way the issue lists: the app stays up, reports degraded, backs off, and posts
// every lead detected meanwhile exactly once after recovery.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cardLeadIds, createWorld, type World } from '../helpers/harness.js';

describe('MoltFlow outages', () => {
  let world: World;
  beforeEach(async () => {
    world = await createWorld();
  });
  afterEach(async () => {
    await world.close();
  });

  const health = async (baseUrl: string) => {
    const res = await fetch(`${baseUrl}/healthz`);
    return { status: res.status, body: (await res.json()) as { status: string } };
  };

  it('starts while MoltFlow is down, says degraded, and catches up once it is back', async () => {
    world.moltflow.fail('all', { kind: 'status', status: 503, times: Number.POSITIVE_INFINITY });
    const app = await world.startApp();
    await app.service.pollNow();
    expect(await health(app.baseUrl)).toEqual({
      status: 200,
      body: expect.objectContaining({ status: 'degraded' }),
    });

    const meanwhile = world.moltflow.addLeads(3);
    await app.service.pollNow();
    expect(cardLeadIds(world.slack)).toEqual([]);

    world.moltflow.clearFaults();
    await app.service.pollNow();
    await app.service.pollNow();
    expect(cardLeadIds(world.slack)).toEqual(meanwhile.map((l) => l.id));
    expect((await health(app.baseUrl)).body.status).toBe('ok');
  });

  it.each([
    ['connection resets', { kind: 'reset' as const }],
    ['503s', { kind: 'status' as const, status: 503 }],
    ['calls that never answer', { kind: 'hang' as const }],
  ])('survives %s mid-run and posts what arrived meanwhile once', async (_name, fault) => {
    const before = world.moltflow.addLeads(2);
    const app = await world.startApp();
    await app.service.pollOnce();

    world.moltflow.fail({ method: 'GET', path: '/leads' }, { ...fault, times: 10 });
    const during = world.moltflow.addLeads(2);
    await expect(app.service.pollOnce()).rejects.toThrow();
    world.moltflow.clearFaults();

    await app.service.pollOnce();
    await app.service.pollOnce();
    expect(cardLeadIds(world.slack)).toEqual([...before, ...during].map((l) => l.id));
    const state = await app.service.ctx.store.getPollerState();
    expect(state.lastRunOk).toBe(true);
  });

  it('sends nothing before a Retry-After has elapsed', async () => {
    const app = await world.startApp();
    await app.service.pollOnce();
    world.moltflow.fail(
      { method: 'GET', path: '/leads' },
      {
        kind: 'status',
        status: 429,
        headers: { 'Retry-After': '1' },
        body: { detail: 'Rate limit exceeded' },
      },
    );
    const lead = world.moltflow.addLead();

    await app.service.pollOnce();

    const [refused, retried] = world.moltflow.requestsTo('GET', '/leads').slice(-2);
    expect(retried && refused && retried.at - refused.at).toBeGreaterThanOrEqual(1000);
    expect(cardLeadIds(world.slack)).toEqual([lead.id]);
  });

  it('skips an answer that is not JSON, logs where it failed, and posts nothing half-made', async () => {
    world.moltflow.addLead();
    world.moltflow.fail(
      { method: 'GET', path: '/leads' },
      { kind: 'raw', body: '{"leads": [ {"id": "x", ', times: 10 },
    );
    const app = await world.startApp();

    await expect(app.service.pollOnce()).rejects.toThrow();

    expect(world.slack.callsTo('chat.postMessage')).toHaveLength(0);
    expect(app.logs.some((line) => line.includes('(body)'))).toBe(true);
  });

  it.each([
    ['a lead without an id', { id: undefined }],
    ['a lead without a status', { lead_status: undefined }],
    ['a lead with an unknown status', { lead_status: 'spam' }],
    ['a number where a name belongs', { contact_name: 42 }],
    ['a detection time that is not a time', { lead_detected_at: 'yesterday', trigger: null }],
  ])('skips %s and posts the others', async (_name, patch) => {
    const good = world.moltflow.addLead();
    const bad = world.moltflow.addLead();
    world.moltflow.patchLead(bad.id, patch);
    const app = await world.startApp();

    const result = await app.service.pollOnce();

    expect(result.invalid).toBe(1);
    expect(cardLeadIds(world.slack)).toEqual([good.id]);
    const warning = app.logs
      .map((l) => JSON.parse(l) as { msg: string; path?: string })
      .find((l) => l.msg.includes('malformed'));
    expect(warning?.path).toMatch(/^leads\[\d+\]/);
  });
});
