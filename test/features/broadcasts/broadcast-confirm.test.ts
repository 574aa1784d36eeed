import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, type TestApp, type World } from '../../helpers/harness.js';
import { customGroups } from '../../helpers/moltflow-api/custom-groups.js';
import { BulkDriver, ORIGIN, USER } from './broadcast-driver.js';

const SESSION = 'sess-main-0001';

describe('/bulksend: Send now', () => {
  let world: World;
  let app: TestApp;
  let bulk: BulkDriver;

  beforeEach(async () => {
    world = await createWorld();
    world.moltflow.setSessions([{ id: SESSION, name: 'Sales phone', status: 'working' }]);
    app = await world.startApp({ BULK_PROGRESS_UPDATE_MS: '250' });
    bulk = new BulkDriver(world, app);
  });
  afterEach(async () => {
    await world.close();
    expect(world.slack.rejections).toEqual([]);
    expect(world.slack.warnings).toEqual([]);
  });

  /** The form filled and reviewed; returns the view id, ready for Send now. */
  async function reviewed(
    groupId: string,
    content: { message?: string; mediaUrl?: string } = { message: 'Hi all' },
  ) {
    const view = await bulk.openForm();
    const res = await bulk.submitCompose(
      view.id,
      BulkDriver.values({ sessionId: SESSION, groupId, ...content }),
    );
    expect((res.json as { view: { callback_id: string } }).view.callback_id).toBe('bulk_send_confirm');
    return view.id;
  }
  const outcome = (viewId: string) =>
    world.slack.waitFor(() => {
      const v = world.slack.views.find((x) => x.id === viewId);
      return v?.view.callback_id === 'bulk_send_result' ? JSON.stringify(v.view) : undefined;
    });

  it('starts the broadcast once, posts live progress where /bulksend was typed, and follows it', async () => {
    const group = bulk.group('VIP', 8);
    const viewId = await reviewed(group.id, { message: 'Spring sale <!here>' });
    const res = await bulk.confirm(viewId);
    expect(JSON.stringify(res.json)).toMatch(/Starting the broadcast/);

    expect(await outcome(viewId)).toMatch(
      /broadcast to \*8 recipients\* in \*VIP\* has started.*in <#C0OUTREACH>/,
    );
    const posts = world.moltflow.requestsTo('POST', '/bulk-send');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toEqual({
      session_id: SESSION,
      custom_group_id: group.id,
      message_content: 'Spring sale <!here>',
    });

    const job = bulk.area.latest;
    if (!job) throw new Error('no job');
    const message = await bulk.waitForProgressMessage(job.id);
    expect(message.channel).toBe(ORIGIN);
    expect(message.text).toBe('Broadcast to VIP: 0/8 sent, 0 failed (Sending)');
    expect(JSON.stringify(message.blocks)).toContain('from *Sales phone*, started by <@U0ANA>');
    expect(BulkDriver.buttons(message)).toEqual(['bulk_pause', 'bulk_cancel']);
    await bulk.waitForStream(job.id);
    await world.slack.waitFor(() => bulk.thread(message).length > 0);
    expect(bulk.thread(message)).toEqual([
      ':arrow_forward: Started sending to 8 recipients in *VIP* from *Sales phone*.',
    ]);
    expect(await app.service.ctx.store.broadcasts.get(job.id)).toMatchObject({
      channel: ORIGIN,
      ts: message.ts,
      startedBy: USER,
      finished: false,
    });
  });

  it('sends nothing twice when Send now is double-clicked (two submissions at once)', async () => {
    const group = bulk.group('VIP', 3);
    const viewId = await reviewed(group.id);
    const [a, b] = await Promise.all([bulk.confirm(viewId), bulk.confirm(viewId)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    for (const r of [a, b]) expect((r.json as { response_action: string }).response_action).toBe('update');

    await outcome(viewId);
    const job = bulk.area.latest;
    if (!job) throw new Error('no job');
    await bulk.waitForStream(job.id);
    expect(world.moltflow.requestsTo('POST', '/bulk-send')).toHaveLength(1);
    expect(bulk.area.jobs).toHaveLength(1);
    const progress = world.slack
      .messages(ORIGIN)
      .filter((m) => m.metadata?.event_type === 'moltflow_bulk_send');
    expect(progress).toHaveLength(1);

    // A late third click shows how it ended instead of sending again.
    const late = await bulk.confirm(viewId);
    expect(JSON.stringify(late.json)).toMatch(/has started/);
    expect(world.moltflow.requestsTo('POST', '/bulk-send')).toHaveLength(1);
  });

  it('sends the progress to the person directly when the app cannot post in the channel, saying so', async () => {
    world.slack.setChannel(ORIGIN, { member: false });
    const group = bulk.group('VIP', 2);
    const viewId = await reviewed(group.id);
    await bulk.confirm(viewId);
    expect(await outcome(viewId)).toMatch(/I sent you directly/);

    const job = bulk.area.latest;
    if (!job) throw new Error('no job');
    const message = await bulk.waitForProgressMessage(job.id);
    expect(message.channel).toBe('D0ANA');
    expect(JSON.stringify(message.blocks)).toContain(`I can't post in <#${ORIGIN}>`);
    expect(world.slack.callsTo('conversations.open')[0]?.args.users).toBe(USER);
    await bulk.waitForStream(job.id);
  });

  it('sends a media broadcast with message_type media', async () => {
    const group = bulk.group('VIP', 2);
    const viewId = await reviewed(group.id, { mediaUrl: 'https://cdn.example/flyer.jpg' });
    await bulk.confirm(viewId);
    await outcome(viewId);
    expect(world.moltflow.requestsTo('POST', '/bulk-send')[0]?.body).toEqual({
      session_id: SESSION,
      custom_group_id: group.id,
      message_type: 'media',
      media_url: 'https://cdn.example/flyer.jpg',
    });
  });

  describe('when MoltFlow refuses, the modal says why in words and nothing is posted', () => {
    const cases: [string, (w: World, groupId: string) => void, RegExp][] = [
      [
        'a plan without bulk send (403)',
        (w) => {
          w.moltflow.state.plan = 'free';
        },
        /Bulk send requires the Starter plan or higher \(current plan: Free\).*Upgrade the MoltFlow plan/,
      ],
      [
        'a session that stopped working since the form opened',
        (w) => {
          const s = w.moltflow.state.sessions[0];
          if (s) s.status = 'stopped';
        },
        /WhatsApp session \*Sales phone\* can't send right now.*status: stopped.*pick a working session/,
      ],
      [
        'a group deleted since the form opened',
        (w, groupId) => {
          const area = customGroups(w.moltflow.state);
          area.groups.splice(
            area.groups.findIndex((g) => g.id === groupId),
            1,
          );
        },
        /couldn't find the contact group \*VIP\*.*Custom group not found/,
      ],
      [
        'a 422 with details',
        (w) => {
          w.moltflow.override('POST', '/bulk-send', () => ({
            status: 422,
            body: {
              detail: [
                {
                  loc: ['body', 'message_content'],
                  msg: 'Message contains a blocked word',
                  type: 'value_error',
                },
              ],
            },
          }));
        },
        /didn't accept the broadcast: message_content: Message contains a blocked word/,
      ],
      [
        'a 429',
        (w) => {
          w.moltflow.fail(
            { method: 'POST', path: '/bulk-send' },
            { kind: 'status', status: 429, headers: { 'Retry-After': '42' } },
          );
        },
        /rate-limiting.*Try again in 42 s/,
      ],
    ];

    it.each(cases)('%s', async (_name, arrange, words) => {
      const group = bulk.group('VIP', 4);
      const viewId = await reviewed(group.id);
      arrange(world, group.id);
      await bulk.confirm(viewId);
      const shown = await outcome(viewId);
      expect(shown).toMatch(/did not start/);
      expect(shown).toMatch(words);
      expect(bulk.area.jobs).toHaveLength(0);
      expect(world.slack.callsTo('chat.postMessage')).toHaveLength(0);
      expect(app.service.broadcasts.size).toBe(0);
    });
  });

  it('does not invite a second send when MoltFlow does not answer: it may have started', async () => {
    const group = bulk.group('VIP', 4);
    const viewId = await reviewed(group.id);
    world.moltflow.fail({ method: 'POST', path: '/bulk-send' }, { kind: 'hang' });
    await bulk.confirm(viewId);
    const shown = await outcome(viewId);
    expect(shown).toMatch(/can't tell whether the broadcast started.*\/bulksend list/);
    expect(world.moltflow.requestsTo('POST', '/bulk-send')).toHaveLength(1);
  });
});
