import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dateInZone, formatInZone, resolveWallTime } from '../../../src/domain/time.js';
import { createWorld, SIGNING_SECRET, type TestApp, type World } from '../../helpers/harness.js';
import { customGroups } from '../../helpers/moltflow-api/custom-groups.js';
import { postInteraction } from '../../helpers/signed-request.js';
import {
  blockOf as block,
  type FormInput,
  inputIds,
  type ShownView,
  scheduleDriver,
  suggestionPayload,
} from './schedule-driver.js';

const CHANNEL = 'C0SCHED01';
const SESSION = '11111111-2222-4333-8444-555555555555';
const BERLIN = 'Europe/Berlin';

describe('/schedule opens a modal, previews the next runs and saves the schedule', () => {
  let world: World;
  let app: TestApp;
  let groupId: string;

  beforeEach(async () => {
    world = await createWorld();
    world.moltflow.setSessions([
      { id: SESSION, name: 'Sales phone', status: 'working', phone_number: '+15550001111' },
      { name: 'Old phone', status: 'stopped' },
    ]);
    const area = customGroups(world.moltflow.state);
    groupId = area.add('VIP buyers', [{ phone: '+15550002222' }, { phone: '+15550003333' }]).id;
    area.add('Newsletter');
    world.slack.setUser('U0TESTER', { tz: BERLIN });
    app = await world.startApp();
  });
  afterEach(async () => {
    expect(world.slack.rejections).toEqual([]);
    expect(world.slack.warnings).toEqual([]);
    await world.close();
  });

  const driver = () => scheduleDriver(world, app, CHANNEL);
  const openModal = () => driver().open();
  const current = (id: string) => driver().current(id);
  const submit = (shown: ShownView, input: FormInput) => driver().submit(shown, input);
  /** Preview, then save; returns the preview and the POST body MoltFlow saw. */
  const previewAndSave = async (shown: ShownView, input: FormInput) => {
    const previewed = await driver().preview(shown, input);
    const saving = await submit(previewed, input);
    expect(saving.response_action).toBe('update');
    const [post] = await world.moltflow.waitFor(() => {
      const posts = world.moltflow.requestsTo('POST', '/scheduled-messages');
      return posts.length > 0 && posts;
    });
    return { preview: previewed, body: post?.body as Record<string, unknown> };
  };
  const soon = (days: number, tz: string) => dateInZone(new Date(Date.now() + days * 86_400_000), tz);
  const base = (): FormInput => ({
    name: 'Spring promo',
    session: SESSION,
    group: groupId,
    tz: BERLIN,
    message: 'Hi <!channel> & friends, 20% off this week',
  });

  it('opens a Loading modal at once, then fills it with working sessions, groups and the person’s zone', async () => {
    const shown = await openModal();
    const opened = world.slack.callsTo('views.open')[0];
    expect(JSON.stringify(opened?.args.view)).toContain('Loading');
    expect(world.slack.callsTo('users.info')[0]?.args.user).toBe('U0TESTER');

    const session = block(shown, 'session')?.element as { options: unknown[]; initial_option: unknown };
    expect(JSON.stringify(session.options)).toContain('Sales phone (+15550001111)');
    expect(JSON.stringify(session.options)).not.toContain('Old phone');
    expect(session.initial_option).toMatchObject({ value: SESSION });
    expect(JSON.stringify(block(shown, 'group'))).toContain('VIP buyers (2 contacts)');
    expect(block(shown, 'timezone')?.element).toMatchObject({
      type: 'external_select',
      initial_option: { value: BERLIN },
    });
    expect(inputIds(shown)).toEqual([
      'name',
      'session',
      'group',
      'type',
      'date',
      'time',
      'timezone',
      'message',
      'media_url',
    ]);
    expect(shown.view.submit).toMatchObject({ text: 'Preview' });
    expect(JSON.parse(String(shown.view.private_metadata))).toMatchObject({ c: CHANNEL, u: BERLIN });
  });

  it('one time: previews the moment in the person’s zone, then saves it as wall-clock time in the chosen zone', async () => {
    const shown = await openModal();
    const date = soon(3, 'America/New_York');
    const input = { ...base(), date, time: '09:30', tz: 'America/New_York' };
    const { preview, body } = await previewAndSave(shown, input);

    const instant = resolveWallTime(date, '09:30', 'America/New_York').instant;
    const previewText = block(preview, 'preview')?.text?.text ?? '';
    expect(previewText).toContain(`in your time zone (${BERLIN})`);
    expect(previewText).toContain(formatInZone(instant, BERLIN));
    expect(previewText).toContain(formatInZone(instant, 'America/New_York'));
    expect(preview.view.submit).toMatchObject({ text: 'Save schedule' });

    expect(body).toEqual({
      name: 'Spring promo',
      session_id: SESSION,
      custom_group_id: groupId,
      schedule_type: 'one_time',
      timezone: 'America/New_York',
      message_type: 'text',
      message_content: 'Hi <!channel> & friends, 20% off this week',
      scheduled_time: `${date}T09:30:00`,
    });

    const token = `<!date^${Math.floor(instant.getTime() / 1000)}^`;
    const saved = await world.slack.waitFor(() => {
      const v = current(shown.id);
      return JSON.stringify(v.view).includes('Scheduled') && v;
    });
    expect(JSON.stringify(saved.view)).toContain(token);
    const note = await world.slack.waitFor(() => world.slack.ephemerals[0]);
    expect(note).toMatchObject({ channel: CHANNEL, user: 'U0TESTER' });
    expect(note.text).toContain('*Spring promo*');
    expect(note.text).toContain(token);
    expect(note.text).toContain('VIP buyers (2 contacts)');
  });

  it.each([
    ['daily', { time: '07:30' }, '30 7 * * *'],
    ['weekly', { time: '08:15', weekdays: ['1', '3'] }, '15 8 * * 1,3'],
    ['monthly', { time: '09:00', day: '15' }, '0 9 15 * *'],
    ['cron', { cron: '  */10   9-17 * * MON-FRI ' }, '*/10 9-17 * * MON-FRI'],
  ])(
    '%s: switching the type shows its inputs, and the saved schedule carries a cron expression',
    async (type, extra, cron) => {
      const shown = await openModal();
      const switched = await driver().switchType(shown, type, { ...base(), name: 'Kept while switching' });
      const expected = {
        daily: ['time'],
        weekly: ['time', 'weekdays'],
        monthly: ['time', 'day_of_month'],
        cron: ['cron'],
      }[type];
      expect(inputIds(switched)).toEqual([
        'name',
        'session',
        'group',
        'type',
        ...(expected ?? []),
        'timezone',
        'message',
        'media_url',
      ]);
      expect(block(switched, 'name')?.element).toMatchObject({ initial_value: 'Kept while switching' });
      expect(block(switched, 'type')?.element).toMatchObject({ initial_option: { value: type } });

      const { body, preview } = await previewAndSave(switched, { ...base(), type, ...extra });
      expect(body).toMatchObject({ schedule_type: type, cron_expression: cron, timezone: BERLIN });
      expect(body).not.toHaveProperty('scheduled_time');
      expect(block(preview, 'preview')?.text?.text).toMatch(/Next 3 runs/);
      const note = await world.slack.waitFor(() => world.slack.ephemerals[0]);
      expect(note.text).toMatch(/Next run: <!date\^\d+\^/);
    },
  );

  it('sends a media URL as a media message', async () => {
    const shown = await openModal();
    const { body } = await previewAndSave(shown, {
      ...base(),
      message: '',
      media: 'https://cdn.example.com/promo.jpg',
      date: soon(2, BERLIN),
      time: '10:00',
    });
    expect(body).toMatchObject({ message_type: 'media', media_url: 'https://cdn.example.com/promo.jpg' });
    expect(body).not.toHaveProperty('message_content');
  });

  it('saves once when Save is double-clicked', async () => {
    const shown = await openModal();
    const input = { ...base(), date: soon(2, BERLIN), time: '11:00' };
    const preview = await submit(shown, input);
    const previewed = { ...shown, view: preview.view ?? {} };
    const answers = await Promise.all([submit(previewed, input), submit(previewed, input)]);
    for (const a of answers) expect(a.response_action).toBe('update');
    await world.slack.waitFor(() => world.slack.ephemerals.length === 1);
    expect(world.moltflow.requestsTo('POST', '/scheduled-messages')).toHaveLength(1);
    // A late third click sees the saved result, not a second schedule.
    const late = await submit(previewed, input);
    expect(JSON.stringify(late.view)).toContain('Scheduled');
    expect(world.moltflow.requestsTo('POST', '/scheduled-messages')).toHaveLength(1);
  });

  it('shows a fresh preview, not a save, when the form changed after the preview', async () => {
    const shown = await openModal();
    const input = { ...base(), date: soon(2, BERLIN), time: '11:00' };
    const preview = await submit(shown, input);
    const again = await submit({ ...shown, view: preview.view ?? {} }, { ...input, time: '12:00' });
    expect(again.response_action).toBe('update');
    expect(JSON.stringify(again.view)).toContain('Save schedule');
    expect(world.moltflow.requestsTo('POST', '/scheduled-messages')).toHaveLength(0);
  });

  it('searches IANA zones for the time-zone picker', async () => {
    const res = await postInteraction(
      app.eventsUrl,
      SIGNING_SECRET,
      suggestionPayload({
        actionId: 'schedule_timezone',
        blockId: 'timezone',
        value: 'new york',
        viewId: 'V1',
      }),
    );
    const { options } = res.json as { options: { value: string; text: { text: string } }[] };
    expect(options[0]?.value).toBe('America/New_York');
    expect(options[0]?.text.text).toMatch(/^America\/New York \(UTC-0[45]:00\)$/);

    const many = await postInteraction(
      app.eventsUrl,
      SIGNING_SECRET,
      suggestionPayload({ actionId: 'schedule_timezone', blockId: 'timezone', value: 'an', viewId: 'V1' }),
    );
    expect((many.json as { options: unknown[] }).options).toHaveLength(100);
  });
});
