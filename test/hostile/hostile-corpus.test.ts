// A tenant whose every name and message is hostile, rendered through every view the app has: lead cards,
// threads, /leads list and detail, /groups, /schedule list and history, broadcasts and their progress,
// /moltflow status and routes. Checked on the JSON the app sends to Slack: nothing pings, nothing links.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BulkDriver } from '../features/broadcasts/broadcast-driver.js';
import { createWorld, LEADS_CHANNEL, SIGNING_SECRET, type TestApp, type World } from '../helpers/harness.js';
import { customGroups } from '../helpers/moltflow-api/custom-groups.js';
import { monitoredGroups } from '../helpers/moltflow-api/monitored-groups.js';
import { scheduledMessages } from '../helpers/moltflow-api/scheduled-messages.js';
import { blockActionPayload, postInteraction, postSlashCommand } from '../helpers/signed-request.js';
import { HOSTILE_STRINGS, PLANTED, parsedTexts } from './hostile.js';

const EVIL = '<!channel> <@UFUZZ0001> <#CFUZZ0001|x> <!subteam^SFUZZ01> <http://evil.example|bank> & *b* _i_';

describe('a hostile corpus through every view', () => {
  let world: World;
  let app: TestApp;
  beforeAll(async () => {
    world = await createWorld();
    const source = monitoredGroups(world.moltflow.state).add(`Group ${EVIL}`);
    world.moltflow.setSessions([{ name: `Phone ${EVIL}`, status: 'working', phone_number: '+15550001111' }]);
    for (const [i, text] of HOSTILE_STRINGS.entries()) {
      world.moltflow.addLead({
        contact_name: `${text} ${EVIL}`.slice(0, 300),
        source_group: { id: source.id, name: source.name },
        trigger: {
          matched_keyword: i % 2 ? '<!here>' : 'price',
          message_preview: `${EVIL} price ${text}`.slice(0, 600),
          monitor_mode: 'keywords',
          detected_at: new Date().toISOString(),
        },
      });
    }
    const group = customGroups(world.moltflow.state).add(`Contacts ${EVIL}`, [
      { phone: '+15550100001', name: EVIL },
      { phone: '+15550100002', name: '<!everyone>' },
    ]);
    const schedule = scheduledMessages(world.moltflow.state).add({
      name: `Promo ${EVIL}`,
      message_content: EVIL,
      custom_group_id: group.id,
    });
    scheduledMessages(world.moltflow.state).addExecution(schedule.id, { status: 'failed', error: EVIL });
    app = await world.startApp();
  });
  afterAll(async () => {
    await world.close();
  });

  const command = (name: string, text: string) =>
    postSlashCommand(app.eventsUrl, SIGNING_SECRET, {
      command: name,
      text,
      responseUrl: world.slack.responseUrl(),
      channelId: LEADS_CHANNEL,
    });

  it('renders every view without an escaping gap', async () => {
    await app.service.pollOnce(); // cards
    const [card] = world.slack.messages(LEADS_CHANNEL);
    const leadId = String(card?.metadata?.event_payload.lead_id);
    await postInteraction(
      app.eventsUrl,
      SIGNING_SECRET,
      blockActionPayload({
        actionId: 'lead_status_contacted',
        value: leadId,
        channelId: LEADS_CHANNEL,
        messageTs: card?.ts ?? '',
      }),
    ); // card redraw + thread line
    await world.slack.waitFor(() => (card ? world.slack.findMessage(LEADS_CHANNEL, card.ts)?.edits : 0));

    const answers = [
      ['/leads', ''],
      ['/leads', 'all'],
      ['/leads', `show ${leadId}`],
      ['/leads', 'search <!channel>'],
      ['/groups', ''],
      ['/groups', 'show Contacts'],
      ['/groups', 'contacts'],
      ['/schedule', 'list'],
      ['/schedule', 'history Promo'],
      ['/moltflow', 'status'],
      ['/moltflow', 'routes'],
      ['/bulksend', 'list'],
    ] as const;
    for (const [name, text] of answers) {
      const before = world.slack.responses.length;
      const res = await command(name, text);
      expect(res.status).toBe(200);
      const answeredInAck = typeof res.json === 'object' && res.json !== null && 'text' in res.json;
      if (!answeredInAck)
        await world.slack.waitFor(() => world.slack.responses.length > before, { timeoutMs: 8_000 });
    }

    // A broadcast to the hostile group, from the hostile session: its progress message and thread.
    const bulk = new BulkDriver(world, app);
    const group = customGroups(world.moltflow.state).groups[0];
    if (!group) throw new Error('no group');
    const { job, message } = await bulk.start(group, { channelId: LEADS_CHANNEL });
    bulk.area.finish(job.id, 'completed');
    await bulk.waitForShown(message, /completed/i);

    const sent = [...world.slack.calls.map((c) => c.args), ...world.slack.responses.map((r) => r.body)];
    const texts = sent.flatMap(parsedTexts);
    expect(texts.length).toBeGreaterThan(50);
    for (const text of texts) for (const planted of PLANTED) expect(text).not.toContain(planted);
    // The names did reach Slack, escaped, so the views really rendered them.
    expect(texts.join('\n')).toContain('&lt;!channel&gt; &lt;@UFUZZ0001&gt;');
    expect(world.slack.rejections).toEqual([]);
    expect(world.slack.warnings).toEqual([]);
  }, 60_000);
});
