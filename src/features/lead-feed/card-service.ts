// The card service: everything the app does to a lead card in Slack. Posting it exactly once, redrawing it
// (after a click, a `/leads` move, a bulk move, or a change made in MoltFlow) with the line its thread
// gets, and the pass's refresh of cards whose lead changed outside Slack. Every redraw goes through
// redrawLeadCard, so all of them behave alike.
import type { webApi } from '@slack/bolt';
import type { ChangeFeed } from '../../changes.js';
import type { Lead } from '../../domain/lead.js';
import type { LeadStatus } from '../../domain/pipeline.js';
import type { Logger } from '../../log.js';
import { classifySlackError, slackErrorCode } from '../../slack/slack-errors.js';
import type { LeadRecord, Store } from '../../store/index.js';
import { buildLeadCard, buildStatusThreadLine, type LeadCardContext } from './lead-card.js';

export interface CardPosterDeps {
  /** A WebClient that does NOT retry by itself (retries: 0, rejectRateLimitedCalls): see postLeadCard. */
  poster: webApi.WebClient;
  store: Store;
  logger: Logger;
  sleep: (ms: number) => Promise<void>;
  now: () => Date;
  /**
   * LEADS_CHANNEL: the one channel the app joins by itself (a public one it was never invited to). Anywhere
   * else, being out of the channel is a refusal: no one asked the app into a routed channel's conversation.
   */
  leadsChannel: string;
  /** Told when a card is posted (the App Home's pipeline counts it). */
  changes?: ChangeFeed;
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
  // Marked in flight before the row exists, so a reconcile in this process never sees it unattended.
  const inFlight = postsInFlight(deps.store);
  if (inFlight.has(lead.id)) return { kind: 'already' };
  inFlight.add(lead.id);
  try {
    if (!(await deps.store.markPending(lead.id, channel, lead, deps.now()))) return { kind: 'already' };
    const outcome = await postClaimedCard(deps, channel, lead, opts);
    // Unclear: no one works on this post any more; whichever replica reconciles next settles it.
    if (outcome.kind === 'uncertain') await deps.store.unclaimPending(lead.id);
    return outcome;
  } finally {
    inFlight.delete(lead.id);
  }
}

// The posts this process is making right now, per store: reconcile must not settle a card mid-post.
const inFlightByStore = new WeakMap<Store, Set<string>>();
function postsInFlight(store: Store): Set<string> {
  const known = inFlightByStore.get(store);
  if (known) return known;
  const fresh = new Set<string>();
  inFlightByStore.set(store, fresh);
  return fresh;
}

/** True while this process is posting the card of `leadId` (its pending row is not left behind). */
export function isPostInFlight(store: Store, leadId: string): boolean {
  return inFlightByStore.get(store)?.has(leadId) ?? false;
}

async function postClaimedCard(
  deps: CardPosterDeps,
  channel: string,
  lead: Lead,
  opts: { note?: string },
): Promise<PostOutcome> {
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
      const joinable = channel === deps.leadsChannel;
      if (failure.kind === 'refused' && failure.error === 'not_in_channel' && joinable && !joined) {
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
      await deps.store.clearPending(lead.id);
      const error = failure.kind === 'refused' ? failure.error : 'rate_limited';
      deps.logger.error('Slack refused a lead card', { leadId: lead.id, channel, error });
      return { kind: 'refused', error };
    }
    // Outside the try: a store failure here must surface as itself; the pending mark then covers it.
    await deps.store.markPosted(lead.id, channel, ts, lead, deps.now());
    deps.changes?.emit('leads');
    return { kind: 'posted', ts };
  }
}

/** A public LEADS_CHANNEL the bot was never invited to: join it rather than fail forever (only that one). */
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

export interface CardRedrawDeps {
  /** A retrying client: chat.update is idempotent. */
  slack: webApi.WebClient;
  store: Store;
  logger: Logger;
  now: () => Date;
  /** Told when a card shows a new status (the App Home's pipeline counts it). */
  changes?: ChangeFeed;
}

