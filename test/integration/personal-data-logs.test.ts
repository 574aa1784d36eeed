// Issue 9: no request body and no personal data in the logs, at any level. The app runs at debug (the
// harness's level) through a day's work that handles names, phone numbers, WhatsApp messages and group
// members: a poll pass posting a card, a pipeline click, a CSV export and numbers added to a group. Then no
// log line may hold any of them, while the log itself is not empty (so the check cannot pass vacuously).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, LEADS_CHANNEL, SIGNING_SECRET, type TestApp, type World } from '../helpers/harness.js';
import { customGroups } from '../helpers/moltflow-api/custom-groups.js';
import { blockActionPayload, postInteraction, postSlashCommand } from '../helpers/signed-request.js';

const NAME = 'Zephyrine Quabbelwort';
const PHONE = '+15550987123';
const MESSAGE = 'Marmalade-flavoured kumquats for the regatta, how much?';
const ADDED = ['+14155550199', '+442079460777'];
/** How a phone number may also appear: its digits alone (E.164 without the plus). */
const digits = (phone: string) => phone.replace(/^\+/, '');

describe('personal data never reaches the logs', () => {
  let world: World;
  let app: TestApp;
  beforeEach(async () => {
    world = await createWorld();
    app = await world.startApp();
  });
  afterEach(async () => {
    await world.close();
  });

  it('keeps names, phones, messages and added numbers out of every log line, at debug level', async () => {
    await app.service.pollOnce(); // the first start (backfill) is behind us
    const lead = world.moltflow.addLead({
      contact_name: NAME,
      contact_phone: PHONE,
      trigger: {
        matched_keyword: 'kumquats',
        message_preview: MESSAGE,
        monitor_mode: 'keywords',
        detected_at: new Date().toISOString(),
      },
    });
    await app.service.pollOnce();
    const card = world.slack.messages(LEADS_CHANNEL).find((m) => m.text?.includes('Zephyrine'));
    expect(card).toBeDefined();

    // A pipeline button on the card: the card is redrawn (chat.update) and the thread told.
    await postInteraction(
      app.eventsUrl,
      SIGNING_SECRET,
      blockActionPayload({
        actionId: 'lead_status_contacted',
        value: lead.id,
        userId: 'U0ANA',
        channelId: LEADS_CHANNEL,
        messageTs: card?.ts ?? '',
      }),
    );
    await world.slack.waitFor(() => (world.slack.findMessage(LEADS_CHANNEL, card?.ts ?? '')?.edits ?? 0) > 0);

    // A CSV export, which holds the lead's name, phone and message.
    await postSlashCommand(app.eventsUrl, SIGNING_SECRET, {
      command: '/leads',
      text: 'export csv',
      userId: 'U0ANA',
      channelId: 'C0WORK01',
      responseUrl: world.slack.responseUrl(),
    });
    const file = await world.slack.waitFor(() => world.slack.files.find((f) => f.completed));
    expect(file.content?.toString()).toContain(NAME);

    // Numbers typed after `/groups add`.
    customGroups(world.moltflow.state).add('VIP buyers', [{ phone: '+14155552671', name: 'Ana' }]);
    const groupsReply = world.slack.responseUrl();
    await postSlashCommand(app.eventsUrl, SIGNING_SECRET, {
      command: '/groups',
      text: `add VIP buyers ${ADDED.join(' ')}`,
      userId: 'U0ANA',
      channelId: 'C0WORK01',
      responseUrl: groupsReply,
    });
    const added = await world.slack.waitFor(() => world.slack.responses.find((r) => r.url === groupsReply));
    expect(String(added.body.text)).toMatch(/Added 2 contacts/);

    expect(app.logs.length).toBeGreaterThan(20);
    expect(app.logs.some((l) => JSON.parse(l).level === 'debug')).toBe(true);
    const needles = [
      NAME,
      'Zephyrine',
      'Quabbelwort',
      PHONE,
      digits(PHONE),
      MESSAGE,
      'kumquats for the regatta',
    ];
    for (const phone of ADDED) needles.push(phone, digits(phone));
    const leaks = app.logs.filter((line) => needles.some((n) => line.includes(n)));
    expect(leaks).toEqual([]);
  });
});
