import type { webApi } from '@slack/bolt';
import type { MoltflowClient } from '../../api/client.js';
import type { Logger } from '../../log.js';
import type { Store } from '../../store/index.js';
import { buildBackfillNotice } from './backfill-notice.js';
import type { PostOutcome } from './post-card.js';
import { postRoutedCard } from './post-routed-card.js';
import { scanLeads } from './read-new-leads.js';
import { reconcilePendingPosts } from './reconcile.js';
import { refreshChangedCards } from './refresh-cards.js';

export interface LeadPollDeps {
  moltflow: MoltflowClient;
  /** Retrying client for idempotent calls (chat.update, history). */
  slack: webApi.WebClient;
  /** Non-retrying client for chat.postMessage (see post-card.ts). */
  poster: webApi.WebClient;
  store: Store;
  logger: Logger;
  channel: string;
  backfillHours: number;
  pageSize?: number;
  maxBackfillCards?: number;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** Aborted when the app shuts down: the pass stops between two cards and leaves the rest for next time. */
  signal?: AbortSignal;
}

export interface LeadPollResult {
  requests: number;
  posted: number;
  updated: number;
  skipped: number;
  invalid: number;
  reconciled: number;
  /** Leads left for the next pass because Slack refused or the outcome was unclear. */
  deferred: number;
}

/**
 * One pass of the lead feed: settle any post left pending by a crash, read what is new, post each new lead
 * once (oldest first, so the channel reads in order), and redraw cards whose status changed in MoltFlow.
 * The very first pass only backfills the newest leads of the last LEAD_BACKFILL_HOURS.
 */
export async function runLeadPollOnce(deps: LeadPollDeps): Promise<LeadPollResult> {
  const now = deps.now ?? (() => new Date());
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const maxBackfill = deps.maxBackfillCards ?? 20;
  const startedAt = now();
  try {
    const result = await pass(deps, now, sleep, maxBackfill);
    const state = deps.store.getPollerState();
    deps.store.savePollerState({
      lastRunAt: startedAt,
      lastRunOk: true,
      lastError: null,
      lastPostedCount: result.posted,
      totalPosted: state.totalPosted + result.posted,
      consecutiveFailures: 0,
    });
    return result;
  } catch (err) {
    const state = deps.store.getPollerState();
    deps.store.savePollerState({
      lastRunAt: startedAt,
      lastRunOk: false,
      lastError: err instanceof Error ? err.message : String(err),
      lastPostedCount: 0,
      consecutiveFailures: state.consecutiveFailures + 1,
    });
    throw err;
  }
}

async function pass(
  deps: LeadPollDeps,
  now: () => Date,
  sleep: (ms: number) => Promise<void>,
  maxBackfill: number,
): Promise<LeadPollResult> {
  const { store, logger } = deps;
  const reconciled = await reconcilePendingPosts(deps);

  let state = store.getPollerState();
  const firstStart = state.initializedAt === null;
  if (state.cutoff === null) {
    // Fixed once, on the first start: leads detected before it belong to the time before the app.
    state = store.savePollerState({ cutoff: new Date(now().getTime() - deps.backfillHours * 3_600_000) });
  }
  const cutoff = state.cutoff ?? now();
  const scan = await scanLeads(deps.moltflow, store, logger, {
    pageSize: deps.pageSize ?? 50,
    cutoff,
    ...(firstStart ? { enoughFresh: maxBackfill } : {}),
  });

  let toPost = scan.fresh;
  let skipped = 0;
  if (firstStart) {
    toPost = scan.fresh.slice(0, maxBackfill);
    const beyond = scan.fresh.slice(maxBackfill);
    store.markSkipped(beyond.map((lead) => lead.id));
    const oldestPosted = toPost.at(-1);
    if (toPost.length === maxBackfill && oldestPosted) {
      // Leads older than the last card we show are skipped without being listed one by one.
      store.savePollerState({ cutoff: new Date(oldestPosted.detectedAt.getTime() + 1) });
    }
    skipped = Math.max(0, (scan.total ?? scan.fresh.length) - toPost.length);
  }

  const posterDeps = { poster: deps.poster, store, logger, sleep, now };
  let posted = 0;
  let deferred = 0;
  const oldestFirst = [...toPost].reverse();
  for (const [index, lead] of oldestFirst.entries()) {
    if (deps.signal?.aborted) {
      logger.info('shutting down: leaving the remaining lead cards for the next start', {
        left: oldestFirst.length - index,
      });
      return {
        requests: scan.requests,
        posted,
        updated: 0,
        skipped,
        invalid: scan.invalid,
        reconciled: reconciled.found,
        deferred: oldestFirst.length - index,
      };
    }
    // To the channel routed for the lead's source group (/moltflow route), else deps.channel.
    const outcome: PostOutcome = await postRoutedCard(posterDeps, deps.channel, lead);
    if (outcome.kind === 'posted') posted += 1;
    if (outcome.kind === 'refused' || outcome.kind === 'uncertain') {
      // Keep the channel in order: the rest waits for the next pass rather than jumping ahead.
      deferred = oldestFirst.length - index;
      break;
    }
  }

  const updated = await refreshChangedCards({ slack: deps.slack, store, logger, now }, scan.changed);

  if (firstStart && deferred === 0) {
    if (skipped > 0) await postBackfillNotice(deps, skipped, posted);
    store.savePollerState({ initializedAt: now() });
  }
  if (deferred > 0) throw new Error(`Slack did not take ${deferred} lead card(s); they will be retried`);
  return {
    requests: scan.requests,
    posted,
    updated,
    skipped,
    invalid: scan.invalid,
    reconciled: reconciled.found,
    deferred,
  };
}

async function postBackfillNotice(deps: LeadPollDeps, skipped: number, posted: number): Promise<void> {
  const notice = buildBackfillNotice(skipped, posted, deps.backfillHours);
  try {
    await deps.slack.chat.postMessage({ channel: deps.channel, text: notice.text, blocks: notice.blocks });
  } catch (err) {
    deps.logger.warn('could not post the backfill notice', { error: err });
  }
}
