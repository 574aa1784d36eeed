// The App Home through the running app: a signed app_home_opened in, the published view out (fake Slack's
// views.publish), for a member, an admin and a guest; each section's content; MoltFlow down; refresh on change.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Lead } from '../../../src/domain/lead.js';
import type { LeadStatus } from '../../../src/domain/pipeline.js';
import {
  createWorld,
  LEADS_CHANNEL,
  SIGNING_SECRET,
  type TestApp,
  type World,
} from '../../helpers/harness.js';
import { json } from '../../helpers/moltflow-api/router.js';
import { blockActionPayload, postAppHomeOpened, postInteraction } from '../../helpers/signed-request.js';

// Monday 9 March 2026, 03:30 UTC: still Sunday evening in New York, already Monday noon in Tokyo.
const NOW = new Date('2026-03-09T03:30:00Z');
const MEMBER = 'U0MEMBER';
const ADMIN = 'U0ADMIN';
const GUEST = 'U0GUEST';
const TOKYO = 'U0TOKYO';
const min = (n: number) => n * 60_000;

type Block = { type: string; block_id?: string; text?: { text: string }; elements?: { text: string }[] };

function lead(id: string, detectedAt: string, status: LeadStatus = 'new'): Lead {
  return {
    id,
    phone: '+15550000000',
    name: 'Someone',
    status,
    score: null,
    detectedAt: new Date(detectedAt),
    sourceGroup: null,
    keyword: null,
    preview: null,
    monitorMode: null,
    messageCount: null,
  };
}

