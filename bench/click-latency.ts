import { performance } from 'node:perf_hooks';
import { createWorld, LEADS_CHANNEL, SIGNING_SECRET } from '../test/helpers/harness.js';
import { blockActionPayload, postInteraction } from '../test/helpers/signed-request.js';
import { percentile, row } from './lib.js';

const CLICKS = 20;
const POLL_EVERY_MS = 1_000;

/**
 * Click-to-answer latency while the poller runs every second against a MoltFlow that enforces (and
 * advertises, through X-RateLimit-*) 10 requests a minute: the person's request must not queue behind poll
 * passes. Half the clicks are refused by MoltFlow (an invalid move, answered privately), half are moves
 * (answered by the card redrawn). Target: p99 ≤ 1.5 s from the click to the answer.
 */
export async function benchClickLatency(): Promise<void> {
  const world = await createWorld();
  let polling = true;
  try {
    world.moltflow.enforceRateLimit(10);
    const lead = world.moltflow.addLead({ contact_name: 'Busy Bea' });
    const app = await world.startApp({ MOLTFLOW_RATE_LIMIT_PER_MIN: '10', LOG_LEVEL: 'warn' });
    await app.service.pollOnce();
    const card = world.slack.messages(LEADS_CHANNEL).find((m) => m.metadata);
    if (!card) throw new Error('no card');
    const poller = (async () => {
      while (polling) {
        await app.service.pollNow();
        await new Promise((r) => setTimeout(r, POLL_EVERY_MS));
      }
    })();
    await new Promise((r) => setTimeout(r, 3_000)); // let the poll passes drain the minute's budget

    const refused: number[] = [];
    const moved: number[] = [];
    let status: 'new' | 'lost' = 'new';
    for (let i = 0; i < CLICKS; i += 1) {
      const refusal = i % 2 === 0;
      // A move to the status the lead already has is refused by MoltFlow's pipeline; new ⇄ lost are moves.
      const to: 'new' | 'lost' = refusal ? status : status === 'new' ? 'lost' : 'new';
      const ephemeralsBefore = world.slack.responses.length + world.slack.ephemerals.length;
      const editsBefore = world.slack.findMessage(LEADS_CHANNEL, card.ts)?.edits ?? 0;
      const t0 = performance.now();
      await postInteraction(
        app.eventsUrl,
        SIGNING_SECRET,
        blockActionPayload({
          actionId: `lead_status_${to}`,
          value: lead.id,
          channelId: LEADS_CHANNEL,
          messageTs: card.ts,
          responseUrl: world.slack.responseUrl(),
        }),
      );
      await world.slack.waitFor(
        () =>
          refusal
            ? world.slack.responses.length + world.slack.ephemerals.length > ephemeralsBefore
            : (world.slack.findMessage(LEADS_CHANNEL, card.ts)?.edits ?? 0) > editsBefore,
        { timeoutMs: 30_000 },
      );
      (refusal ? refused : moved).push(performance.now() - t0);
      if (!refusal) status = to;
      await new Promise((r) => setTimeout(r, 1_500));
    }
    polling = false;
    await poller;
    const all = [...refused, ...moved].sort((a, b) => a - b);
    refused.sort((a, b) => a - b);
    moved.sort((a, b) => a - b);
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    row(
      'click → answer, poller every 1 s at 10 req/min',
      `p50 ${s(percentile(all, 50))}`,
      `p99 ${s(percentile(all, 99))}, target ≤ 1.5 s`,
    );
    row('  refusal explained', `p50 ${s(percentile(refused, 50))}`, `max ${s(refused.at(-1) ?? Number.NaN)}`);
    row(
      '  move shown on the card',
      `p50 ${s(percentile(moved, 50))}`,
      `max ${s(moved.at(-1) ?? Number.NaN)}`,
    );
    row('  429s from MoltFlow', String(world.moltflow.rateLimited), 'target 0');
  } finally {
    polling = false;
    await world.close();
  }
}
