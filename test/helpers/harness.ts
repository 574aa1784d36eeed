// Starts the real app (real Bolt HTTP receiver on a random port, real WebClient, real MoltFlow client, real
// SQLite store) wired to the local fakes. Tests drive it with signed HTTP requests and explicit poll passes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { retryPolicies } from '../../src/api/retry.js';
import { createMoltflowSlack, type MoltflowSlack, type MoltflowSlackOptions } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { FakeMoltflow } from './fake-moltflow.js';
import { FakeSlack } from './fake-slack.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-test-bot-token-0000';
export const LEADS_CHANNEL = 'C0LEADS01';

export interface TestApp {
  service: MoltflowSlack;
  eventsUrl: string;
  baseUrl: string;
  logs: string[];
  stop(): Promise<void>;
}

export interface World {
  slack: FakeSlack;
  moltflow: FakeMoltflow;
  dir: string;
  dbUrl: string;
  /** Starts (or restarts) the app on the same database. */
  startApp(env?: Record<string, string>, options?: MoltflowSlackOptions): Promise<TestApp>;
  close(): Promise<void>;
}

export async function createWorld(): Promise<World> {
  const [slack, moltflow] = await Promise.all([
    FakeSlack.start({ botToken: BOT_TOKEN }),
    FakeMoltflow.start(),
  ]);
  const dir = mkdtempSync(join(tmpdir(), 'moltflow-slack-'));
  const dbUrl = `sqlite:${join(dir, 'state.db')}`;
  const running: TestApp[] = [];

  const startApp = async (env: Record<string, string> = {}, options: MoltflowSlackOptions = {}) => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      MOLTFLOW_API_KEY: moltflow.apiKey,
      MOLTFLOW_BASE_URL: moltflow.baseUrl,
      MOLTFLOW_RATE_LIMIT_PER_MIN: '10000',
      LEADS_CHANNEL,
      DATABASE_URL: dbUrl,
      LOG_LEVEL: 'debug',
      ...env,
    });
    const logs: string[] = [];
    const logger = createLogger({
      level: config.logLevel, // debug unless a test (or a benchmark) asks for less
      secrets: [BOT_TOKEN, SIGNING_SECRET, moltflow.apiKey],
      write: (line) => logs.push(line),
    });
    const service = await createMoltflowSlack(config, {
      logger,
      schedulePoller: false,
      moltflowRetryPolicy: retryPolicies.fastForTests,
      interactiveTimeoutMs: 2_000,
      moltflowTimeoutMs: 1_000,
      ackDeadlineMs: 10_000,
      slackClientOptions: { retryConfig: { retries: 2, minTimeout: 1, maxTimeout: 5 } },
      sleep: async () => {},
      ...options,
    });
    const { port } = await service.start();
    const baseUrl = `http://127.0.0.1:${port}`;
    let stopped = false;
    const handle: TestApp = {
      service,
      baseUrl,
      eventsUrl: `${baseUrl}/slack/events`,
      logs,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await service.stop();
      },
    };
    running.push(handle);
    return handle;
  };

  return {
    slack,
    moltflow,
    dir,
    dbUrl,
    startApp,
    async close() {
      for (const app of running) await app.stop();
      await Promise.all([slack.close(), moltflow.close()]);
      rmSync(dir, { recursive: true, force: true });
      assertNoSecretsLeaked(running, slack, moltflow.apiKeys);
    },
  };
}

/**
 * Every integration test ends with this check: no secret reached a log line (at debug level) or anything
 * the app sent to Slack. The logger masks secrets it knows, so this also proves that masking holds.
 */
function assertNoSecretsLeaked(apps: TestApp[], slack: FakeSlack, apiKeys: readonly string[]): void {
  const secrets = [BOT_TOKEN, SIGNING_SECRET, ...apiKeys, 'xapp-1-A0TEST-0000'];
  const sent = JSON.stringify([slack.calls.map((c) => c.args), slack.responses, slack.ephemerals]);
  for (const secret of secrets) {
    if (sent.includes(secret)) throw new Error('a secret was sent to Slack');
    for (const app of apps) {
      if (app.logs.some((line) => line.includes(secret))) throw new Error('a secret was written to the log');
    }
  }
  for (const line of apps.flatMap((app) => app.logs)) {
    const record = JSON.parse(line) as { level?: string; msg?: string; time?: string };
    if (!record.level || !record.msg || !record.time)
      throw new Error(`a log line is not structured: ${line}`);
  }
}

/** The lead ids of the cards currently in a channel, in post order. */
export function cardLeadIds(slack: FakeSlack, channel = LEADS_CHANNEL): string[] {
  return slack
    .messages(channel)
    .filter((m) => m.metadata?.event_type === 'moltflow_lead_card')
    .map((m) => String(m.metadata?.event_payload.lead_id));
}
