import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { buildHelpMessage } from '../src/features/admin/admin-messages.js';
import { BOT_TOKEN, createWorld, SIGNING_SECRET } from '../test/helpers/harness.js';
import { postSlashCommand } from '../test/helpers/signed-request.js';
import { fmt, measureConcurrent, percentile, row } from './lib.js';

const TOTAL = 3000;
const CONCURRENCY = 16;

/** Ack latency of `/moltflow help` at 16 concurrent requests, beside a bare Bolt app from the same node_modules. */
export async function benchAckLatency(): Promise<void> {
  const world = await createWorld();
  const bare = new App({
    token: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    clientOptions: { slackApiUrl: world.slack.apiUrl },
    logLevel: LogLevel.WARN,
  });
  bare.command('/moltflow', async ({ ack }) => {
    await ack({ response_type: 'ephemeral', ...buildHelpMessage() });
  });
  try {
    const app = await world.startApp({ LOG_LEVEL: 'warn' });
    const bareServer = (await bare.start(0)) as Server;
    const bareUrl = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}/slack/events`;

    const hit = (url: string) => async () => {
      const res = await postSlashCommand(url, SIGNING_SECRET, { command: '/moltflow', text: 'help' });
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    };
    // Warm both up, then alternate rounds so neither gets the machine's quieter moments.
    await measureConcurrent(300, CONCURRENCY, hit(app.eventsUrl));
    await measureConcurrent(300, CONCURRENCY, hit(bareUrl));
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      ours.push(...(await measureConcurrent(TOTAL / 3, CONCURRENCY, hit(app.eventsUrl))));
      theirs.push(...(await measureConcurrent(TOTAL / 3, CONCURRENCY, hit(bareUrl))));
    }
    ours.sort((a, b) => a - b);
    theirs.sort((a, b) => a - b);
    const [p50, p99, b50, b99] = [
      percentile(ours, 50),
      percentile(ours, 99),
      percentile(theirs, 50),
      percentile(theirs, 99),
    ];
    row(
      '/moltflow help ack p50 (16 concurrent)',
      fmt(p50),
      `bare Bolt ${fmt(b50)} → ${(p50 / b50).toFixed(2)}× (target ≤ 1.2×)`,
    );
    row(
      '/moltflow help ack p99 (16 concurrent)',
      fmt(p99),
      `bare Bolt ${fmt(b99)} → ${(p99 / b99).toFixed(2)}×`,
    );
  } finally {
    await bare.stop();
    await world.close();
  }
}
