import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, type TestApp, type World } from '../../helpers/harness.js';
import { BulkDriver, ORIGIN } from './broadcast-driver.js';

describe('/bulksend list and status', () => {
  let world: World;
  let app: TestApp;
  let bulk: BulkDriver;

  beforeEach(async () => {
    world = await createWorld();
    world.moltflow.setSessions([{ id: 'sess-main-0001', name: 'Sales phone', status: 'working' }]);
    app = await world.startApp({ BULK_PROGRESS_UPDATE_MS: '250' });
    bulk = new BulkDriver(world, app);
  });
  afterEach(async () => {
    await world.close();
    expect(world.slack.rejections).toEqual([]);
    expect(world.slack.warnings).toEqual([]);
  });

  const reply = async (n: number) => {
    const r = await world.slack.waitFor(() => world.slack.responses[n]);
    expect(r.body.response_type).toBe('ephemeral');
    return JSON.stringify(r.body);
  };

  it('lists recent broadcasts with group, counts, state and where the progress is', async () => {
    const ours = await bulk.start(bulk.group('VIP <a&b>', 4));
    bulk.area.emit(ours.job.id, { sent: 2, failed: 1 });
    await bulk.waitForShown(ours.message, '2/4 sent, 1 failed');
    // One started elsewhere (e.g. in the MoltFlow dashboard): MoltFlow knows it, the app does not follow it.
    const other = bulk.area.create({
      session_id: 'sess-main-0001',
      custom_group_id: 'g-elsewhere',
      message_type: 'text',
      message_content: 'x',
      media_url: null,
      total_recipients: 10,
    });
    bulk.area.applyPatch(other, { status: 'completed', sent: 10 });

    await bulk.command('list');
    const shown = await reply(0);
    expect(shown).toContain('*VIP &lt;a&amp;b&gt;* · 2/4 sent · 1 failed · :large_green_circle: Sending');
    expect(shown).toContain(`progress in <#${ORIGIN}>`);
    expect(shown).toContain('by <@U0ANA>');
    expect(shown).toContain('*a contact group* · 10/10 sent · 0 failed · :white_check_mark: Completed');
    expect(world.moltflow.requestsTo('GET', '/bulk-send')[0]?.query.limit).toBe('15');
  });

  it('still lists the followed broadcasts when MoltFlow cannot be read, saying so', async () => {
    const ours = await bulk.start(bulk.group('VIP', 2));
    world.moltflow.fail({ method: 'GET', path: '/bulk-send' }, { kind: 'status', status: 500, times: 10 });
    await bulk.command('list');
    const shown = await reply(0);
    expect(shown).toMatch(/These are the ones I follow/);
    expect(shown).toContain(ours.job.id);
  });

  it('says there is nothing yet when there are no broadcasts', async () => {
    await bulk.command('list');
    expect(await reply(0)).toContain('No broadcasts yet. Start one with `/bulksend`.');
  });

  it('shows one broadcast by its full id or the start of it, and explains an unknown id', async () => {
    const { job } = await bulk.start(bulk.group('VIP', 4));
    bulk.area.applyPatch(bulk.job(job.id), { sent: 1 });

    await bulk.command(`status ${job.id}`);
    const full = await reply(0);
    expect(full).toContain('*VIP* · 1/4 sent · 0 failed');
    expect(full).toContain('▓▓▓▓▓░░░░░░░░░░░░░░░ 25%');

    await bulk.command(`status ${job.id.slice(0, 8)}`);
    expect(await reply(1)).toContain('*VIP* · 1/4 sent');

    await bulk.command('status nope-<!here>');
    expect(await reply(2)).toContain('MoltFlow has no broadcast `nope-&lt;!here&gt;`');
  });

  it('answers help, a bare status, and unknown words with the usage', async () => {
    const help = await bulk.command('help');
    expect(JSON.stringify(help.json)).toContain('`/bulksend list` shows recent broadcasts');
    const bare = await bulk.command('status');
    expect(JSON.stringify(bare.json)).toMatch(/Which one\?/);
    const odd = await bulk.command('frobnicate <!channel>');
    expect(JSON.stringify(odd.json)).toContain("I don't know `frobnicate &lt;!channel&gt;`");
    expect(world.moltflow.requests).toHaveLength(0);
  });
});
