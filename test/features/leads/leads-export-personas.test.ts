// `/leads export` for five personas, through the running app with signed requests: only outreach and
// admin get the file, in their own DM, with formula cells neutralised; a guest, someone from another
// organisation and a plain member are refused privately, and MoltFlow never sees an export request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/domain/export-rows.js';
import { createWorld, SIGNING_SECRET, type TestApp, type World } from '../../helpers/harness.js';
import { postSlashCommand } from '../../helpers/signed-request.js';

const CHANNEL = 'C0SALES01';
const PERSONAS = [
  { name: 'guest', id: 'U0GUEST', info: { is_restricted: true }, gets: false },
  { name: 'external user', id: 'U0EXTERN', info: { team_id: 'T0OTHERORG', is_admin: true }, gets: false },
  { name: 'plain member', id: 'U0MEMBER', info: {}, gets: false },
  { name: 'outreach', id: 'U0OUTREACH', info: {}, gets: true },
  { name: 'admin', id: 'U0ADMIN', info: { is_admin: true }, gets: true },
] as const;

describe('/leads export, persona by persona', () => {
  let world: World;
  let app: TestApp;
  beforeAll(async () => {
    world = await createWorld();
    world.slack.setDefaultUser({});
    for (const p of PERSONAS) world.slack.setUser(p.id, p.info);
    world.moltflow.addLead({ contact_name: '=HYPERLINK("http://evil.example","open")' });
    world.moltflow.addLead({ contact_name: 'Bea, "the buyer"' });
    app = await world.startApp({ ACCESS_OUTREACH: 'U0OUTREACH' });
  });
  afterAll(async () => {
    expect(world.slack.rejections).toEqual([]);
    await world.close();
  });

  const exportsAsked = () => world.moltflow.requestsTo('GET', /^\/leads\/export/).length;

  it.each(PERSONAS)('$name: $gets', async (persona) => {
    const before = exportsAsked();
    const filesBefore = world.slack.files.length;
    const responseUrl = world.slack.responseUrl();
    const res = await postSlashCommand(app.eventsUrl, SIGNING_SECRET, {
      command: '/leads',
      text: 'export csv',
      userId: persona.id,
      channelId: CHANNEL,
      responseUrl,
    });
    expect(res.status).toBe(200);
    const ack = res.json as { response_type: string; text: string };
    expect(ack.response_type).toBe('ephemeral');

    if (!persona.gets) {
      expect(ack.text).toMatch(persona.name === 'plain member' ? /export leads/ : /not available to/);
      expect(exportsAsked()).toBe(before);
      expect(world.slack.files.length).toBe(filesBefore);
      expect(world.slack.messages(CHANNEL)).toEqual([]);
      return;
    }

    expect(ack.text).toMatch(/Exporting CSV/);
    const done = await world.slack.waitFor(() => world.slack.responses.find((r) => r.url === responseUrl));
    expect(done.body).toMatchObject({ response_type: 'ephemeral' });
    expect(String(done.body.text)).toMatch(/Sent 2 leads in .* to you in a direct message/);
    expect(exportsAsked()).toBe(before + 1);
    const file = world.slack.files.at(-1);
    expect(file?.completed).toBe(true);
    expect(file?.channelId).toBe(`D${persona.id.slice(1)}`);
    const records = parseCsv(file?.content?.toString() ?? '');
    expect(records.map((r) => r[1])).toEqual([
      'contact_name',
      'Bea, "the buyer"',
      `'=HYPERLINK("http://evil.example","open")`,
    ]);
    expect(records.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
    expect(world.slack.files.filter((f) => f.channelId === CHANNEL)).toEqual([]);
    expect(world.slack.messages(CHANNEL)).toEqual([]);
  });

  it('audits each export and each refusal, without the rows', async () => {
    const entries = await app.service.ctx.store.audit.list({ offset: 0, limit: 20 });
    const byActor = (id: string) => entries.filter((e) => e.actor === id).map((e) => [e.action, e.outcome]);
    expect(byActor('U0OUTREACH')).toEqual([['export', 'ok']]);
    expect(byActor('U0ADMIN')).toEqual([['export', 'ok']]);
    for (const id of ['U0GUEST', 'U0EXTERN', 'U0MEMBER']) expect(byActor(id)).toEqual([['denied', 'denied']]);
    expect(JSON.stringify(entries)).not.toMatch(/HYPERLINK|Bea|\+1555/);
  });
});
