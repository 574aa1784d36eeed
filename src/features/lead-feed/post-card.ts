import type { webApi } from '@slack/bolt';
import type { Lead } from '../../domain/lead.js';
import type { Logger } from '../../log.js';
import { classifySlackError } from '../../slack/slack-errors.js';
import type { Store } from '../../store/index.js';
import { buildLeadCard } from './lead-card.js';

export interface CardPosterDeps {
  /** A WebClient that does NOT retry by itself (retries: 0, rejectRateLimitedCalls): see postLeadCard. */
  poster: webApi.WebClient;
  store: Store;
  logger: Logger;
  sleep: (ms: number) => Promise<void>;
  now: () => Date;
}

export type PostOutcome =
  | { kind: 'posted'; ts: string }
  | { kind: 'already' }
  | { kind: 'refused'; error: string }
  | { kind: 'uncertain'; reason: string };

const MAX_RATE_LIMIT_WAITS = 5;

/**
 * Posts one lead card, exactly once. The lead is marked pending before the call and posted after Slack's
 * answer, and the card carries the lead id in its message metadata. A retry after an ambiguous failure
 * (timeout, 5xx, crash before the store write) could double the card, so instead the pending mark stays and
 * the next pass looks the card up in the channel's history (reconcile.ts). Rate limits are safe to retry:
 * Slack did not post anything.
 */
export async function postLeadCard(
  deps: CardPosterDeps,
  channel: string,
  lead: Lead,
  opts: { note?: string } = {},
): Promise<PostOutcome> {
  if (!deps.store.markPending(lead.id, channel, lead, deps.now())) return { kind: 'already' };
  const card = buildLeadCard(lead);
  // A one-off line under the card (e.g. why it is here and not in its routed channel); redraws drop it.
  if (opts.note) card.blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: opts.note }] });
  let joined = false;
  let waits = 0;
  for (;;) {
    let ts: string;
    try {
      const res = await deps.poster.chat.postMessage({
        channel,
        text: card.text,
        blocks: card.blocks,
        metadata: card.metadata,
        unfurl_links: false,
        unfurl_media: false,
      });
      ts = res.ts ?? '';
    } catch (err) {
      const failure = classifySlackError(err);
      if (failure.kind === 'rate_limited' && waits < MAX_RATE_LIMIT_WAITS) {
        waits += 1;
        deps.logger.warn('Slack rate-limited a lead card; waiting', { retryAfterSec: failure.retryAfterSec });
        await deps.sleep(failure.retryAfterSec * 1000);
        continue;
      }
      if (failure.kind === 'refused' && failure.error === 'not_in_channel' && !joined) {
        joined = true;
        if (await tryJoin(deps, channel)) continue;
      }
      if (failure.kind === 'ambiguous') {
        deps.logger.warn('lead card post had an unclear outcome; will check the channel before retrying', {
          leadId: lead.id,
          reason: failure.reason,
        });
        return { kind: 'uncertain', reason: failure.reason };
      }
      deps.store.clearPending(lead.id);
      const error = failure.kind === 'refused' ? failure.error : 'rate_limited';
      deps.logger.error('Slack refused a lead card', { leadId: lead.id, channel, error });
      return { kind: 'refused', error };
    }
    // Outside the try: a store failure here must surface as itself; the pending mark then covers it.
    deps.store.markPosted(lead.id, channel, ts, lead, deps.now());
    return { kind: 'posted', ts };
  }
}

/** A public leads channel the bot was never invited to: join it rather than fail forever. */
async function tryJoin(deps: CardPosterDeps, channel: string): Promise<boolean> {
  try {
    await deps.poster.conversations.join({ channel });
    deps.logger.info('joined the leads channel', { channel });
    return true;
  } catch (err) {
    deps.logger.warn('could not join the leads channel; invite the app to it', {
      channel,
      error: classifySlackError(err),
    });
    return false;
  }
}
