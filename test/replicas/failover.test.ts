// Three replicas on one Postgres database, polling every 2 s (so leases last 2 s): a double click that lands
// on two replicas does the work once; a replica killed with -9 while following a broadcast, or while holding
// the poller lease, is replaced by another within the lease's bounds. The tests run in order on one set of
// processes; before each, the set is topped up to three with fresh replicas.
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { BulkDriver } from '../features/broadcasts/broadcast-driver.js';
import { GroupsDriver } from '../features/groups/groups-driver.js';
import {
  BOT_TOKEN,
  cardLeadIds,
  createWorld,
  SIGNING_SECRET,
  type TestApp,
  type World,
} from '../helpers/harness.js';
import type { FakeBulkJob } from '../helpers/moltflow-api/bulk-send.js';
import { postSlashCommand } from '../helpers/signed-request.js';
import { describeIfPostgres, type FreshDatabase, freshPostgresDatabase } from '../support/postgres.js';
import { Cluster, type ReplicaProcess } from './cluster.js';

const POLL_MS = 2_000;

describeIfPostgres('three replicas: double clicks and kill -9', () => {
  let world: World;
  let db: FreshDatabase;
  let cluster: Cluster;

  beforeAll(async () => {
    [world, db] = await Promise.all([createWorld(), freshPostgresDatabase()]);
    world.moltflow.setSessions([{ id: 'sess-main-0001', name: 'Sales phone', status: 'working' }]);
    cluster = new Cluster(world, db.url, {
      LEAD_POLL_CRON: '*/2 * * * * *',
      BULK_PROGRESS_UPDATE_MS: '250',
    });
    await cluster.grow(3);
  }, 60_000);
  beforeEach(() => cluster.topUp(3), 60_000);
  afterAll(async () => {
    await cluster?.close();
    await db?.drop();
    await world?.close();
    cluster?.assertNoSecretsLogged([BOT_TOKEN, SIGNING_SECRET, world.moltflow.apiKey]);
  });

  const app = (r: ReplicaProcess) => ({ eventsUrl: r.eventsUrl }) as TestApp;
  const bulkVia = (r: ReplicaProcess) => new BulkDriver(world, app(r));
  const viewShows = (viewId: string, text: string) =>
    world.slack.waitFor(
      () => JSON.stringify(world.slack.views.find((v) => v.id === viewId)?.view).includes(text) || undefined,
      { timeoutMs: 15_000, description: `view ${viewId} showing "${text}"` },
    );
  const progressMessages = (jobId: string) =>
    world.slack
      .callsTo('chat.postMessage')
      .filter((c) => !c.args.thread_ts && JSON.stringify(c.args.metadata ?? {}).includes(jobId));
  const finished = (jobId: string) =>
    cluster.waitForRow(
      async () =>
        (await cluster.query('SELECT 1 FROM bulk_jobs WHERE job_id = $1 AND finished', [jobId])).length > 0,
      `broadcast ${jobId} recorded as finished`,
    );
  /** Two more poll passes: time enough (more than a lease) for any replica to act on what it sees. */
  const twoPollPasses = async () => {
    const listed = world.moltflow.requestsTo('GET', '/leads').length;
    await world.moltflow.waitFor(
      () => world.moltflow.requestsTo('GET', '/leads').length >= listed + 2 || undefined,
      { timeoutMs: 15_000, description: 'two more poll passes' },
    );
  };

  it('"Send now" submitted to two replicas at once starts one broadcast', async () => {
    const [a, b, c] = cluster.live() as [ReplicaProcess, ReplicaProcess, ReplicaProcess];
    const bulk = bulkVia(a);
    const group = bulk.group('Twice', 3);
    const view = await bulk.openForm();
    const sessionId = BulkDriver.options(view, 'bulk_session')[0]?.value;
    const review = await bulk.submitCompose(
      view.id,
      BulkDriver.values({ sessionId, groupId: group.id, message: 'Once only' }),
    );
    expect((review.json as { response_action?: string }).response_action).toBe('update');

    // A slow progress post keeps the first submission's work (and its draft) open while the second lands.
    world.slack.setLatency('chat.postMessage', 500);
    let job: FakeBulkJob;
    try {
      const answers = await Promise.all([bulkVia(b).confirm(view.id), bulkVia(c).confirm(view.id)]);
      expect(answers.map((r) => r.status)).toEqual([200, 200]);
      job = await world.slack.waitFor(() => bulk.area.jobs[0]);
      await bulk.waitForProgressMessage(job.id);
      await viewShows(view.id, 'has started');
    } finally {
      world.slack.setLatency('chat.postMessage', 0);
    }

    expect(world.moltflow.requestsTo('POST', '/bulk-send')).toHaveLength(1);
    expect(bulk.area.jobs).toHaveLength(1);
    expect(progressMessages(job.id)).toHaveLength(1);

    // Done, so it is no one's to follow in the tests after this one.
    bulk.area.finish(job.id, 'completed');
    await finished(job.id);
  }, 30_000);

  it('a group form submitted to two replicas at once creates one group', async () => {
    const [a, b, c] = cluster.live() as [ReplicaProcess, ReplicaProcess, ReplicaProcess];
    const groups = new GroupsDriver(world, app(a));
    const index = world.slack.views.length;
    const { res } = await groups.command('create');
    expect(res.text).toBe('');
    const form = await groups.modal(0, index);

    const typed = { name: 'Once', members: '+14155552671' };
    await Promise.all([
      new GroupsDriver(world, app(b)).submit(form, typed),
      new GroupsDriver(world, app(c)).submit(form, typed),
    ]);
    const after = await groups.settled(form);

    expect(after.text).toContain('Once');
    expect(world.moltflow.requestsTo('POST', '/custom-groups')).toHaveLength(1);
    expect(groups.groups.groups.filter((g) => g.name === 'Once')).toHaveLength(1);
  }, 30_000);

  it('a broadcast whose follower is killed is adopted: same message kept current, one summary', async () => {
    const [a] = cluster.live() as [ReplicaProcess];
    const bulk = bulkVia(a);
    const { job, message } = await bulk.start(bulk.group('VIP', 5));
    const lease = `broadcast:${job.id}`;
    const follower = await cluster.lease(lease);
    expect(follower?.holder).toBe(a.id); // "Send now" went to a, which follows what it starts

    await cluster.kill(a);
    const updatesBefore = world.slack.callsTo('chat.update').length;
    bulk.area.emit(job.id, { sent: 2 }); // no one is listening now
    const adopted = await cluster.waitForRow(async () => {
      const row = await cluster.lease(lease);
      return row && row.holder !== a.id ? row : undefined;
    }, 'another replica taking the broadcast lease');
    expect(cluster.live().map((r) => r.id)).toContain(adopted.holder);

    // The adopter reads where the job stands and redraws the message it already had.
    await bulk.waitForShown(message, '2/5 sent', 15_000);
    await world.moltflow.waitFor(() => bulk.area.streamCount(job.id) === 1 || undefined, {
      timeoutMs: 15_000,
      description: 'the adopter listening to the progress stream',
    });
    bulk.area.emit(job.id, { sent: 4, failed: 0 });
    await bulk.waitForShown(message, '4/5 sent');
    bulk.area.finish(job.id, 'completed');
    await bulk.waitForShown(message, '5/5 sent, 0 failed (Completed)');
    await finished(job.id);
    await world.slack.waitFor(
      () => bulk.thread(message).some((t) => t.startsWith('*Summary:*')) || undefined,
    );
    await twoPollPasses(); // a second follower, had there been one, would have spoken by now

    const edits = world.slack.callsTo('chat.update').slice(updatesBefore);
    expect(edits.length).toBeGreaterThanOrEqual(3);
    for (const edit of edits) expect(edit.args).toMatchObject({ channel: message.channel, ts: message.ts });
    expect(progressMessages(job.id)).toHaveLength(1);
    const thread = bulk.thread(message);
    expect(thread.filter((t) => t.startsWith('*Summary:*'))).toHaveLength(1);
    expect(thread.filter((t) => t === ':white_check_mark: Completed.')).toHaveLength(1);
    expect(await cluster.lease(lease)).toBeUndefined(); // released once done
  }, 45_000);

  it('the poller killed with -9 is replaced within two poll intervals of its lease expiring', async () => {
    const before = await cluster.lease('poller');
    if (!before) throw new Error('no replica holds the poller lease');
    const victim = cluster.byId(before.holder);
    await cluster.kill(victim);
    const killedAt = Date.now();
    // Nothing renews it now: its expiry is the moment another replica may take over.
    const bound = await cluster.lease('poller');
    expect(bound?.holder).toBe(victim.id);
    const expiresAt = bound?.expires_at.getTime() ?? 0;
    expect(expiresAt).toBeLessThanOrEqual(killedAt + POLL_MS); // the ttl is the poll interval

    const lead = world.moltflow.addLead({ contact_name: 'After the crash' });
    const taken = await cluster.waitForRow(async () => {
      const row = await cluster.lease('poller');
      return row && row.holder !== victim.id ? row : undefined;
    }, 'another replica taking the poller lease');
    const survivors = cluster.live();
    expect(survivors.map((r) => r.id)).toContain(taken.holder);
    const lateness = taken.acquired_at.getTime() - expiresAt;
    console.info(
      `poller takeover: ${lateness} ms after the lease expired, ${taken.acquired_at.getTime() - killedAt} ms after kill -9`,
    );
    expect(lateness).toBeGreaterThanOrEqual(0);
    expect(lateness).toBeLessThanOrEqual(2 * POLL_MS);

    await world.slack.waitFor(() => cardLeadIds(world.slack).includes(lead.id) || undefined, {
      timeoutMs: 15_000,
      description: 'the card of the lead added after the crash',
    });
    expect(cardLeadIds(world.slack).filter((id) => id === lead.id)).toHaveLength(1);

    // Once the dead replica's heartbeat has lapsed too, a survivor's /moltflow status tells the new order.
    await cluster.waitForRow(
      async () =>
        (
          await cluster.query('SELECT 1 FROM leases WHERE name = $1 AND expires_at > now()', [
            `replica:${victim.id}`,
          ])
        ).length === 0,
      'the dead replica no longer counted alive',
    );
    const asked = survivors.find((r) => r.id !== taken.holder) ?? survivors[0];
    if (!asked) throw new Error('no survivor');
    const responseUrl = world.slack.responseUrl(`status-${asked.id}`);
    const res = await postSlashCommand(asked.eventsUrl, SIGNING_SECRET, {
      command: '/moltflow',
      text: 'status',
      responseUrl,
    });
    expect(res.status).toBe(200);
    const reply = await world.slack.waitFor(() => world.slack.responses.find((r) => r.url === responseUrl), {
      timeoutMs: 15_000,
    });
    const shown = JSON.stringify(reply.body);
    expect(shown).toContain('*Replicas*');
    expect(shown).toContain(`This answer came from \`${asked.id}\``);
    expect(shown).toContain(`Polling MoltFlow: \`${taken.holder}\``);
    expect(shown).toContain(`${survivors.length} alive`);
    expect(shown).not.toContain(`\`${victim.id}\``);
  }, 45_000);
});
