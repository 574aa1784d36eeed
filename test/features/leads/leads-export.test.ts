import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, SIGNING_SECRET, type TestApp, type World } from '../../helpers/harness.js';
import { leadBulk } from '../../helpers/moltflow-api/lead-bulk.js';
import { DEFAULT_GROUP } from '../../helpers/moltflow-api/state.js';
import { postSlashCommand } from '../../helpers/signed-request.js';

const SALES = { id: '9d1e0c4a-2b3f-4a5e-8c7d-6f5e4d3c2b1a', name: 'Sales & Deals' };
const CHANNEL = 'C0SALES01';

describe('/leads export', () => {
  let world: World;
  let app: TestApp;
  beforeEach(async () => {
    world = await createWorld();
    world.moltflow.override('GET', '/groups', () => ({
      status: 200,
      body: { items: [DEFAULT_GROUP, SALES], total: 2 },
    }));
    app = await world.startApp();
  });
  afterEach(async () => {
    expect(world.slack.rejections).toEqual([]);
    expect(world.slack.warnings).toEqual([]);
    await world.close();
  });

  const run = (text: string, opts: { channelId?: string; userId?: string } = {}) =>
    postSlashCommand(app.eventsUrl, SIGNING_SECRET, {
      command: '/leads',
      text,
      channelId: opts.channelId ?? CHANNEL,
      userId: opts.userId ?? 'U0ANA',
      responseUrl: world.slack.responseUrl(),
    });
  const reply = (n = 0) => world.slack.waitFor(() => world.slack.responses[n]?.body);
  const uploaded = () => world.slack.waitFor(() => world.slack.files.find((f) => f.completed));

  it('uploads a CSV of the filtered leads to the channel, naming the count and the cap', async () => {
    world.moltflow.addLeads(3, (i) => ({ lead_status: i === 0 ? 'new' : 'qualified' }));
    world.moltflow.addLead({
      lead_status: 'qualified',
      contact_name: 'Line\nBreak, "Quoted"',
      source_group: SALES,
    });

    const res = await run('export csv qualified');
    expect(res.status).toBe(200);
    expect((res.json as { text: string }).text).toMatch(/Exporting CSV/);
    const file = await uploaded();
    const done = await reply();

    expect(file.channelId).toBe(CHANNEL);
    expect(file.filename).toMatch(/^moltflow-leads-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(file.content?.toString()).toContain('"Line\nBreak, ""Quoted"""');
    expect(file.initialComment).toBe(
      '<@U0ANA> exported 3 leads (status qualified) as CSV. MoltFlow exports at most 10,000 rows at a time.',
    );
    expect(done.text).toMatch(
      /^:white_check_mark: Uploaded 3 leads in `moltflow-leads-.*\.csv` to this channel\.$/,
    );
    const call = world.moltflow.requestsTo('GET', '/leads/export/csv')[0];
    expect(call?.query).toEqual({ status: 'qualified' });
  });

  it('resolves a group name to its id, keeps & intact, and exports JSON', async () => {
    world.moltflow.addLeads(2);
    world.moltflow.addLeads(4, () => ({ source_group: SALES }));

    await run('export json group sales &amp; deals search price');
    const file = await uploaded();

    expect(world.moltflow.requestsTo('GET', '/leads/export/json')[0]?.query).toEqual({
      source_group_id: SALES.id,
      search: 'price',
    });
    expect(JSON.parse(file.content?.toString() ?? '')).toHaveLength(4);
    expect(file.initialComment).toMatch(
      /exported 4 leads \(group Sales &amp; Deals, matching "price"\) as JSON/,
    );
  });

  it('says the export was capped at 10,000 rows when it was', async () => {
    leadBulk(world.moltflow.state).exportCap = 10_000;
    world.moltflow.addLeads(10_005);

    await run('export csv');
    const file = await uploaded();

    expect(file.initialComment).toMatch(
      /exported 10,000 leads \(all leads\) as CSV\. :warning: MoltFlow capped this export at 10,000 rows — narrow the filters/,
    );
  });

  it('says exports need the Pro plan when MoltFlow refuses with 403', async () => {
    world.moltflow.state.plan = 'starter';
    world.moltflow.addLead();

    await run('export csv');
    const done = await reply();

    expect(done.text).toMatch(/Exports need MoltFlow's \*Pro\* plan/);
    expect(world.slack.callsTo('files.getUploadURLExternal')).toHaveLength(0);
  });

  it('sends the file to the person directly when asked from a DM', async () => {
    world.moltflow.addLead();
    await run('export csv', { channelId: 'D0SOMEDM', userId: 'U0BEA' });
    const file = await uploaded();
    const done = await reply();

    expect(world.slack.callsTo('conversations.open')[0]?.args.users).toBe('U0BEA');
    expect(file.channelId).toBe('D0BEA');
    expect(done.text).toMatch(/Sent 1 lead in .* to you in a direct message\.$/);
  });

  it('sends the file to the person when the app is not in the channel, and says how to fix that', async () => {
    world.moltflow.addLead();
    world.slack.setChannel(CHANNEL, { member: false });

    await run('export csv');
    const done = await reply();

    const file = world.slack.files.find((f) => f.completed);
    expect(file?.channelId).toBe('D0ANA');
    expect(done.text).toMatch(/because I'm not in this channel.*\/invite @moltflow/);
  });

  it('says so when nothing matches, without uploading an empty file', async () => {
    world.moltflow.addLead({ lead_status: 'new' });
    await run('export csv status lost');
    const done = await reply();
    expect(done.text).toBe('No leads match (status lost), so there is nothing to export.');
    expect(world.slack.files).toHaveLength(0);
  });

  it.each([
    ['export', /Say which format you want: `\/leads export csv`/],
    ['export pdf', /`pdf` isn't an export format/],
    ['export csv status maybe', /`maybe` isn't a lead status\. Use one of new, contacted/],
    ['export csv hello', /I don't understand `hello`.*`\/leads export csv search hello`/],
    ['export csv group', /Add a value after `group`/],
    ['export csv <!channel> `x`', /I don't understand `&lt;!channel&gt;`/],
  ])('answers "/leads %s" with a short explanation and an example', async (text, words) => {
    const res = await run(text);
    const body = res.json as { text: string; response_type: string };
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toMatch(words);
    expect(world.moltflow.requests).toHaveLength(0);
  });

  it('names the groups it knows when the group does not match', async () => {
    await run('export csv group Nope');
    const done = await reply();
    expect(done.text).toMatch(
      /No monitored group matches "Nope"\. Your groups: \*Buyers Club\*, \*Sales &amp; Deals\*/,
    );
    expect(world.moltflow.requestsTo('GET', /export/)).toHaveLength(0);
  });
});
