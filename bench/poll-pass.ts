import { performance } from 'node:perf_hooks';
import { cardLeadIds, createWorld } from '../test/helpers/harness.js';
import { fmt, row } from './lib.js';

/** MoltFlow requests per idle pass (target 1.0). */
export async function benchIdlePass(): Promise<void> {
  const world = await createWorld();
  try {
    world.moltflow.addLeads(200);
    const app = await world.startApp();
    await app.service.pollOnce();
    const passes = 50;
    const before = world.moltflow.requests.length;
    for (let i = 0; i < passes; i += 1) await app.service.pollOnce();
    const perPass = (world.moltflow.requests.length - before) / passes;
    row('MoltFlow requests per idle poll pass', perPass.toFixed(2), 'target 1.0');
  } finally {
    await world.close();
  }
}

/** One pass that finds 1,000 new leads and posts them to a fake Slack. */
export async function benchBigPass(): Promise<void> {
  const world = await createWorld();
  try {
    const app = await world.startApp();
    await app.service.pollOnce();
    world.moltflow.addLeads(1000);
    const t0 = performance.now();
    const result = await app.service.pollOnce();
    const ms = performance.now() - t0;
    const cards = cardLeadIds(world.slack).length;
    row(
      'one pass posting 1,000 new leads (fake Slack)',
      fmt(ms),
      `${result.posted} posted, ${cards} cards, ${result.requests} MoltFlow requests`,
    );
    row('  per card', fmt(ms / Math.max(1, result.posted)), 'real Slack allows ~1 post/s/channel');
  } finally {
    await world.close();
  }
}
