import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, SIGNING_SECRET, type TestApp, type World } from '../../helpers/harness.js';
import {
  type FakeSchedule,
  type ScheduledMessagesState,
  scheduledMessages,
} from '../../helpers/moltflow-api/scheduled-messages.js';
import { blockActionPayload, postInteraction, postSlashCommand } from '../../helpers/signed-request.js';

const CHANNEL = 'C0SCHED01';
type Button = { action_id: string; value: string; confirm?: unknown; text: { text: string } };
type Block = { type: string; text?: { text: string }; elements?: Button[] };

describe('/schedule list and /schedule history', () => {
  let world: World;
  let app: TestApp;
  let area: ScheduledMessagesState;
  let seeded: Record<string, FakeSchedule>;

  beforeEach(async () => {
    world = await createWorld();
    area = scheduledMessages(world.moltflow.state);
    seeded = {
      active: area.add({ name: 'Weekly <!here> offers', status: 'active', timezone: 'America/New_York' }),
      paused: area.add({ name: 'Paused promo', status: 'paused' }),
      cancelled: area.add({ name: 'Old promo', status: 'cancelled', next_run_at: null }),
      completed: area.add({
        name: 'Launch day',
        status: 'completed',
        schedule_type: 'one_time',
        cron_expression: null,
        next_run_at: null,
      }),
    };
    app = await world.startApp();
  });
  afterEach(async () => {
    expect(world.slack.rejections).toEqual([]);
    expect(world.slack.warnings).toEqual([]);
    await world.close();
  });

  const command = async (text: string, userId = 'U0TESTER') => {
    const before = world.slack.responses.length;
    const res = await postSlashCommand(app.eventsUrl, SIGNING_SECRET, {
      command: '/schedule',
      text,
      userId,
      channelId: CHANNEL,
      responseUrl: world.slack.responseUrl(text),
    });
    expect(res.status).toBe(200);
    return world.slack.waitFor(() => world.slack.responses[before]?.body);
  };
  const buttonsOf = (body: Record<string, unknown>) =>
    ((body.blocks ?? []) as Block[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
  const buttonFor = (body: Record<string, unknown>, scheduleId: string, action: string) =>
    buttonsOf(body).find((b) => b.action_id === action && JSON.parse(b.value).i === scheduleId);
  const click = async (button: Button | undefined, userId = 'U0TESTER') => {
    if (!button) throw new Error('no such button');
    const res = await postInteraction(
      app.eventsUrl,
      SIGNING_SECRET,
      blockActionPayload({
        actionId: button.action_id,
        value: button.value,
        userId,
        channelId: CHANNEL,
        messageTs: '1700000000.000100',
        responseUrl: world.slack.responseUrl('list-click'),
      }),
    );
    expect(res.status).toBe(200);
  };
  const nextResponse = (after: number) => world.slack.waitFor(() => world.slack.responses[after]?.body);

  it('lists schedules with status and next run, offering only the allowed moves', async () => {
    const body = await command('list');
    const shown = JSON.stringify(body);
    expect(body.response_type).toBe('ephemeral');
    // Every mrkdwn text escapes the name (button values and plain_text confirm texts are never parsed).
    const mrkdwn = [String(body.text), ...((body.blocks ?? []) as Block[]).map((b) => b.text?.text ?? '')];
    expect(mrkdwn.join('\n')).toContain('Weekly &lt;!here&gt; offers');
    expect(mrkdwn.join('\n')).not.toContain('<!here>');
    expect(shown).toContain(`<!date^${Date.parse('2030-01-07T09:00:00+00:00') / 1000}^`);
    expect(shown).toContain('Showing 1–4 of 4');

    const moves = (id: string) =>
      buttonsOf(body)
        .filter((b) => JSON.parse(b.value).i === id)
        .map((b) => b.action_id.replace('schedule_move_', ''));
    expect(moves(seeded.active?.id ?? '')).toEqual(['pause', 'cancel']);
    expect(moves(seeded.paused?.id ?? '')).toEqual(['resume', 'cancel']);
    expect(moves(seeded.cancelled?.id ?? '')).toEqual(['delete']);
    expect(moves(seeded.completed?.id ?? '')).toEqual(['delete']);
    expect(buttonFor(body, seeded.cancelled?.id ?? '', 'schedule_move_delete')?.confirm).toBeDefined();
    expect(buttonFor(body, seeded.active?.id ?? '', 'schedule_move_cancel')?.confirm).toBeDefined();
    expect(buttonFor(body, seeded.active?.id ?? '', 'schedule_move_pause')?.confirm).toBeUndefined();
  });

  it('pause → resume → cancel → delete, redrawing the list each time with the new allowed moves', async () => {
    const id = seeded.active?.id ?? '';
    let body = await command('list');
    for (const [action, status, next] of [
      ['schedule_move_pause', 'paused', ['schedule_move_resume', 'schedule_move_cancel']],
      ['schedule_move_resume', 'active', ['schedule_move_pause', 'schedule_move_cancel']],
      ['schedule_move_cancel', 'cancelled', ['schedule_move_delete']],
    ] as const) {
      const before = world.slack.responses.length;
      await click(buttonFor(body, id, action));
      body = await nextResponse(before);
      expect(body.replace_original).toBe(true);
      expect(area.find(id)?.status).toBe(status);
      expect(
        buttonsOf(body)
          .filter((b) => JSON.parse(b.value).i === id)
          .map((b) => b.action_id),
      ).toEqual(next);
      expect(JSON.stringify(body)).toMatch(/was (paused|resumed|cancelled) by <@U0TESTER>/);
    }
    const before = world.slack.responses.length;
    await click(buttonFor(body, id, 'schedule_move_delete'));
    body = await nextResponse(before);
    expect(area.find(id)).toBeUndefined();
    expect(JSON.stringify(body)).toContain('was deleted');
  });

  it('acts once when a button is double-clicked', async () => {
    const body = await command('list');
    const pause = buttonFor(body, seeded.active?.id ?? '', 'schedule_move_pause');
    await Promise.all([click(pause), click(pause)]);
    await world.slack.waitFor(() => world.slack.responses.length >= 2);
    expect(world.moltflow.requestsTo('POST', /\/pause$/)).toHaveLength(1);
    expect(world.slack.responses.filter((r) => r.body.replace_original === false)).toHaveLength(0);
  });

  it('explains a move MoltFlow refuses (a stale button) and redraws the list to the truth', async () => {
    const body = await command('list');
    const active = area.find(seeded.active?.id);
    if (active) active.status = 'cancelled';
    const before = world.slack.responses.length;
    await click(buttonFor(body, seeded.active?.id ?? '', 'schedule_move_pause'));
    await world.slack.waitFor(() => world.slack.responses.length >= before + 2);
    const [note, redrawn] = world.slack.responses.slice(before).map((r) => r.body);
    expect(note).toMatchObject({ replace_original: false });
    expect(String(note?.text)).toMatch(
      /MoltFlow would not pause \*Weekly &lt;!here&gt; offers\*: Schedule cannot be paused \(status: cancelled\)/,
    );
    expect(redrawn).toMatchObject({ replace_original: true });
    expect(buttonFor(redrawn ?? {}, seeded.active?.id ?? '', 'schedule_move_delete')).toBeDefined();
  });

  it('refuses moves politely to someone without the outreach role', async () => {
    await app.stop();
    world.slack.setDefaultUser({});
    app = await world.startApp({ ACCESS_OUTREACH: 'U0BOSS' });
    // Someone without the role sees no move buttons at all ...
    expect(JSON.stringify(await command('list', 'U0INTERN'))).not.toContain('schedule_move_');
    // ... and a button from a list drawn for someone else (or before the role was taken away) is refused.
    const body = await command('list', 'U0BOSS');
    const before = world.slack.responses.length;
    await click(buttonFor(body, seeded.active?.id ?? '', 'schedule_move_pause'), 'U0INTERN');
    const reply = await nextResponse(before);
    expect(String(reply.text)).toBe('You need the outreach role to change schedules; ask one of <@U0BOSS>.');
    expect(area.find(seeded.active?.id)?.status).toBe('active');
  });

  it('pages ten at a time', async () => {
    for (let i = 0; i < 8; i++) area.add({ name: `Extra ${i}` });
    const first = await command('list');
    expect(JSON.stringify(first)).toContain('Showing 1–10 of 12');
    const next = buttonsOf(first).find((b) => b.action_id === 'schedule_list_page_next');
    const before = world.slack.responses.length;
    await click(next);
    const second = await nextResponse(before);
    expect(second.replace_original).toBe(true);
    expect(JSON.stringify(second)).toContain('Showing 11–12 of 12');
    expect(buttonsOf(second).map((b) => b.action_id)).toContain('schedule_list_page_prev');
    expect(JSON.stringify(await command('list 2'))).toContain('Showing 11–12 of 12');
  });

  it('names the Starter plan when the account is on Free (403)', async () => {
    world.moltflow.state.plan = 'free';
    const body = await command('list');
    expect(String(body.text)).toMatch(/requires the Starter plan.*need the MoltFlow Starter plan or higher/);
  });

  it('reads other list envelopes MoltFlow might use', async () => {
    world.moltflow.override('GET', '/scheduled-messages', () => ({
      status: 200,
      body: { scheduled_messages: [{ id: 'abc', name: 'Wrapped', status: 'active', next_run_at: null }] },
    }));
    expect(JSON.stringify(await command('list'))).toContain('Wrapped');
  });

  it('history pages the executions of a schedule found by name', async () => {
    const id = seeded.active?.id ?? '';
    for (let i = 0; i < 12; i++) area.addExecution(id, { sent_count: i, failed_count: i === 11 ? 2 : 0 });
    area.addExecution(id, { status: 'failed', error: 'Session <!channel> disconnected' });
    const first = await command('history weekly <!here> offers');
    const shown = JSON.stringify(first);
    expect(shown).toContain('Runs 1–10 of 13');
    expect(shown).toContain('Session &lt;!channel&gt; disconnected');
    expect(shown).toMatch(/<!date\^\d+\^/);
    const before = world.slack.responses.length;
    await click(buttonsOf(first).find((b) => b.action_id === 'schedule_history_page_next'));
    const second = await nextResponse(before);
    expect(JSON.stringify(second)).toContain('Runs 11–13 of 13');
  });

  it('history says so when nothing matches, and lists the candidates when several do', async () => {
    expect(String((await command('history nothing like it')).text)).toMatch(/couldn't find a schedule/);
    const several = String((await command('history promo')).text);
    expect(several).toMatch(/Several schedules match/);
    expect(several).toContain(seeded.paused?.id);
    expect(several).toContain(seeded.cancelled?.id);
    const bare = await postSlashCommand(app.eventsUrl, SIGNING_SECRET, {
      command: '/schedule',
      text: 'history',
    });
    expect((bare.json as { text: string }).text).toMatch(/Which schedule\?/);
  });

  it('history reads entries with other field names (bare array, run_at)', async () => {
    world.moltflow.override('GET', '/scheduled-messages/:id/history', () => ({
      status: 200,
      body: [{ run_at: '2026-02-17T09:00:00-05:00', status: 'sent', sent: 7 }],
    }));
    const body = await command(`history ${seeded.paused?.id}`);
    const shown = JSON.stringify(body);
    expect(shown).toContain(`<!date^${Date.parse('2026-02-17T14:00:00Z') / 1000}^`);
    expect(shown).toContain('7 sent');
  });
});
