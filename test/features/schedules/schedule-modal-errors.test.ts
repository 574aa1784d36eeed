import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dateInZone } from '../../../src/domain/time.js';
import { createWorld, SIGNING_SECRET, type TestApp, type World } from '../../helpers/harness.js';
import { customGroups } from '../../helpers/moltflow-api/custom-groups.js';
import { scheduledMessages } from '../../helpers/moltflow-api/scheduled-messages.js';
import { postSlashCommand } from '../../helpers/signed-request.js';
import { blockOf, type FormInput, type ShownView, scheduleDriver } from './schedule-driver.js';

const SESSION = '11111111-2222-4333-8444-555555555555';
const NY = 'America/New_York';

describe('/schedule explains every problem in words, on the field when there is one', () => {
  let world: World;
  let app: TestApp;
  let groupId: string;
  let driver: ReturnType<typeof scheduleDriver>;

  beforeEach(async () => {
    world = await createWorld();
    world.moltflow.setSessions([{ id: SESSION, name: 'Sales phone', status: 'working' }]);
    groupId = customGroups(world.moltflow.state).add('VIP', [{ phone: '+15550002222' }]).id;
    app = await world.startApp();
    driver = scheduleDriver(world, app);
  });
  afterEach(async () => {
    expect(world.slack.rejections).toEqual([]);
    expect(world.slack.warnings).toEqual([]);
    await world.close();
  });

  const inDays = (days: number, tz = NY) => dateInZone(new Date(Date.now() + days * 86_400_000), tz);
  const valid = (): FormInput => ({
    name: 'Promo',
    session: SESSION,
    group: groupId,
    type: 'one_time',
    date: inDays(2),
    time: '09:00',
    tz: NY,
    message: 'Hello',
  });
  const form = async (type: string): Promise<ShownView> => {
    const shown = await driver.open();
    return type === 'one_time' ? shown : driver.switchType(shown, type);
  };

  it.each([
    ['name', { name: '' }, 'one_time', /Give the schedule a name/],
    ['session', { session: null }, 'one_time', /Pick the WhatsApp session/],
    ['group', { group: null }, 'one_time', /Pick the custom group/],
    ['date', { date: null }, 'one_time', /Pick a date/],
    ['date', { date: '2020-01-01' }, 'one_time', /That moment has passed/],
    [
      'time',
      { date: '2027-03-14', time: '02:30' },
      'one_time',
      /02:30 does not happen on 2027-03-14.*clocks move forward/,
    ],
    ['timezone', { tz: 'Mars/Olympus_Mons' }, 'one_time', /not a time zone I know/],
    ['timezone', { tz: null }, 'one_time', /Pick a time zone/],
    ['message', { message: '' }, 'one_time', /Write a message, or give a media URL/],
    [
      'message',
      { message: 'x'.repeat(4097) } as FormInput,
      'one_time',
      /4,097 characters; MoltFlow takes at most 4,096/,
    ],
    ['media_url', { media: 'ftp://files.example.com/a.jpg' }, 'one_time', /http:\/\/ or https:\/\//],
    ['cron', { cron: '61 * * * *' }, 'cron', /minute field \(61\) is not valid/],
    ['cron', { cron: '0 9 * *' }, 'cron', /5 fields.*has 4/],
    ['cron', { cron: '*/2 * * * *' }, 'cron', /2 minutes apart.*every 5 minutes/],
    ['cron', { cron: '0-3 9 * * *' }, 'cron', /1 minute apart/],
    ['weekdays', { time: '09:00', weekdays: [] }, 'weekly', /Pick at least one day/],
    ['day_of_month', { time: '09:00', day: null }, 'monthly', /Pick a day of the month/],
  ])('%s is refused on the field (%#)', async (field, change, type, words) => {
    const shown = await form(type);
    const answer = await driver.submit(shown, { ...valid(), type, ...change } as FormInput);
    expect(answer.response_action).toBe('errors');
    expect(answer.errors?.[field]).toMatch(words);
    expect(world.moltflow.requestsTo('POST', '/scheduled-messages')).toHaveLength(0);
  });

  /** Opens, previews, runs `meanwhile` (the world changes under the person), saves, returns the form shown back. */
  const saveAndWaitForNotice = async (meanwhile: () => void = () => {}, input: FormInput = valid()) => {
    const shown = await driver.open();
    const previewed = await driver.preview(shown, input);
    meanwhile();
    const saving = await driver.submit(previewed, input);
    expect(JSON.stringify(saving.view)).toContain('Saving');
    const back = await driver.waitForView(shown.id, (v) => blockOf(v, 'notice') !== undefined);
    expect(back.view.submit).toMatchObject({ text: 'Save schedule' });
    expect(blockOf(back, 'name')?.element).toMatchObject({ initial_value: input.name });
    return { back, previewed, input };
  };
  const notice = (v: ShownView) => blockOf(v, 'notice')?.text?.text ?? '';

  it('a session that stopped working: said on the session field; fixed, the same modal saves', async () => {
    const { back, previewed, input } = await saveAndWaitForNotice(() =>
      world.moltflow.setSessions([{ id: SESSION, name: 'Sales phone', status: 'stopped' }]),
    );
    expect(notice(back)).toMatch(/session can't send right now.*status: stopped/);
    expect(blockOf(back, 'notice_session')).toBeDefined();

    world.moltflow.setSessions([{ id: SESSION, name: 'Sales phone', status: 'working' }]);
    await driver.submit({ ...previewed, view: back.view }, input);
    await world.slack.waitFor(() => world.slack.ephemerals.length === 1);
    expect(world.moltflow.requestsTo('POST', '/scheduled-messages')).toHaveLength(2);
    expect(scheduledMessages(world.moltflow.state).schedules).toHaveLength(1);
  });

  it('a group that is gone (404): said on the group field', async () => {
    const { back } = await saveAndWaitForNotice(() => {
      customGroups(world.moltflow.state).groups.length = 0;
    });
    expect(notice(back)).toMatch(/custom group no longer exists.*Pick another group/);
    expect(blockOf(back, 'notice_group')).toBeDefined();
  });

  it('the Free plan (403): names the Starter plan', async () => {
    const { back } = await saveAndWaitForNotice(() => {
      world.moltflow.state.plan = 'free';
    });
    expect(notice(back)).toMatch(
      /requires the Starter plan.*Scheduled messages need the MoltFlow Starter plan/,
    );
  });

  it('rate limited (429): says when to try again', async () => {
    world.moltflow.fail(
      { method: 'POST', path: '/scheduled-messages' },
      {
        kind: 'status',
        status: 429,
        body: { detail: 'Too many requests' },
        headers: { 'Retry-After': '30' },
      },
    );
    const { back } = await saveAndWaitForNotice();
    expect(notice(back)).toMatch(/rate-limiting.*Try again in 30 s.*still here/);
  });

  it('a 422 MoltFlow still found: its words, pointed at the right field', async () => {
    world.moltflow.override('POST', '/scheduled-messages', () => ({
      status: 422,
      body: {
        detail: [{ loc: ['body', 'cron_expression'], msg: 'Unsupported cron field', type: 'value_error' }],
      },
    }));
    const input: FormInput = { ...valid(), type: 'daily', time: '07:00' };
    const daily = await form('daily');
    const previewed = await driver.preview(daily, input);
    await driver.submit(previewed, input);
    const back = await driver.waitForView(daily.id, (v) => blockOf(v, 'notice') !== undefined);
    expect(notice(back)).toMatch(/did not accept the schedule: cron_expression: Unsupported cron field/);
    expect(blockOf(back, 'notice_time')).toBeDefined();
  });

  it('no working session: the modal says so and has no submit button', async () => {
    world.moltflow.setSessions([{ name: 'Old phone', status: 'qr_code' }]);
    const shown = await driver.open({ form: false });
    expect(JSON.stringify(shown.view)).toMatch(/No WhatsApp session is \*working\*.*Old phone \(qr_code\)/);
    expect(shown.view.submit).toBeUndefined();
  });

  it('no custom group yet: the modal says so', async () => {
    customGroups(world.moltflow.state).groups.length = 0;
    const shown = await driver.open({ form: false });
    expect(JSON.stringify(shown.view)).toMatch(/no custom groups in MoltFlow yet/);
    expect(shown.view.submit).toBeUndefined();
  });

  it('MoltFlow down while loading: the modal says so instead of spinning', async () => {
    world.moltflow.fail({ method: 'GET', path: '/sessions' }, { kind: 'status', status: 503, times: 10 });
    const shown = await driver.open({ form: false });
    expect(JSON.stringify(shown.view)).toMatch(/couldn't load your WhatsApp sessions/);
  });

  it('someone without the outreach role gets a polite private refusal and no modal', async () => {
    await app.stop();
    world.slack.setDefaultUser({});
    app = await world.startApp({ ACCESS_OUTREACH: 'U0BOSS' });
    const res = await postSlashCommand(app.eventsUrl, SIGNING_SECRET, {
      command: '/schedule',
      userId: 'U0INTERN',
      responseUrl: world.slack.responseUrl('refused'),
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      response_type: 'ephemeral',
      text: 'You need the outreach role to schedule messages; ask one of <@U0BOSS>.',
    });
    expect(world.slack.callsTo('views.open')).toHaveLength(0);
    expect(world.moltflow.requests).toHaveLength(0);
  });
});
