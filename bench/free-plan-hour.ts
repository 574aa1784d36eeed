import { performance } from 'node:perf_hooks';
import { cardLeadIds, createWorld, LEADS_CHANNEL, SIGNING_SECRET } from '../test/helpers/harness.js';
import { blockActionPayload, postInteraction, postSlashCommand } from '../test/helpers/signed-request.js';
import { percentile, row } from './lib.js';

const SPEED = 120; // one simulated hour in 30 s
/** The sales team clicking: no one person may take more than half of a minute's budget. */
const TEAM = ['U0ANA', 'U0BEN', 'U0CAL', 'U0DEB'];

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
    const latencies: number[] = [];
    const added = new Map<string, number>();
    const seen = new Map<string, number>();
    for (let second = 0; second < 60 * 60; second += 10) {
      await until(second * 1000);
      if (second % 30 === 0) await app.service.pollNow();
      if (second % 120 === 0) added.set(world.moltflow.addLead().id, second);
      for (const id of cardLeadIds(world.slack)) if (!seen.has(id)) seen.set(id, second);
      if (second % 600 === 0) {
        await postSlashCommand(app.eventsUrl, SIGNING_SECRET, {
          command: '/moltflow',
          text: 'status',
          responseUrl: world.slack.responseUrl(),
        });
      }
      // 6 clicks a minute, as documented above: one every 10 s, a card moved to lost and back to new.
      const step = second / 10;
      const cards = world.slack.messages(LEADS_CHANNEL).filter((m) => m.metadata);
      const card = cards[Math.floor(step / 2) % Math.max(1, cards.length)];
      if (card) {
        const leadId = String(card.metadata?.event_payload.lead_id);
        const t0 = performance.now();
        const answered = world.slack.responses.length + world.slack.ephemerals.length;
        const edits = world.slack.findMessage(LEADS_CHANNEL, card.ts)?.edits ?? 0;
        await postInteraction(
          app.eventsUrl,
          SIGNING_SECRET,
          blockActionPayload({
            actionId: step % 2 === 0 ? 'lead_status_lost' : 'lead_status_new',
            value: leadId,
            channelId: LEADS_CHANNEL,
            messageTs: card.ts,
            userId: TEAM[step % TEAM.length],
            responseUrl: world.slack.responseUrl(),
          }),
        );
        await world.slack.waitFor(
          () =>
            world.slack.responses.length + world.slack.ephemerals.length > answered ||
            (world.slack.findMessage(LEADS_CHANNEL, card.ts)?.edits ?? 0) > edits,
          { timeoutMs: 60_000 },
        );
        latencies.push((performance.now() - t0) * SPEED);
        clicks += 1;
      }
    }
    await app.stop();
    const said = [
      ...world.slack.ephemerals.map((e) => e.text),
      ...world.slack.responses.map((r) => String(r.body.text)),
    ];
    const refusedByBudget = said.filter((t) => /rate-limit|try again in/i.test(t)).length;
    latencies.sort((a, b) => a - b);
    const requests = world.moltflow.requests.length;
    row(
      'simulated hour on the Free plan (10 req/min)',
      `${world.moltflow.rateLimited} × 429`,
      'target 0 caused by the app',
    );
    row(
      '  MoltFlow requests in the hour',
      String(requests),
      `${(requests / 60).toFixed(1)}/min; ${clicks} clicks, ${refusedByBudget} asked to retry (target ≤ 1 in 20)`,
    );
    const late = [...added].map(([id, at]) => (seen.get(id) ?? Number.POSITIVE_INFINITY) - at);
    row(
      '  lead feed: detection → card, worst',
      `${Math.max(...late)} s`,
      'target ≤ 60 s (two poll intervals)',
    );
    row(
      '  click → answer (simulated time)',
      `p50 ${(percentile(latencies, 50) / 1000).toFixed(1)} s`,
      `p99 ${(percentile(latencies, 99) / 1000).toFixed(1)} s`,
    );
  } finally {
    await world.close();
  }
}
