import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/domain/export-rows.js';
import { createWorld, SIGNING_SECRET, type TestApp, type World } from '../../helpers/harness.js';
import { leadBulk } from '../../helpers/moltflow-api/lead-bulk.js';
import { DEFAULT_GROUP } from '../../helpers/moltflow-api/state.js';
import { postSlashCommand, TEST_TEAM_ID } from '../../helpers/signed-request.js';

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

  const audits = () => app.service.ctx.store.audit.list({ offset: 0, limit: 10 });

  // Issue 9 changed where exports go: into the person's DM with the app, never the channel where the command
  // was typed (these tests used to pin the file in the channel, and the DM only as a fallback).
  it("sends a CSV of the filtered leads to the person's DM, never the channel, and says so privately", async () => {
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

    expect(world.slack.callsTo('conversations.open')[0]?.args.users).toBe('U0ANA');
    expect(file.channelId).toBe('D0ANA');
    expect(world.slack.files.filter((f) => f.channelId === CHANNEL)).toEqual([]);
    expect(world.slack.messages(CHANNEL)).toEqual([]);
    expect(file.filename).toMatch(/^moltflow-leads-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(file.content?.toString()).toContain('"Line\nBreak, ""Quoted"""');
    expect(file.initialComment).toBe(
      'Your export: 3 leads (status qualified) as CSV. MoltFlow exports at most 10,000 rows at a time.\n' +
        'It holds personal data (names and phone numbers): keep it here, out of channels and shared drives. ' +
        "3 cells began with =, +, - or @ (phone numbers too), so they start with ' to keep spreadsheets from running them as formulas.",
    );
    expect(done.response_type).toBe('ephemeral');
    expect(done.text).toMatch(
      /^:white_check_mark: Sent 3 leads in `moltflow-leads-.*\.csv` to you in a direct message\. The file holds personal data \(names and phone numbers\), so it never goes into a channel\.$/,
    );
    const call = world.moltflow.requestsTo('GET', '/leads/export/csv')[0];
    expect(call?.query).toEqual({ status: 'qualified' });
    expect(await audits()).toEqual([
      {
        actor: 'U0ANA',
        team: TEST_TEAM_ID,
        action: 'export',
        target: 'leads (status qualified)',
        outcome: 'ok',
        detail: '3 rows, csv',
        at: expect.any(Date),
      },
    ]);
  });

  it('neutralises every cell a spreadsheet would run as a formula, quoted or not', async () => {
    world.moltflow.addLead({ contact_name: '=HYPERLINK("http://evil.example","open me")' });
    world.moltflow.addLead({
      contact_name: '@SUM(1+1)',
      trigger: {
        matched_keyword: 'price',
        message_preview: '-2+3, and a "quote"',
        monitor_mode: 'keywords',
        detected_at: new Date().toISOString(),
      },
    });

    await run('export csv');
    const file = await uploaded();
    const csv = file.content?.toString() ?? '';

    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""open me"")"`);
    expect(csv).toContain(",'@SUM(1+1),");
    expect(csv).toContain(`"'-2+3, and a ""quote"""`);
    const [header, ...records] = parseCsv(csv);
    expect(header?.[2]).toBe('contact_phone');
    expect(records).toHaveLength(2);
    for (const record of records) expect(record[2]).toMatch(/^'\+1555\d{7}$/);
    expect(records.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
  });

  it('resolves a group name to its id, keeps & intact, and exports JSON with neutralised strings', async () => {
    world.moltflow.addLeads(2);
    world.moltflow.addLeads(4, () => ({ source_group: SALES, contact_name: '=1+1' }));

    await run('export json group sales &amp; deals search price');
    const file = await uploaded();
    await reply();

    expect(world.moltflow.requestsTo('GET', '/leads/export/json')[0]?.query).toEqual({
      source_group_id: SALES.id,
      search: 'price',
    });
    const rows = JSON.parse(file.content?.toString() ?? '') as {
      contact_name: string;
      contact_phone: string;
    }[];
    expect(rows).toHaveLength(4);
    expect(rows.map((r) => r.contact_name)).toEqual(["'=1+1", "'=1+1", "'=1+1", "'=1+1"]);
    expect(rows[0]?.contact_phone).toMatch(/^'\+1555/);
    expect(file.channelId).toBe('D0ANA');
    expect(file.initialComment).toMatch(
      /^Your export: 4 leads \(group Sales &amp; Deals, matching "price"\) as JSON\./,
    );
    // The audit trail names the group but never the search text (it may be a name or a phone number).
    expect((await audits())[0]).toMatchObject({
      target: 'leads (group Sales & Deals, a text search)',
      detail: '4 rows, json',
    });
    expect(JSON.stringify(await audits())).not.toContain('price');
  });

  it('says the export was capped at 10,000 rows when it was', async () => {
    leadBulk(world.moltflow.state).exportCap = 10_000;
    world.moltflow.addLeads(10_005);

    await run('export csv');
    const file = await uploaded();

    expect(file.initialComment).toMatch(
      /^Your export: 10,000 leads \(all leads\) as CSV\. :warning: MoltFlow capped this export at 10,000 rows — narrow the filters/,
    );
  });

  it('says exports need the Pro plan when MoltFlow refuses with 403, and audits the failure', async () => {
    world.moltflow.state.plan = 'starter';
    world.moltflow.addLead();

    await run('export csv');
    const done = await reply();

    expect(done.text).toMatch(/Exports need MoltFlow's \*Pro\* plan/);
    expect(world.slack.callsTo('files.getUploadURLExternal')).toHaveLength(0);
    expect(await audits()).toMatchObject([
      { action: 'export', target: 'leads (all)', outcome: 'failed', detail: 'csv; MoltFlow HTTP 403' },
    ]);
  });

  it('sends the file to the same DM when asked from the DM with the app', async () => {
    world.moltflow.addLead();
    await run('export csv', { channelId: 'D0BEA', userId: 'U0BEA' });
    const file = await uploaded();
    const done = await reply();

    expect(world.slack.callsTo('conversations.open')[0]?.args.users).toBe('U0BEA');
    expect(file.channelId).toBe('D0BEA');
    expect(done.text).toMatch(/Sent 1 lead in .* to you in a direct message\./);
  });

  it('never falls back to the channel when Slack refuses the DM upload: says so and audits it', async () => {
    world.moltflow.addLead();
    world.slack.failNext('conversations.open', { error: 'cannot_dm_bot' });

    await run('export csv');
    const done = await reply();

    expect(done.text).toMatch(
      /Slack would not take the file for your direct message with me \(cannot_dm_bot\)/,
    );
    expect(world.slack.files.filter((f) => f.completed)).toEqual([]);
    expect(await audits()).toMatchObject([{ outcome: 'failed', detail: '1 row, csv; Slack cannot_dm_bot' }]);
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

  it('escapes a monitored group name in the example of the group-mismatch answer', async () => {
    world.moltflow.override('GET', '/groups', () => ({
      status: 200,
      body: { items: [{ id: 'g-hostile', name: '<!channel> *bold*' }, SALES], total: 2 },
    }));
    await run('export csv group Nope');
    const done = await reply();
    expect(done.text).toContain('For example: `/leads export csv group &lt;!channel&gt; *bold*`.');
    expect(done.text).not.toContain('<!channel>');
    expect(world.slack.files).toEqual([]);
  });
});
