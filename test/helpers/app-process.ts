// Runs the app the way `npm start` does, as its own Node process configured only by its environment.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import type { FakeMoltflow } from './fake-moltflow.js';
import type { FakeSlack } from './fake-slack.js';
import { BOT_TOKEN, LEADS_CHANNEL, SIGNING_SECRET } from './harness.js';

/** The environment of an app process wired to the fakes, polling every second; `extra` overrides. */
export function appEnv(
  slack: FakeSlack,
  moltflow: FakeMoltflow,
  databasePath: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    MOLTFLOW_API_KEY: moltflow.apiKey,
    MOLTFLOW_BASE_URL: moltflow.baseUrl,
    LEADS_CHANNEL,
    DATABASE_URL: `sqlite:${databasePath}`,
    LEAD_POLL_CRON: '*/1 * * * * *',
    ...extra,
  };
}

export function startProcess(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk) => {
    text += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    text += chunk;
  });
  return { child, output: () => text };
}

export async function waitForLine(
  child: ChildProcess,
  output: () => string,
  pattern: RegExp,
): Promise<RegExpMatchArray> {
  for (;;) {
    const match = output().match(pattern);
    if (match) return match;
    if (child.exitCode !== null) throw new Error(`process exited early:\n${output()}`);
    await Promise.race([once(child.stdout as NodeJS.ReadableStream, 'data'), once(child, 'exit')]);
  }
}
