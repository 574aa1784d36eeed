// 10,000 progress events at 1,000 a second into one progress message, through the real app: the fake
// MoltFlow writes SSE frames, the real client and tracker read and fold them, the real WebClient edits the
// message in the fake Slack. Targets: at most one chat.update per second of stream, the final state drawn
// at most 2 s after the last event.
import { performance } from 'node:perf_hooks';
import { initialState } from '../src/features/broadcasts/broadcast-state.js';
import { createWorld } from '../test/helpers/harness.js';
import { bulkSends } from '../test/helpers/moltflow-api/bulk-send.js';
import { fmt, row } from './lib.js';

const EVENTS = 10_000;
const PER_SECOND = 1_000;
const CHANNEL = 'C0BENCH01';

export async function benchBulkProgress(): Promise<void> {
  // When each edit leaves the app (arrival times at the fake Slack jitter with the event loop's load).
  const editsSentAt: number[] = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    if (String(input instanceof Request ? input.url : input).endsWith('/chat.update'))
      editsSentAt.push(Date.now());
    return realFetch(input, init);
  };
  const world = await createWorld();
  try {
    const app = await world.startApp({ LOG_LEVEL: 'warn', BULK_PROGRESS_UPDATE_MS: '1000' });
    const area = bulkSends(world.moltflow.state);
    const job = area.create({
      session_id: 's-bench',
      custom_group_id: 'g-bench',
      message_type: 'text',
      message_content: 'bench',
      media_url: null,
      total_recipients: EVENTS,
    });
    const message = world.slack.seedMessage(CHANNEL, { text: 'Broadcast to Bench' });
    const state = initialState(
      {
        id: job.id,
        status: 'running',
        sessionId: null,
        customGroupId: null,
        totalRecipients: EVENTS,
        sentCount: 0,
        failedCount: 0,
        createdAt: new Date(),
      },
      { groupName: 'Bench', sessionName: 'Bench phone' },
      'U0BENCH',
      new Date(),
    );
    await app.service.broadcasts.follow({ channel: CHANNEL, ts: message.ts }, state);
    await world.moltflow.waitFor(() => area.streamCount(job.id) > 0);

    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const wall0 = Date.now();
    let sent = 0;
    await new Promise<void>((resolve) => {
      const tick = () => {
        const due = Math.min(EVENTS, Math.floor(((performance.now() - t0) * PER_SECOND) / 1000) + 1);
        while (sent < due) {
          sent += 1;
          if (sent === EVENTS) area.finish(job.id, 'completed', { sent, failed: 0 });
          else area.emit(job.id, { sent });
        }
        if (sent < EVENTS) setTimeout(tick, 2);
        else resolve();
      };
      tick();
    });
    const lastEventAt = Date.now();
    const final = `${EVENTS}/${EVENTS} sent`;
    const isFinal = (c: { args: Record<string, unknown> }) => String(c.args.text).includes(final);
    await world.slack.waitFor(() => world.slack.callsTo('chat.update').some(isFinal), { timeoutMs: 10_000 });
    await app.service.broadcasts.whenDone(job.id);
    const cpu = process.cpuUsage(cpu0);

    const updates = world.slack.callsTo('chat.update').filter((c) => c.args.ts === message.ts);
    const finalAt = updates.find(isFinal)?.at ?? Number.NaN;
    const streamSeconds = (lastEventAt - wall0) / 1000;
    const gaps = editsSentAt.slice(1).map((t, i) => t - (editsSentAt[i] ?? 0));
    const span = ((editsSentAt.at(-1) ?? 0) - (editsSentAt[0] ?? 0)) / 1000;
    row(
      `bulk progress: ${EVENTS} events at ${PER_SECOND}/s → chat.update`,
      String(updates.length),
      `over ${streamSeconds.toFixed(1)} s of stream: first event at once, then ${((updates.length - 1) / span).toFixed(2)}/s (target ≤ 1/s)`,
    );
    row('bulk progress: shortest gap between two edits', fmt(Math.min(...gaps)), 'target ≥ 1000 ms');
    row('bulk progress: last event → final state drawn', fmt(finalAt - lastEventAt), 'target ≤ 2000 ms');
    row(
      'bulk progress: CPU time (app and both fakes)',
      fmt((cpu.user + cpu.system) / 1000),
      `${(((cpu.user + cpu.system) / 1000 / (lastEventAt - wall0)) * 100).toFixed(1)}% of one core while streaming`,
    );
  } finally {
    await world.close();
    globalThis.fetch = realFetch;
  }
}
