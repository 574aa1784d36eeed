import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  cardLeadIds,
  createWorld,
  LEADS_CHANNEL,
  SIGNING_SECRET,
  type TestApp,
  type World,
} from '../../helpers/harness.js';
import { DEFAULT_GROUP } from '../../helpers/moltflow-api/state.js';
import { blockActionPayload, postInteraction, postSlashCommand } from '../../helpers/signed-request.js';

const SALES_CHANNEL = 'C0SALES001';
const OTHER = { id: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d', name: 'Other <Group>' };

describe('lead routing: /moltflow route and routes', () => {
  let world: World;
  let app: TestApp;
  beforeEach(async () => {
    world = await createWorld();
    world.moltflow.override('GET', '/groups', () => ({
      status: 200,
      body: { items: [DEFAULT_GROUP, OTHER] },
    }));
    world.slack.setChannel(SALES_CHANNEL, { name: 'sales' });
    app = await world.startApp();
    await app.service.pollOnce(); // the first start (backfill) is behind us
  });
  afterEach(async () => {
    expect(world.slack.rejections).toEqual([]);
    expect(world.slack.warnings).toEqual([]);
    await world.close();
  });

  const moltflow = (text: string, userId = 'U0ANA') =>
    postSlashCommand(app.eventsUrl, SIGNING_SECRET, {
      command: '/moltflow',
      text,
      userId,
      responseUrl: world.slack.responseUrl(),
    });
  const route = async (text: string, userId = 'U0ANA') => {
    const before = world.slack.responses.length;
    const res = await moltflow(`route ${text}`, userId);
    expect(res.status).toBe(200);
    if (res.json) return (res.json as { text: string }).text;
    return String((await world.slack.waitFor(() => world.slack.responses[before]?.body)).text);
  };
  const cardsIn = (channel: string) => cardLeadIds(world.slack, channel);

  it("sends a source group's new leads to its channel and the rest to the leads channel", async () => {
    const reply = await route(`Buyers Club <#${SALES_CHANNEL}|sales>`);
    expect(reply).toBe(
      `:white_check_mark: New leads from *Buyers Club* now go to <#${SALES_CHANNEL}>. See every route with \`/moltflow routes\`.`,
    );
    expect(await app.service.ctx.store.routes.get(DEFAULT_GROUP.id)).toMatchObject({
      channel: SALES_CHANNEL,
      setBy: 'U0ANA',
      sourceGroupName: 'Buyers Club',
    });

    const routed = world.moltflow.addLead();
    const other = world.moltflow.addLead({ source_group: OTHER });
    await app.service.pollOnce();

    expect(cardsIn(SALES_CHANNEL)).toEqual([routed.id]);
    expect(cardsIn(LEADS_CHANNEL)).toEqual([other.id]);
    expect(world.slack.callsTo('conversations.join')).toHaveLength(0);
  });

  it('accepts a bare channel id and a group id, and says which channel it replaced', async () => {
    await route(`${DEFAULT_GROUP.id} C0SALES001`);
    const reply = await route(`buyers club <#C0SALES002|>`);
    expect(reply).toMatch(/now go to <#C0SALES002> \(instead of <#C0SALES001>\)/);
    expect(await app.service.ctx.store.routes.list()).toHaveLength(1);
  });

  it('asks to be invited instead of joining a channel it is not in', async () => {
    world.slack.setChannel(SALES_CHANNEL, { member: false });
    const reply = await route(`Buyers Club <#${SALES_CHANNEL}|sales>`);
    expect(reply).toBe(
      `I'm not in <#${SALES_CHANNEL}> yet. Invite me there with \`/invite @moltflow\`, then run this again.`,
    );
    expect(world.slack.callsTo('conversations.join')).toHaveLength(0);
    expect(await app.service.ctx.store.routes.list()).toEqual([]);
  });

  it.each([
    [
      { error: 'channel_not_found' },
      /I can't see <#C0SALES001>\. If it is a private channel, invite me first/,
    ],
    [{ error: 'missing_scope' }, /Slack would not tell me whether I can post in <#C0SALES001>/],
  ])('explains a channel it cannot check (%j)', async (fault, words) => {
    world.slack.failNext('conversations.info', fault);
    expect(await route(`Buyers Club <#${SALES_CHANNEL}>`)).toMatch(words);
    expect(await app.service.ctx.store.routes.list()).toEqual([]);
  });

  it('refuses an archived channel', async () => {
    world.slack.setChannel(SALES_CHANNEL, { archived: true });
    expect(await route(`Buyers Club <#${SALES_CHANNEL}>`)).toMatch(/is archived/);
  });

  it.each([
    ['', /^Usage: `\/moltflow route <group name or id> #channel`/],
    ['Buyers Club #sales', /I can't tell which channel `#sales` is\. Type # and pick the channel/],
    [`<#${SALES_CHANNEL}|sales>`, /^Say which source group to route/],
    ['Buyers Club', /^Usage:/],
    ['<!channel> <@U1>', /^Usage:/],
  ])('answers "/moltflow route %s" with how to use it', async (text, words) => {
    expect(await route(text)).toMatch(words);
    expect(world.moltflow.requests.filter((r) => r.path === '/groups')).toHaveLength(0);
  });

  it('names the monitored groups when the group matches none, escaping their names', async () => {
    const reply = await route(`Nope <#${SALES_CHANNEL}>`);
    expect(reply).toMatch(
      /No monitored group matches "Nope"\. Your groups: \*Buyers Club\*, \*Other &lt;Group&gt;\*/,
    );
  });

  it('routing a group to the leads channel removes its route', async () => {
    await route(`Buyers Club <#${SALES_CHANNEL}>`);
    const reply = await route(`Buyers Club <#${LEADS_CHANNEL}>`);
    expect(reply).toMatch(/Removed the route for \*Buyers Club\*/);
    expect(await app.service.ctx.store.routes.list()).toEqual([]);
  });

  it('falls back to the leads channel with a note when the routed channel is archived, flags the route, and recovers', async () => {
    await route(`Buyers Club <#${SALES_CHANNEL}>`);
    world.slack.setChannel(SALES_CHANNEL, { archived: true });
    const first = world.moltflow.addLead();
    await app.service.pollOnce();

    expect(cardsIn(LEADS_CHANNEL)).toEqual([first.id]);
    expect(cardsIn(SALES_CHANNEL)).toEqual([]);
    const card = world.slack.messages(LEADS_CHANNEL).at(-1);
    expect(JSON.stringify(card?.blocks)).toContain(
      `:warning: Couldn't post in <#${SALES_CHANNEL}>: the channel is archived — the route is flagged in \`/moltflow routes\`.`,
    );
    const flagged = await app.service.ctx.store.routes.get(DEFAULT_GROUP.id);
    expect(flagged?.lastError).toBe('is_archived');
    expect(flagged?.failingSince).toBeInstanceOf(Date);

    const list = await moltflow('routes');
    expect(JSON.stringify(list.json)).toContain(':warning: *Not working* since <!date^');
    expect((list.json as { text: string }).text).toBe(
      `1 lead route, 1 not working; other leads go to <#${LEADS_CHANNEL}>.`,
    );

    // Exactly once: the fallen-back lead is never posted again; the next lead goes back to sales once it works.
    world.slack.setChannel(SALES_CHANNEL, { archived: false });
    const second = world.moltflow.addLead();
    await app.service.pollOnce();
    expect(cardsIn(SALES_CHANNEL)).toEqual([second.id]);
    expect(cardsIn(LEADS_CHANNEL)).toEqual([first.id]);
    expect((await app.service.ctx.store.routes.get(DEFAULT_GROUP.id))?.failingSince).toBeNull();
  });

  it('falls back when the app was removed from a private routed channel it cannot rejoin', async () => {
    world.slack.setChannel('G0PRIVATE1', { isPrivate: true });
    await route('Buyers Club <#G0PRIVATE1|>');
    world.slack.setChannel('G0PRIVATE1', { member: false });
    const lead = world.moltflow.addLead();
    await app.service.pollOnce();

    expect(cardsIn(LEADS_CHANNEL)).toEqual([lead.id]);
    expect(JSON.stringify(world.slack.messages(LEADS_CHANNEL).at(-1)?.blocks)).toContain(
      'the app is not in the channel',
    );
    expect((await app.service.ctx.store.routes.get(DEFAULT_GROUP.id))?.lastError).toBe('not_in_channel');
  });

  it('never joins a public routed channel it was removed from: falls back to the leads channel and flags the route', async () => {
    await route(`Buyers Club <#${SALES_CHANNEL}|sales>`);
    world.slack.setChannel(SALES_CHANNEL, { member: false }); // someone removed the app; joining would work
    const lead = world.moltflow.addLead();
    await app.service.pollOnce();

    expect(world.slack.callsTo('conversations.join')).toHaveLength(0);
    expect(cardsIn(SALES_CHANNEL)).toEqual([]);
    expect(cardsIn(LEADS_CHANNEL)).toEqual([lead.id]);
    expect(JSON.stringify(world.slack.messages(LEADS_CHANNEL).at(-1)?.blocks)).toContain(
      `Couldn't post in <#${SALES_CHANNEL}>: the app is not in the channel`,
    );
    expect(await app.service.ctx.store.routes.get(DEFAULT_GROUP.id)).toMatchObject({
      lastError: 'not_in_channel',
      failingSince: expect.any(Date),
    });
  });

  it('escapes monitored group names in the example of the route answers', async () => {
    world.moltflow.override('GET', '/groups', () => ({
      status: 200,
      body: { items: [{ id: 'g-hostile', name: '<!channel> *bold*' }, DEFAULT_GROUP] },
    }));
    const reply = await route(`Nope <#${SALES_CHANNEL}>`);
    expect(reply).toContain('Your groups: *&lt;!channel&gt; *bold**, *Buyers Club*');
    expect(reply).toContain('For example: `/moltflow route &lt;!channel&gt; *bold* #sales`.');
    expect(reply).not.toContain('<!channel>');

    const set = await route(`g-hostile <#${SALES_CHANNEL}>`);
    expect(set).toBe(
      `:white_check_mark: New leads from *&lt;!channel&gt; *bold** now go to <#${SALES_CHANNEL}>. See every route with \`/moltflow routes\`.`,
    );
  });

  it('lists routes with who set each and when, and removes one from the list', async () => {
    await route(`Buyers Club <#${SALES_CHANNEL}>`);
    await route('Other &lt;Group&gt; <#C0OTHER01|other>', 'U0BEA');

    const res = await moltflow('routes');
    const body = res.json as {
      text: string;
      blocks: { type: string; text?: { text: string }; accessory?: { value: string } }[];
    };
    const rows = body.blocks.filter((b) => b.accessory);
    expect(rows.map((b) => b.text?.text.split('\n').slice(0, 2))).toEqual([
      [`*Buyers Club* → <#${SALES_CHANNEL}>`, expect.stringMatching(/^Set by <@U0ANA> <!date\^\d+\^/)],
      ['*Other &lt;Group&gt;* → <#C0OTHER01>', expect.stringMatching(/^Set by <@U0BEA> <!date\^/)],
    ]);

    const responseUrl = world.slack.responseUrl('routes');
    await postInteraction(
      app.eventsUrl,
      SIGNING_SECRET,
      blockActionPayload({
        actionId: 'route_remove',
        value: DEFAULT_GROUP.id,
        channelId: 'C0TEST0001',
        messageTs: '1700000000.000100',
        userId: 'U0CAL',
        responseUrl,
      }),
    );
    const redrawn = await world.slack.waitFor(
      () => world.slack.responses.find((r) => r.url === responseUrl)?.body,
    );
    expect(redrawn.replace_original).toBe(true);
    const shown = JSON.stringify(redrawn.blocks);
    expect(shown).toContain('<@U0CAL> removed the route for *Buyers Club*');
    expect(shown).not.toContain(`→ <#${SALES_CHANNEL}>`);
    expect((await app.service.ctx.store.routes.list()).map((r) => r.sourceGroupId)).toEqual([OTHER.id]);
  });

  it('says there are no routes yet, and where leads go', async () => {
    const res = await moltflow('routes');
    expect((res.json as { text: string }).text).toBe(
      `No lead routes: every new lead goes to <#${LEADS_CHANNEL}>.`,
    );
  });
});
