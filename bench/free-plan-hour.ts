import { performance } from 'node:perf_hooks';
import { createWorld, LEADS_CHANNEL, SIGNING_SECRET } from '../test/helpers/harness.js';
import { blockActionPayload, postInteraction, postSlashCommand } from '../test/helpers/signed-request.js';
import { row } from './lib.js';

const SPEED = 120; // one simulated hour in 30 s

/**
 * An hour of a busy team on the Free plan (10 requests/min), replayed on a clock 120× faster: the poller every
 * 30 s, a new lead every 2 min, 6 card clicks a minute and /moltflow status every 10 min, against a fake MoltFlow
 * that enforces 10/min on the same clock. Target: zero 429s caused by the app.
 */
export async function benchFreePlanHour(): Promise<void> {
  const t0 = Date.now();
  const r0 = performance.now();
  const now = () => t0 + (performance.now() - r0) * SPEED;
  const timers = {
    set: (fn: () => void, ms: number) => setTimeout(fn, ms / SPEED),
    clear: (h: unknown) => clearTimeout(h as NodeJS.Timeout),
  };
  const world = await createWorld();
  try {
    world.moltflow.enforceRateLimit(10, now);
    const app = await world.startApp(
      { MOLTFLOW_RATE_LIMIT_PER_MIN: '10', LOG_LEVEL: 'warn' },
      { budgetClock: { now, timers } },
    );
    const until = (virtualMs: number) =>
      new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, (virtualMs - (now() - t0)) / SPEED)));

    let clicks = 0;
    for (let second = 0; second < 60 * 60; second += 10) {
      await until(second * 1000);
      if (second % 30 === 0) await app.service.pollNow();
      if (second % 120 === 0) world.moltflow.addLead();
      if (second % 600 === 0) {
        await postSlashCommand(app.eventsUrl, SIGNING_SECRET, {
          command: '/moltflow',
          text: 'status',
          responseUrl: world.slack.responseUrl(),
        });
      }
      const cards = world.slack.messages(LEADS_CHANNEL).filter((m) => m.metadata);
      const card = cards[(second / 10) % Math.max(1, cards.length)];
      if (card) {
        const leadId = String(card.metadata?.event_payload.lead_id);
        await postInteraction(
          app.eventsUrl,
          SIGNING_SECRET,
          blockActionPayload({
            actionId: 'lead_status_lost',
            value: leadId,
            channelId: LEADS_CHANNEL,
            messageTs: card.ts,
          }),
        );
        await postInteraction(
          app.eventsUrl,
          SIGNING_SECRET,
          blockActionPayload({
            actionId: 'lead_status_new',
            value: leadId,
            channelId: LEADS_CHANNEL,
            messageTs: card.ts,
          }),
        );
        clicks += 2;
      }
    }
    await app.stop();
    const refusedByBudget = world.slack.ephemerals.filter((e) => e.text.includes('rate-limiting')).length;
    const requests = world.moltflow.requests.length;
    row(
      'simulated hour on the Free plan (10 req/min)',
      `${world.moltflow.rateLimited} × 429`,
      'target 0 caused by the app',
    );
    row(
      '  MoltFlow requests in the hour',
      String(requests),
      `${(requests / 60).toFixed(1)}/min; ${clicks} clicks, ${refusedByBudget} asked to retry`,
    );
  } finally {
    await world.close();
  }
}
