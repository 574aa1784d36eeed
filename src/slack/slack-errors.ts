// How the poller tells Slack's answers apart: a definite refusal (nothing was posted), a rate limit (nothing
// was posted, try again later), or an ambiguous failure (the post may or may not exist; only the channel's
// history can tell).
export type SlackFailure =
  | { kind: 'refused'; error: string }
  | { kind: 'rate_limited'; retryAfterSec: number }
  | { kind: 'ambiguous'; reason: string };

export function classifySlackError(err: unknown): SlackFailure {
  const e = err as { code?: string; data?: { error?: string }; retryAfter?: number; message?: string };
  if (e?.code === 'slack_webapi_platform_error')
    return { kind: 'refused', error: e.data?.error ?? 'unknown_error' };
  if (e?.code === 'slack_webapi_rate_limited_error')
    return { kind: 'rate_limited', retryAfterSec: e.retryAfter ?? 1 };
  return { kind: 'ambiguous', reason: e?.message ?? String(err) };
}

export function slackErrorCode(err: unknown): string | null {
  const failure = classifySlackError(err);
  return failure.kind === 'refused' ? failure.error : null;
}
