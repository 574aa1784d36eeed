import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, type TestApp, type World } from '../../helpers/harness.js';
import { BulkDriver, USER } from './broadcast-driver.js';

const INTERVAL_MS = 250;

describe('/bulksend: live progress', () => {
  let world: World;
  let app: TestApp;
  let bulk: BulkDriver;

  beforeEach(async () => {
    world = await createWorld();
    world.moltflow.setSessions([{ id: 'sess-main-0001', name: 'Sales phone', status: 'working' }]);
    app = await world.startApp({ BULK_PROGRESS_UPDATE_MS: String(INTERVAL_MS) });
    bulk = new BulkDriver(world, app);
  });
  afterEach(async () => {
    await world.close();
    expect(world.slack.rejections).toEqual([]);
    expect(world.slack.warnings).toEqual([]);
  });

  const updates = (ts: string) => world.slack.callsTo('chat.update').filter((c) => c.args.ts === ts);

  it('follows the stream to the true final state, with a thread reply per change and a summary', async () => {
    const { job, message } = await bulk.start(bulk.group('VIP', 5));
    bulk.area.emit(job.id, { sent: 1 });
    await bulk.waitForShown(message, '1/5 sent');
    bulk.area.emit(job.id, { sent: 2, failed: 1 });
    bulk.area.emit(job.id, { sent: 3, failed: 1 });
    await bulk.waitForShown(message, '3/5 sent, 1 failed');
    bulk.area.finish(job.id, 'completed', { sent: 4, failed: 1 });

    const final = await bulk.waitForShown(message, '4/5 sent, 1 failed (Completed)');
    expect(BulkDriver.buttons(final)).toEqual([]);
    expect(JSON.stringify(final.blocks)).toContain('▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓ 100%');
    await app.service.broadcasts.whenDone(job.id);
    expect(bulk.thread(message)).toEqual([
      ':arrow_forward: Started sending to 5 recipients in *VIP* from *Sales phone*.',
      ':white_check_mark: Completed.',
      expect.stringMatching(/^\*Summary:\* 4 sent, 1 failed of 5 recipients/),
    ]);
    expect(await app.service.ctx.store.broadcasts.get(job.id)).toMatchObject({
      status: 'completed',
      finished: true,
    });
  });

  it('folds a fast burst into a few edits and still draws the last state', async () => {
    const { job, message } = await bulk.start(bulk.group('Everyone', 500));
    bulk.area.fast(job.id, 500, { failEvery: 50 });
    bulk.area.finish(job.id, 'completed');
    await bulk.waitForShown(message, '490/500 sent, 10 failed (Completed)');
    await app.service.broadcasts.whenDone(job.id);
    expect(updates(message.ts).length).toBeLessThanOrEqual(3);
    expect(bulk.thread(message).at(-1)).toMatch(/490 sent, 10 failed of 500 recipients/);
  });

  it('reads frames that arrive without the blank line between them', async () => {
    const { job, message } = await bulk.start(bulk.group('VIP', 4));
    bulk.area.blankLines = false;
    bulk.area.emit(job.id, { sent: 1 });
    bulk.area.emit(job.id, { sent: 2 });
    bulk.area.heartbeat(job.id); // the blank line that finally ends the joined frame
    await bulk.waitForShown(message, '2/4 sent');
    bulk.area.finish(job.id, 'completed');
    await bulk.waitForShown(message, '4/4 sent, 0 failed (Completed)');
  });

  it('pauses, resumes and cancels from the message, redrawing the buttons and crediting the person', async () => {
    const { job, message } = await bulk.start(bulk.group('VIP', 6));
    bulk.area.emit(job.id, { sent: 2 });
    await bulk.waitForShown(message, '2/6 sent');

    await bulk.click(message, 'bulk_pause', job.id, 'U0BEA');
    const paused = await bulk.waitForShown(message, '(Paused)');
    expect(bulk.job(job.id).status).toBe('paused');
    expect(BulkDriver.buttons(paused)).toEqual(['bulk_resume', 'bulk_cancel']);

    await bulk.click(message, 'bulk_resume', job.id);
    const resumed = await bulk.waitForShown(message, '(Sending)');
    expect(BulkDriver.buttons(resumed)).toEqual(['bulk_pause', 'bulk_cancel']);
    const cancelButton = (
      resumed.blocks as { type: string; elements?: { action_id: string; confirm?: unknown }[] }[]
    )
      .find((b) => b.type === 'actions')
      ?.elements?.find((e) => e.action_id === 'bulk_cancel');
    expect(cancelButton?.confirm).toMatchObject({ title: { text: 'Cancel this broadcast?' } });

    bulk.area.emit(job.id, { sent: 3 });
    await bulk.click(message, 'bulk_cancel', job.id);
    const cancelled = await bulk.waitForShown(message, '3/6 sent, 0 failed (Cancelled)');
    expect(BulkDriver.buttons(cancelled)).toEqual([]);
    await app.service.broadcasts.whenDone(job.id);

    expect(
      world.moltflow
        .requestsTo('POST', /\/bulk-send\/[^/]+\/(pause|resume|cancel)$/)
        .map((r) => r.path.split('/').at(-1)),
    ).toEqual(['pause', 'resume', 'cancel']);
    expect(bulk.thread(message)).toEqual([
      expect.stringMatching(/Started sending/),
      ':double_vertical_bar: Paused by <@U0BEA> at 2/6.',
      `:arrow_forward: Resumed by <@${USER}> at 2/6.`,
      `:black_square_for_stop: Cancelled by <@${USER}> at 3/6. Recipients not reached yet won't get the message.`,
      expect.stringMatching(/^\*Summary:\* 3 sent, 0 failed, 3 not reached of 6 recipients/),
    ]);
    expect(world.slack.ephemerals).toEqual([]);
  });

  it('explains a control MoltFlow refuses (the job already finished) and redraws to the truth', async () => {
    const { job, message } = await bulk.start(bulk.group('VIP', 2));
    // The job finished in MoltFlow, but its last frame never reached the app.
    bulk.area.applyPatch(bulk.job(job.id), { status: 'completed', sent: 2 });
    await bulk.click(message, 'bulk_pause', job.id);
    const note = await world.slack.waitFor(() => world.slack.ephemerals[0]);
    expect(note).toMatchObject({ user: USER, channel: message.channel });
    expect(note.text).toMatch(
      /MoltFlow couldn't pause this broadcast: Job is not running \(status: completed\)/,
    );
    const final = await bulk.waitForShown(message, '2/2 sent, 0 failed (Completed)');
    expect(BulkDriver.buttons(final)).toEqual([]);
  });

  it('refuses the buttons to someone without the outreach role', async () => {
    await app.stop();
    world.slack.setDefaultUser({});
    app = await world.startApp({ BULK_PROGRESS_UPDATE_MS: String(INTERVAL_MS), ACCESS_OUTREACH: USER });
    bulk = new BulkDriver(world, app);
    const { job, message } = await bulk.start(bulk.group('VIP', 2));
    const before = world.moltflow.requests.length;
    await bulk.click(message, 'bulk_cancel', job.id, 'U0EVE');
    const note = await world.slack.waitFor(() => world.slack.ephemerals[0] ?? world.slack.responses[0]?.body);
    expect(note.text).toBe(
      'You need the outreach role to pause, resume or cancel broadcasts; ask one of <@U0ANA>.',
    );
    expect(world.moltflow.requests.slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
    expect(bulk.job(job.id).status).toBe('running');
  });

  it('re-reads the job after a dropped stream and reconnects while it runs', async () => {
    const { job, message } = await bulk.start(bulk.group('VIP', 10));
    bulk.area.emit(job.id, { sent: 1 });
    await bulk.waitForShown(message, '1/10 sent');
    const readsBefore = world.moltflow.requestsTo('GET', `/bulk-send/${job.id}`).length;

    // Progress made while the stream is down is only visible through GET /bulk-send/{id}.
    bulk.area.applyPatch(bulk.job(job.id), { sent: 4, failed: 1 });
    bulk.area.dropStream(job.id);
    await bulk.waitForShown(message, '4/10 sent, 1 failed');
    expect(world.moltflow.requestsTo('GET', `/bulk-send/${job.id}`).length).toBeGreaterThan(readsBefore);
    await bulk.waitForStream(job.id);
    expect(world.moltflow.requestsTo('GET', `/bulk-send/${job.id}/progress`).length).toBeGreaterThanOrEqual(
      2,
    );

    bulk.area.emit(job.id, { sent: 6 });
    await bulk.waitForShown(message, '6/10 sent, 1 failed');
    bulk.area.finish(job.id, 'completed');
    await bulk.waitForShown(message, '9/10 sent, 1 failed (Completed)');
    await app.service.broadcasts.whenDone(job.id);
    expect(bulk.thread(message).filter((t) => /Started|Completed/.test(t))).toHaveLength(2);
  });

  it('stops reconnecting when the re-read says the job ended while the stream was down', async () => {
    const { job, message } = await bulk.start(bulk.group('VIP', 3));
    bulk.area.applyPatch(bulk.job(job.id), { status: 'failed', sent: 1, failed: 2 });
    bulk.area.dropStream(job.id);
    await bulk.waitForShown(message, '1/3 sent, 2 failed (Failed)');
    await app.service.broadcasts.whenDone(job.id);
    const streams = world.moltflow.requestsTo('GET', `/bulk-send/${job.id}/progress`).length;
    expect(streams).toBe(1);
    expect(bulk.thread(message)).toContain(':x: MoltFlow reports that this broadcast failed at 1/3.');
  });

  it('picks up every job it was following after a restart, and announces nothing twice', async () => {
    const first = await bulk.start(bulk.group('VIP', 8), { message: 'one' });
    const second = await bulk.start(bulk.group('Friends', 3), { message: 'two' });
    bulk.area.emit(first.job.id, { sent: 2 });
    await bulk.waitForShown(first.message, '2/8 sent');

    await app.stop();
    expect(bulk.area.streamCount(first.job.id)).toBe(0);
    // While the app is down: one job moves on and pauses, the other completes.
    bulk.area.applyPatch(bulk.job(first.job.id), { sent: 5, status: 'paused' });
    bulk.area.applyPatch(bulk.job(second.job.id), { sent: 3, status: 'completed' });

    app = await world.startApp({ BULK_PROGRESS_UPDATE_MS: String(INTERVAL_MS) });
    bulk.app = app;
    const resumed = await bulk.waitForShown(first.message, '5/8 sent, 0 failed (Paused)');
    expect(BulkDriver.buttons(resumed)).toEqual(['bulk_resume', 'bulk_cancel']);
    await bulk.waitForShown(second.message, '3/3 sent, 0 failed (Completed)');
    await bulk.waitForStream(first.job.id);

    await bulk.click(first.message, 'bulk_resume', first.job.id);
    await bulk.waitForShown(first.message, '(Sending)');
    bulk.area.finish(first.job.id, 'completed');
    await bulk.waitForShown(first.message, '8/8 sent, 0 failed (Completed)');
    await app.service.broadcasts.whenDone(first.job.id);
    await app.service.broadcasts.whenDone(second.job.id);

    expect(bulk.thread(first.message)).toEqual([
      expect.stringMatching(/^:arrow_forward: Started/),
      ':double_vertical_bar: Paused at 5/8.',
      `:arrow_forward: Resumed by <@${USER}> at 5/8.`,
      ':white_check_mark: Completed.',
      expect.stringMatching(/^\*Summary:\* 8 sent, 0 failed of 8 recipients/),
    ]);
    expect(bulk.thread(second.message)).toEqual([
      expect.stringMatching(/^:arrow_forward: Started/),
      ':white_check_mark: Completed.',
      expect.stringMatching(/^\*Summary:\* 3 sent, 0 failed of 3 recipients/),
    ]);
    expect(await app.service.ctx.store.broadcasts.listOpen()).toEqual([]);
  });
});
