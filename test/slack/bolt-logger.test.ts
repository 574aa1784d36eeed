import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { toBoltLogger } from '../../src/slack/bolt-logger.js';

describe("Bolt's and the WebClient's log lines", () => {
  const run = (...msg: unknown[]) => {
    const lines: string[] = [];
    toBoltLogger(createLogger({ level: 'debug', write: (l) => lines.push(l) })).debug(...msg);
    return (JSON.parse(lines[0] ?? '{}') as { msg: string }).msg;
  };

  it.each([
    [
      'http request body: {"text":"New lead: Ana (+15550001111)"}',
      'http request body: [omitted: may hold personal data]',
    ],
    [
      'http request result: {"ok":true,"message":{"text":"Ana"}}',
      'http request result: [omitted: may hold personal data]',
    ],
    [
      'http request headers: {"Authorization":"[redacted]"}',
      'http request headers: [omitted: may hold personal data]',
    ],
    ['{"type":"block_actions","user":{"name":"ana"}}', 'payload [omitted: may hold personal data]'],
  ])('omits the payload of %j', (line, shown) => {
    expect(run(line)).toBe(shown);
  });

  it('keeps the other lines as they are', () => {
    expect(run("apiCall('chat.postMessage') start")).toBe("apiCall('chat.postMessage') start");
    expect(run('http request url: https://slack.com/api/chat.postMessage')).toBe(
      'http request url: https://slack.com/api/chat.postMessage',
    );
  });
});
