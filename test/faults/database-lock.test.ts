// Another process holding SQLite's write lock (a backup, a second copy of the app on the same file) must not
// freeze the app: acks keep coming, a pass that cannot write fails and the next one catches up, and a person
// whose click could not be saved is told so instead of hearing nothing.
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  cardLeadIds,
  createWorld,
  LEADS_CHANNEL,
  SIGNING_SECRET,
  type TestApp,
  type World,
} from '../helpers/harness.js';
import { blockActionPayload, postInteraction, postSlashCommand } from '../helpers/signed-request.js';

describe('SQLite write lock held by another process', () => {
  let world: World;
  let app: TestApp;
  let other: Database.Database;

  beforeEach(async () => {
    world = await createWorld();
    app = await world.startApp();
    await app.service.pollOnce();
    other = new Database(world.dbUrl.slice('sqlite:'.length));
  });
  afterEach(async () => {
    if (other.inTransaction) other.exec('ROLLBACK');
    other.close();
    await world.close();
  });

  it('never stalls the event loop for seconds, and loses nothing once the lock is gone', async () => {
    const lead = world.moltflow.addLead({ contact_name: 'Locked Lou' });
    other.exec('BEGIN IMMEDIATE'); // holds the write lock until ROLLBACK

    // The longest gap between two ticks of a 10 ms interval is the longest the event loop was blocked.
    let last = performance.now();
    let longestBlock = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      longestBlock = Math.max(longestBlock, now - last);
      last = now;
    }, 10);
    await expect(app.service.pollOnce()).rejects.toThrow(/locked|busy/i);
    const help = await postSlashCommand(app.eventsUrl, SIGNING_SECRET, {
      command: '/moltflow',
      text: 'help',
      responseUrl: world.slack.responseUrl(),
    });
    await new Promise((resolve) => setTimeout(resolve, 30)); // one more tick, to measure a block just ended
    clearInterval(ticker);
    expect(help.status).toBe(200);
    expect(JSON.stringify(help.json)).toContain('/leads');
    // Before: busy_timeout=5000 stalled every ack for about 5 s. Now one wait is at most 100 ms.
    expect(longestBlock).toBeLessThan(1_000);
    expect(cardLeadIds(world.slack)).not.toContain(lead.id);

    other.exec('ROLLBACK');
    await app.service.pollOnce();
    expect(cardLeadIds(world.slack).filter((id) => id === lead.id)).toHaveLength(1);
  });

  it('tells the person when their click could not be saved, instead of silence', async () => {
    const lead = world.moltflow.addLead({ contact_name: 'Clicky Cleo' });
    await app.service.pollOnce();
    const card = world.slack
      .messages(LEADS_CHANNEL)
      .find((m) => m.metadata?.event_payload.lead_id === lead.id);
    other.exec('BEGIN IMMEDIATE');
    const res = await postInteraction(
      app.eventsUrl,
      SIGNING_SECRET,
      blockActionPayload({
        actionId: 'lead_status_contacted',
        value: lead.id,
        channelId: LEADS_CHANNEL,
        messageTs: card?.ts ?? '',
        responseUrl: world.slack.responseUrl(),
      }),
    );
    expect(res.status).toBe(200);
    const told = await world.slack.waitFor(() =>
      [
        ...world.slack.responses.map((r) => String(r.body.text)),
        ...world.slack.ephemerals.map((e) => e.text),
      ].find((t) => /try again/i.test(t)),
    );
    expect(told).toMatch(/try again in a moment|Try again/);
  });
});
