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
      level: 'debug',
      secrets: [BOT_TOKEN, SIGNING_SECRET, moltflow.apiKey],
      write: (line) => logs.push(line),
    });
    const service = createMoltflowSlack(config, {
      logger,
      schedulePoller: false,
      moltflowRetryPolicy: retryPolicies.fastForTests,
      interactiveTimeoutMs: 2_000,
      moltflowTimeoutMs: 1_000,
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
    },
  };
}

/** The lead ids of the cards currently in a channel, in post order. */
export function cardLeadIds(slack: FakeSlack, channel = LEADS_CHANNEL): string[] {
  return slack
    .messages(channel)
    .filter((m) => m.metadata?.event_type === 'moltflow_lead_card')
    .map((m) => String(m.metadata?.event_payload.lead_id));
}