describe('App Home', () => {
  let world: World;
  let app: TestApp;

  beforeEach(async () => {
    world = await createWorld();
    world.slack.setDefaultUser({});
    world.slack.setUser(MEMBER, { tz: 'America/New_York' });
    world.slack.setUser(ADMIN, { tz: 'America/New_York', is_admin: true });
    world.slack.setUser(GUEST, { is_restricted: true });
    world.slack.setUser(TOKYO, { tz: 'Asia/Tokyo' });
    app = await world.startApp(
      {},
      { now: () => NOW, home: { perUserMs: 50, gapMs: 0, sectionLimitMs: 1_500 } },
    );
  });
  afterEach(async () => {
    await world.close();
  });

  const publishes = (user: string) =>
    world.slack.callsTo('views.publish').filter((c) => c.args.user_id === user).length;
  /** Opens the Home and waits for the n-th publish for that person; returns its blocks. */
  const open = async (user: string, n = publishes(user) + 1) => {
    const res = await postAppHomeOpened(app.eventsUrl, SIGNING_SECRET, user);
    expect(res.status).toBe(200);
    await world.slack.waitFor(() => publishes(user) >= n);
    return homeOf(user);
  };
  const homeOf = (user: string) => {
    const view = world.slack.home(user) as { type: string; blocks: Block[] };
    expect(view.type).toBe('home');
    return view.blocks;
  };
  const textOf = (blocks: Block[], blockId: string) =>
    blocks.find((b) => b.block_id === blockId)?.text?.text ?? '';
  const all = (blocks: Block[]) => JSON.stringify(blocks);

  it('shows a member the pipeline, outreach and health, and no settings', async () => {
    const blocks = await open(MEMBER);
    expect(all(blocks)).toContain('Pipeline');
    expect(textOf(blocks, 'home_health')).toContain('MoltFlow is reachable and the API key is valid');
    expect(textOf(blocks, 'home_broadcasts')).toBe('No broadcast is running.');
    expect(blocks.some((b) => b.block_id?.startsWith('home_admin'))).toBe(false);
    expect(blocks.length).toBeLessThanOrEqual(100);
    expect(world.slack.rejections).toEqual([]);
  });

  it('ignores the Messages tab', async () => {
    await postAppHomeOpened(app.eventsUrl, SIGNING_SECRET, MEMBER, 'messages');
    await open(MEMBER);
    expect(publishes(MEMBER)).toBe(1);
  });

  it('shows an admin the settings, with only the last four characters of the key', async () => {
    const blocks = await open(ADMIN);
    const settings = textOf(blocks, 'home_admin_settings');
    expect(settings).toContain(`<#${LEADS_CHANNEL}>`);
    expect(settings).toContain('0 routes');
    expect(settings).toContain(`…${world.moltflow.apiKey.slice(-4)}`);
    expect(settings).toContain('*Poll interval*: every 30 seconds');
    expect(blocks.some((b) => b.block_id === 'home_admin_actions')).toBe(true);
    expect(all(blocks)).not.toContain(world.moltflow.apiKey);
  });

  it('gives a guest a short no-access Home and asks MoltFlow nothing', async () => {
    const blocks = await open(GUEST);
    expect(blocks).toHaveLength(2);
    expect(all(blocks)).toMatch(/not available to guests/);
    expect(world.moltflow.requests).toEqual([]);
    const denials = await app.service.ctx.store.audit.list({ offset: 0, limit: 10 });
    expect(denials.map((d) => [d.actor, d.target, d.outcome])).toEqual([
      [GUEST, 'app_home_opened', 'denied'],
    ]);
  });

  it('counts leads by week in the viewer’s time zone and gives the median speed to lead per person', async () => {
    const { store } = app.service.ctx;
    const seed = async (id: string, detected: string, moves: [LeadStatus, string, number][]) => {
      await store.markPosted(id, LEADS_CHANNEL, `1.${id}`, lead(id, detected), NOW);
      for (const [status, by, after] of moves) {
        const at = new Date(new Date(detected).getTime() + after);
        await store.updateShown(id, lead(id, detected, status), { by, at });
      }
    };
    await seed('A', '2026-03-08T12:00:00Z', [['contacted', 'U0ONE', min(4)]]); // Sun: this week in NY
    await seed('B', '2026-03-02T04:00:00Z', [['contacted', 'U0ONE', min(10)]]); // Sun 23:00 in NY: last week
    await seed('C', '2026-03-02T06:00:00Z', [
      ['qualified', 'U0TWO', min(30)],
      ['converted', 'U0ONE', min(90)], // not a first move
    ]);
    await seed('D', '2026-03-06T09:00:00Z', []);
    await seed('OLD', '2026-02-20T09:00:00Z', [['contacted', 'U0OLD', min(1)]]); // before last week

    const ny = await open(MEMBER);
    const pipeline = textOf(ny, 'home_pipeline');
    expect(pipeline).toContain('*Leads detected*: *3* this week · 1 last week');
    expect(pipeline).toContain('Contacted: *1* this week · 1 last week');
    expect(pipeline).toContain('Converted: *1* this week · 0 last week');
    const speed = textOf(ny, 'home_speed');
    expect(speed).toContain('3 leads): *10 min*');
    expect(speed).toContain('• <@U0ONE>: 7 min (2 leads)');
    expect(speed).toContain('• <@U0TWO>: 30 min (1 lead)');
    expect(speed).not.toContain('U0OLD');

    // In Tokyo it is already Monday: Sunday's lead A belongs to last week there.
    const tokyo = await open(TOKYO);
    expect(textOf(tokyo, 'home_pipeline')).toContain('*Leads detected*: *0* this week · 4 last week');
  });

  it('lists running broadcasts (escaped) and the next scheduled sends', async () => {
    await app.service.ctx.store.broadcasts.track({
      jobId: 'job-1',
      channel: 'C0OUT',
      ts: '1.1',
      startedBy: ADMIN,
      status: 'running',
      state: {
        groupName: '<!channel> VIPs',
        sessionName: 'Main',
        sent: 40,
        total: 100,
        failed: 2,
        status: 'running',
      },
    });
    const run = (name: string, next: string, status = 'active') => ({
      id: name,
      name,
      status,
      next_run_at: next,
    });
    world.moltflow.override('GET', '/scheduled-messages', () =>
      json(200, {
        messages: [
          run('Later', '2026-03-12T09:00:00Z'),
          run('Soon', '2026-03-10T09:00:00Z'),
          run('Paused', '2026-03-09T09:00:00Z', 'paused'),
        ],
        total: 3,
      }),
    );
    const blocks = await open(MEMBER);
    const b = textOf(blocks, 'home_broadcasts');
    expect(b).toContain('*&lt;!channel&gt; VIPs* via Main: 40/100 sent, 2 failed · running');
    expect(b).not.toContain('<!channel>');
    const s = textOf(blocks, 'home_schedules');
    expect(s.indexOf('Soon')).toBeGreaterThan(0);
    expect(s.indexOf('Soon')).toBeLessThan(s.indexOf('Later'));
    expect(s).not.toContain('Paused');
    expect(s).toContain(`<!date^${Date.parse('2026-03-10T09:00:00Z') / 1000}^`);
  });

  it('degrades only the MoltFlow sections when MoltFlow is down', async () => {
    world.moltflow.fail('all', { kind: 'status', status: 503, times: Number.POSITIVE_INFINITY });
    const blocks = await open(MEMBER);
    expect(textOf(blocks, 'home_schedules')).toMatch(/couldn't load the scheduled sends/);
    expect(textOf(blocks, 'home_health')).toMatch(/MoltFlow is not answering \(HTTP 503\)/);
    expect(textOf(blocks, 'home_pipeline')).toContain('*Leads detected*');
    expect(textOf(blocks, 'home_broadcasts')).toBe('No broadcast is running.');
  });

  it('does not wait past the section time limit for a MoltFlow call that hangs', async () => {
    // MoltFlow calls themselves may take 4 s here; each section may take 300 ms.
    await app.stop();
    app = await world.startApp(
      {},
      {
        now: () => NOW,
        interactiveTimeoutMs: 4_000,
        home: { perUserMs: 50, gapMs: 0, sectionLimitMs: 300 },
      },
    );
    world.moltflow.fail({ path: '/scheduled-messages' }, { kind: 'hang' });
    const started = Date.now();
    const blocks = await open(MEMBER);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(textOf(blocks, 'home_schedules')).toMatch(/couldn't load the scheduled sends/);
    expect(textOf(blocks, 'home_health')).toContain('MoltFlow is reachable');
  });

  it('says so when the key is refused', async () => {
    world.moltflow.fail(
      { path: '/sessions' },
      { kind: 'status', status: 401, body: { detail: 'Invalid API key' } },
    );
    const blocks = await open(MEMBER);
    expect(textOf(blocks, 'home_health')).toMatch(/refused the API key/);
  });

  it('is redrawn when a lead is posted or a poll pass ends, for those who opened it', async () => {
    await open(MEMBER);
    const before = publishes(MEMBER);
    world.moltflow.addLead({ detectedAt: new Date(NOW.getTime() - min(5)) });
    await app.service.pollOnce();
    await world.slack.waitFor(
      () => textOf(homeOf(MEMBER), 'home_pipeline').includes('*1* this week') || undefined,
    );
    // a card posted and a poll pass: two changes at once, coalesced into at most two redraws
    expect(publishes(MEMBER) - before).toBeGreaterThanOrEqual(1);
    expect(publishes(MEMBER) - before).toBeLessThanOrEqual(2);
    expect(publishes(ADMIN)).toBe(0); // never opened it: never drawn
  });

  it('times a move made from a card as that person’s first move, and redraws the Home', async () => {
    world.moltflow.addLead({ detectedAt: new Date(NOW.getTime() - min(5)) });
    await app.service.pollOnce();
    await open(MEMBER);
    const card = world.slack.messages(LEADS_CHANNEL)[0];
    const leadId = String(card?.metadata?.event_payload.lead_id);
    const click = await postInteraction(
      app.eventsUrl,
      SIGNING_SECRET,
      blockActionPayload({
        actionId: 'lead_status_contacted',
        value: leadId,
        userId: MEMBER,
        channelId: LEADS_CHANNEL,
        messageTs: card?.ts ?? '',
      }),
    );
    expect(click.status).toBe(200);
    await world.slack.waitFor(
      () => textOf(homeOf(MEMBER), 'home_speed').includes(`<@${MEMBER}>`) || undefined,
    );
    expect(textOf(homeOf(MEMBER), 'home_speed')).toContain(`• <@${MEMBER}>: 5 min (1 lead)`);
    const record = await app.service.ctx.store.getLeadRecord(leadId);
    expect(record).toMatchObject({ firstMovedBy: MEMBER, firstMovedAt: NOW });
  });

  it('publishes again after Slack rate-limits views.publish, rather than dropping it', async () => {
    world.slack.failNext('views.publish', { retryAfterSec: 1 });
    await postAppHomeOpened(app.eventsUrl, SIGNING_SECRET, MEMBER);
    await world.slack.waitFor(() => world.slack.home(MEMBER), { timeoutMs: 5_000 });
    expect(publishes(MEMBER)).toBe(2);
    const [limited, published] = world.slack.callsTo('views.publish');
    expect((published?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(900);
  });
});
