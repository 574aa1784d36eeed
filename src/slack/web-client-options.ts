// How long the app waits on Slack, and how shutdown cuts that short. WebClient has no per-call signal and, by
// default, no timeout at all: a Slack that stops answering would hold a poll pass, a click, and SIGTERM for as
// long as the socket stays open, and its retry policy would then go on for minutes.
import type { webApi } from '@slack/bolt';

/** One Slack call gives up after this; the card service treats the post as unclear and settles it later. */
export const WEB_API_TIMEOUT_MS = 10_000;

/**
 * The retry policy, except that once `signal` fires a failed attempt is final: during shutdown nothing waits
 * out a backoff. (p-retry, under WebClient, rethrows what onFailedAttempt throws and stops retrying.)
 */
export function retriesUntil(
  policy: webApi.RetryOptions | undefined,
  signal: AbortSignal,
): webApi.RetryOptions {
  const withStop = {
    ...policy,
    onFailedAttempt: (error: Error) => {
      if (signal.aborted) throw error;
    },
  };
  return withStop;
}

/**
 * A fetch whose requests also end when `signal` fires. Only for background clients (the poller's): an
 * interrupted card post is left pending and the next start finds it by its metadata, so nothing is doubled
 * or lost, whereas a reply a person is waiting for is better let finish.
 */
export function fetchUntil(signal: AbortSignal): webApi.WebClientOptions['fetch'] {
  return (url, init) =>
    globalThis.fetch(url, {
      ...init,
      signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal,
    } as RequestInit);
}
