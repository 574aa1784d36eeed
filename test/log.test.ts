// What an error looks like in the log: its name, message and diagnostic codes, never what it carries
// besides (an HTTP client's request body, a server's detail that may quote a phone number).
import { describe, expect, it } from 'vitest';
import { MoltflowHttpError } from '../src/api/errors.js';
import { createLogger } from '../src/log.js';

function logged(fields: Record<string, unknown>): Record<string, unknown> {
  const lines: string[] = [];
  createLogger({ level: 'debug', write: (l) => lines.push(l) }).warn('x', fields);
  return JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
}

describe('errors in log lines', () => {
  it("keeps an HTTP client's request (body included) out", () => {
    const err = Object.assign(new Error('Request failed with status code 500'), {
      code: 'ERR_BAD_RESPONSE',
      config: { data: '{"text":"New lead: Ana Souza (+15550001111)"}' },
      response: { status: 500, data: { echo: '+15550001111' } },
    });
    const line = logged({ error: err });
    expect(line.error).toEqual({
      name: 'Error',
      message: 'Request failed with status code 500',
      code: 'ERR_BAD_RESPONSE',
    });
    expect(JSON.stringify(line)).not.toContain('15550001111');
  });

  it("drops MoltFlow's detail, keeps where the call went and its status", () => {
    const err = new MoltflowHttpError({
      method: 'POST',
      path: '/custom-groups/g1/members/add',
      status: 422,
      detail: 'contacts.0.phone: +15550001111 is not a valid number',
    });
    const line = logged({ error: err });
    expect(line.error).toEqual({
      name: 'MoltflowHttpError',
      message: 'MoltFlow POST /custom-groups/g1/members/add answered 422: [detail omitted]',
      status: 422,
      method: 'POST',
      path: '/custom-groups/g1/members/add',
      requiredScopes: [],
    });
  });

  it("keeps Slack's error code, not Slack's whole answer", () => {
    const err = Object.assign(new Error('An API error occurred: not_in_channel'), {
      code: 'slack_webapi_platform_error',
      data: { ok: false, error: 'not_in_channel', message: { text: 'Ana Souza' } },
    });
    expect(logged({ error: err }).error).toEqual({
      name: 'Error',
      message: 'An API error occurred: not_in_channel',
      code: 'slack_webapi_platform_error',
      slackError: 'not_in_channel',
    });
  });
});
