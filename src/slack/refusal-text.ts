import {
  MoltflowConnectionError,
  MoltflowHttpError,
  MoltflowNotConnectedError,
  MoltflowRateLimitError,
} from '../api/errors.js';
import { allowedTransitions, type LeadStatus, statusLabel } from '../domain/pipeline.js';
import { escapeMrkdwn } from './blocks.js';

export interface StatusRefusalContext {
  to: LeadStatus;
  /** What MoltFlow says now, when we could find out. */
  current: LeadStatus | null;
}

/** Plain words for why a status change did not happen and what to do about it. */
export function buildStatusRefusalText(err: unknown, ctx: StatusRefusalContext): string {
  const target = statusLabel(ctx.to).toLowerCase();
  if (err instanceof MoltflowHttpError && err.status === 400) {
    if (ctx.current === null)
      return `MoltFlow would not mark this lead ${target}: ${escapeMrkdwn(err.detail)}.`;
    const next = allowedTransitions(ctx.current).map((s) => statusLabel(s).toLowerCase());
    const options = next.length > 0 ? `it can move to ${next.join(', ')}` : 'it cannot move any further';
    return `This lead is already *${statusLabel(ctx.current)}* in MoltFlow, so it can't be marked ${target}; ${options}. The card now shows its current status.`;
  }
  return describeMoltflowError(err, `mark this lead ${target}`);
}

/** The shared explanation of a MoltFlow failure, for any action. `doing` reads like "mark this lead lost". */
export function describeMoltflowError(err: unknown, doing: string): string {
  if (err instanceof MoltflowNotConnectedError) {
    return `MoltFlow isn't connected to this workspace yet, so I couldn't ${doing}. An admin can connect it from the app's Home tab (Connect MoltFlow).`;
  }
  if (err instanceof MoltflowRateLimitError) {
    const seconds = Math.max(1, Math.ceil((err.retryAfterMs ?? 60_000) / 1000));
    return `MoltFlow is rate-limiting requests right now, so I couldn't ${doing}. Try again in ${seconds} s.`;
  }
  if (err instanceof MoltflowHttpError) {
    switch (err.status) {
      case 401:
        return `MoltFlow rejected the app's API key, so I couldn't ${doing}. An admin should check MOLTFLOW_API_KEY.`;
      case 403: {
        const scopes =
          err.requiredScopes.length > 0
            ? ` (missing scope: ${escapeMrkdwn(err.requiredScopes.join(', '))})`
            : '';
        return `MoltFlow refused to ${doing}: ${escapeMrkdwn(err.detail)}${scopes}. This needs a plan or API-key scope that allows it.`;
      }
      case 404:
        return `I couldn't ${doing}: it no longer exists in MoltFlow.`;
      default:
        return `MoltFlow couldn't ${doing} (HTTP ${err.status}: ${escapeMrkdwn(err.detail)}).`;
    }
  }
  if (err instanceof MoltflowConnectionError) {
    return `MoltFlow isn't answering right now, so I couldn't ${doing}. Nothing was changed; try again in a minute.`;
  }
  return `Something went wrong and I couldn't ${doing}. Nothing was changed; try again in a minute.`;
}