export interface CardRedraw {
  card: { channel: string; ts: string };
  /** The lead as the card should show it now. */
  lead: Lead;
  /** Who moved it and when, or that it changed in MoltFlow, or that it is gone (the revision is now). */
  context: LeadCardContext;
  /** Stored as who last moved the lead; null when no one in Slack did (a refusal, a change in MoltFlow). */
  change: { by: string; at: Date } | null;
  /** The move to tell in the card's thread: from what the card showed, by whom (no line if unchanged). */
  thread?: { from: LeadStatus | null; by: { userId: string } | 'moltflow' } | null;
}

/** `card_gone`: the message or its channel was deleted in Slack; the shown status is remembered anyway. */
export type CardRedrawOutcome = 'redrawn' | 'card_gone' | 'failed';

/** Slack's answers that mean the card no longer exists: retrying it would fail on every pass, forever. */
const CARD_GONE = new Set(['message_not_found', 'channel_not_found']);

/**
 * Redraws one lead card and records what it shows; then, if the status changed, writes the move in the
 * card's thread. The thread line is a courtesy: when it fails it is logged, and the redraw still counts.
 */
export async function redrawLeadCard(deps: CardRedrawDeps, redraw: CardRedraw): Promise<CardRedrawOutcome> {
  const { card, lead, change } = redraw;
  const message = buildLeadCard(lead, { ...redraw.context, revision: deps.now().getTime() });
  try {
    await deps.slack.chat.update({
      channel: card.channel,
      ts: card.ts,
      text: message.text,
      blocks: message.blocks,
      metadata: message.metadata,
    });
  } catch (err) {
    const code = slackErrorCode(err);
    deps.logger.warn('could not redraw a lead card', { leadId: lead.id, error: code ?? err });
    if (code === null || !CARD_GONE.has(code)) return 'failed';
    // The card was deleted in Slack; remember the status so no one tries it again on every pass.
    await deps.store.updateShown(lead.id, lead, change);
    return 'card_gone';
  }
  await deps.store.updateShown(lead.id, lead, change);
  deps.changes?.emit('leads');
  const thread = redraw.thread;
  if (thread && thread.from !== lead.status) {
    await postThreadLine(deps, lead.id, card, buildStatusThreadLine(thread.from, lead.status, thread.by));
  }
  return 'redrawn';
}

/** The card's thread tells the lead's whole story, changes made outside Slack included; never broadcast. */
async function postThreadLine(
  deps: CardRedrawDeps,
  leadId: string,
  card: { channel: string; ts: string },
  text: string,
): Promise<void> {
  try {
    await deps.slack.chat.postMessage({
      channel: card.channel,
      thread_ts: card.ts,
      reply_broadcast: false,
      text,
      unfurl_links: false,
    });
  } catch (err) {
    deps.logger.warn('could not write a status change in a card thread', {
      leadId,
      error: slackErrorCode(err) ?? err,
    });
  }
}

/** Redraws cards whose lead changed status in MoltFlow (outside Slack), so no card shows a stale status. */
export async function refreshChangedCards(
  deps: CardRedrawDeps,
  changed: readonly { lead: Lead; record: LeadRecord }[],
): Promise<number> {
  let updated = 0;
  for (const { lead, record } of changed) {
    if (record.channel === null || record.ts === null) continue;
    // A click in Slack may have drawn this status a moment ago; its card says who did it, so keep that one.
    const shown = (await deps.store.getLeadRecord(lead.id))?.shownStatus ?? null;
    if (shown === lead.status) continue;
    const outcome = await redrawLeadCard(deps, {
      card: { channel: record.channel, ts: record.ts },
      lead,
      context: { changedOutside: true },
      change: null,
      thread: { from: shown, by: 'moltflow' },
    });
    if (outcome === 'redrawn') updated += 1;
  }
  return updated;
}
