import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WireLead } from '../../helpers/fake-moltflow.js';
import {
  createWorld,
  LEADS_CHANNEL,
  SIGNING_SECRET,
  type TestApp,
  type World,
} from '../../helpers/harness.js';
import {
  buttonsOf,
  click,
  ephemeralButton,
  overflowChoice,
  responseAt,
  rowsOf,
  slash,
} from '../../helpers/leads-support.js';
import { monitoredGroups } from '../../helpers/moltflow-api/monitored-groups.js';
import { DEFAULT_GROUP } from '../../helpers/moltflow-api/state.js';

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

describe('/leads lists leads privately, 10 a page', () => {
  let world: World;
  let app: TestApp;
  let fresh: WireLead[];

  beforeEach(async () => {
    world = await createWorld();
    // 23 new leads, the newest last; plus two already contacted.
    fresh = world.moltflow.addLeads(23, (i) => ({
      detectedAt: minutesAgo(100 - i),
      contact_name: `New ${i + 1}`,
    }));
    world.moltflow.addLeads(2, (i) => ({
      detectedAt: minutesAgo(200 + i),
      contact_name: `Maria ${i}`,
      lead_status: 'contacted',
    }));
    app = await world.startApp();
  });
  afterEach(async () => {
    expect(world.slack.rejections).toEqual([]);
    expect(world.slack.warnings).toEqual([]);
    await world.close();
  });

  const run = (text: string) => {
    const url = world.slack.responseUrl();
    return { url, ack: slash(world, app.eventsUrl, SIGNING_SECRET, text, url) };
  };
  const names = (m: { blocks?: unknown[] }) =>
    rowsOf(m).map((r) => /^\*([^*]+)\*/.exec(r.text?.text ?? '')?.[1]);
  const leadRequests = () => world.moltflow.requestsTo('GET', '/leads');

  it('shows the newest new leads, then pages to the last page and back through the same message', async () => {
    const { url, ack } = run('');
    expect(await ack).toBeUndefined();
    const first = await responseAt(world, url, 1);
    expect(first.response_type).toBe('ephemeral');
    expect(first.text).toBe('New leads: 1–10 of 23');
    expect(names(first)).toEqual(Array.from({ length: 10 }, (_, i) => `New ${23 - i}`));
    expect(leadRequests().map((r) => r.query)).toEqual([{ limit: '10', offset: '0', status: 'new' }]);

    const pressed = async (page: { blocks?: unknown[] }, id: string) => {
      const button = buttonsOf(page).find((b) => b.action_id === id);
      expect(button, `${id} on the page`).toBeDefined();
      await click(
        app.eventsUrl,
        SIGNING_SECRET,
        ephemeralButton({ actionId: id, value: button?.value ?? '', responseUrl: url }),
      );
    };
    await pressed(first, 'lead_list_next');
    const second = await responseAt(world, url, 2);
    expect(second).toMatchObject({ replace_original: true, text: 'New leads: 11–20 of 23' });
    await pressed(second, 'lead_list_next');
    const last = await responseAt(world, url, 3);
    expect(last.text).toBe('New leads: 21–23 of 23');
    expect(names(last)).toEqual(['New 3', 'New 2', 'New 1']);
    expect(buttonsOf(last).map((b) => b.action_id)).toEqual(['lead_list_prev']);
    await pressed(last, 'lead_list_prev');
    expect((await responseAt(world, url, 4)).text).toBe('New leads: 11–20 of 23');
    // One MoltFlow request per page.
    expect(leadRequests().map((r) => r.query.offset)).toEqual(['0', '10', '20', '10']);
  });

  it('combines status, group (by name, any case) and search into one request', async () => {
    const sellers = monitoredGroups(world.moltflow.state);
    sellers.add(DEFAULT_GROUP.name, DEFAULT_GROUP.id);
    const other = sellers.add('Sellers Lisbon');
    world.moltflow.addLead({
      contact_name: 'Maria Elsewhere',
      lead_status: 'contacted',
      source_group: { id: other.id, name: other.name },
    });

    const { url } = run('contacted group buyers club search maria');
    const page = await responseAt(world, url);
    expect(page.text).toBe('Contacted leads in Buyers Club matching “maria”: 1–2 of 2');
    expect(names(page)).toEqual(['Maria 0', 'Maria 1']);
    expect(leadRequests().at(-1)?.query).toEqual({
      limit: '10',
      offset: '0',
      status: 'contacted',
      search: 'maria',
      source_group_id: DEFAULT_GROUP.id,
    });
  });

  it('says plainly when a search finds nothing', async () => {
    const { url } = run('all search zebra');
    const page = await responseAt(world, url);
    expect(page.text).toBe('No leads matching “zebra”');
    expect(JSON.stringify(page.blocks)).toContain('a shorter search');
    expect(rowsOf(page)).toEqual([]);
  });

  it('searches every status unless a status is typed: a Lost lead is found by name', async () => {
    world.moltflow.addLead({ contact_name: 'Dana Lost', lead_status: 'lost', detectedAt: minutesAgo(300) });

    const { url } = run('search dana');
    const page = await responseAt(world, url);
    expect(page.text).toBe('All leads matching “dana”: 1–1 of 1');
    expect(names(page)).toEqual(['Dana Lost']);
    expect(JSON.stringify(page.blocks)).toContain('· Lost');
    // No status asked of MoltFlow: that is how its API lists every status (moltflow-api.md §2.3).
    expect(leadRequests().at(-1)?.query).toEqual({ limit: '10', offset: '0', search: 'dana' });

    const narrowed = run('new search dana');
    const none = await responseAt(world, narrowed.url);
    expect(none.text).toBe('No New leads matching “dana”');
    expect(JSON.stringify(none.blocks)).toContain('`/leads all` for every status');
    expect(leadRequests().at(-1)?.query).toMatchObject({ status: 'new', search: 'dana' });
  });

  it('lists the known groups when the group name matches none, without asking for leads', async () => {
    monitoredGroups(world.moltflow.state).add('<!here> Sellers');
    const { url } = run('group nowhere');
    const reply = await responseAt(world, url);
    expect(reply.text).toContain('No monitored group is called “nowhere”');
    expect(reply.text).toContain('&lt;!here&gt; Sellers');
    expect(reply.text).not.toContain('<!here>');
    expect(leadRequests()).toEqual([]);
  });

  it.each([
    ['spam', /"spam".*Statuses are new, contacted.*For example: `\/leads search spam`/s],
    ['contacted lost', /one status/],
    ['search', /search text after `search`/],
    ['page -1', /page number from 1/],
    ['&lt;!channel&gt;', /&lt;!channel&gt;/],
  ])('answers %j at once with what is wrong and an example', async (text, words) => {
    const { ack } = run(text);
    const body = await ack;
    expect(body?.response_type).toBe('ephemeral');
    expect(body?.text).toMatch(words);
    expect(body?.text).not.toContain('<!channel>');
    expect(world.moltflow.requests).toEqual([]);
  });

  it('explains a MoltFlow rate limit instead of a list', async () => {
    world.moltflow.fail(
      { method: 'GET', path: '/leads' },
      { kind: 'status', status: 429, headers: { 'Retry-After': '30' }, times: 5 },
    );
    const { url } = run('');
    expect((await responseAt(world, url)).text).toMatch(/rate-limiting.*Try again in 30 s/);
  });

  it('moves a lead from its row: MoltFlow, the page, the card and its thread all follow', async () => {
    await app.service.pollOnce(); // the feed posts a card per lead
    const { url } = run('');
    const page = await responseAt(world, url);
    const target = fresh[22] as WireLead; // New 23, the top row
    const row = rowsOf(page)[0];
    const option = row?.accessory?.options?.find((o) => o.value === `move:contacted:${target.id}`);
    expect(option).toBeDefined();

    await click(
      app.eventsUrl,
      SIGNING_SECRET,
      overflowChoice({ blockId: row?.block_id ?? '', value: option?.value ?? '', responseUrl: url }),
    );
    const redrawn = await responseAt(world, url, 2);
    expect(world.moltflow.lead(target.id)?.lead_status).toBe('contacted');
    expect(redrawn.replace_original).toBe(true);
    expect(redrawn.text).toBe('New leads: 1–10 of 22');
    expect(JSON.stringify(redrawn.blocks)).toContain(':white_check_mark: Marked *New 23* contacted.');
    expect(names(redrawn)).not.toContain('New 23');

    const card = world.slack
      .messages(LEADS_CHANNEL)
      .find((m) => m.metadata?.event_payload.lead_id === target.id);
    expect(card?.edits).toBe(1);
    expect(JSON.stringify(card?.blocks)).toMatch(/Contacted.*set by <@U0ANA>/);
    const thread = await world.slack.waitFor(() =>
      world.slack.messages(LEADS_CHANNEL).find((m) => m.thread_ts === card?.ts),
    );
    expect(thread.text).toBe('New → Contacted by <@U0ANA>');
    expect(world.slack.messages(LEADS_CHANNEL).filter((m) => m.thread_ts)).toHaveLength(1);
  });

  it('explains a move MoltFlow refuses on the redrawn page, and shows details below the list', async () => {
    const { url } = run('');
    const page = await responseAt(world, url);
    const target = fresh[22] as WireLead;
    const row = rowsOf(page)[0];
    world.moltflow.setLeadStatus(target.id, 'converted');

    await click(
      app.eventsUrl,
      SIGNING_SECRET,
      overflowChoice({
        blockId: row?.block_id ?? '',
        value: `move:qualified:${target.id}`,
        responseUrl: url,
      }),
    );
    const redrawn = await responseAt(world, url, 2);
    expect(JSON.stringify(redrawn.blocks)).toContain('already *Converted* in MoltFlow');
    expect(redrawn.text).toBe('New leads: 1–10 of 22');

    await click(
      app.eventsUrl,
      SIGNING_SECRET,
      overflowChoice({ blockId: row?.block_id ?? '', value: `show:${target.id}`, responseUrl: url }),
    );
    const detail = await responseAt(world, url, 3);
    expect(detail.replace_original).toBe(false);
    expect(detail.text).toBe('Lead New 23 (Converted)');
    expect(JSON.stringify(detail.blocks)).toContain('*Messages*\\n1 message');
  });
});
