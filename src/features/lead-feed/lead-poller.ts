// The lead feed's pass: one run reads MoltFlow's leads page by page, posts the new ones and refreshes the
// cards whose status changed. The poll cron (poll-cron.ts) only decides when a pass runs.
import type { webApi } from '@slack/bolt';
import type { MoltflowClient } from '../../api/client.js';
import { listLeads } from '../../api/leads.js';
import type { ChangeFeed } from '../../changes.js';
import type { Lead } from '../../domain/lead.js';
import type { Logger } from '../../log.js';
import type { LeadRecord, Store } from '../../store/index.js';
import { type PostOutcome, refreshChangedCards } from './card-service.js';
import { buildBackfillNotice } from './feed-messages.js';
import { reconcilePendingPosts } from './reconcile.js';
import { postRoutedCard } from './routing.js';
import { readSweptFrom, saveSweptFrom } from './swept-mark.js';

export interface LeadPollDeps {
  moltflow: MoltflowClient;
  /** Retrying client for idempotent calls (chat.update, history). */
  slack: webApi.WebClient;
  /** Non-retrying client for chat.postMessage (see postLeadCard in card-service.ts). */
  poster: webApi.WebClient;
  store: Store;
  /** The replicas alive now, so a pass never settles a post another replica is making. */
  liveReplicas?: () => Promise<Set<string>>;
  logger: Logger;
  /** LEADS_CHANNEL: where unrouted cards go, and the only channel the app joins by itself. */
  channel: string;
  backfillHours: number;
  pageSize?: number;
  maxBackfillCards?: number;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /**
   * Aborted when the app shuts down: it ends the pass's MoltFlow calls (and their retry waits) at once, and
   * the pass stops between two cards, leaving the rest pending or unseen for the next start.
   */
  signal?: AbortSignal;
  /** Told at the end of every pass (`poll`) and of every card posted or redrawn (`leads`). */
  changes?: ChangeFeed;
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

/** How long a double-click guard (store/idempotency.ts) is kept: far longer than any modal stays open. */
const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

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
    // Double-click guards only need to outlive a view or a click; without this the table grows forever.
    await deps.store.idempotency.prune(new Date(startedAt.getTime() - IDEMPOTENCY_TTL_MS));
    const result = await pass(deps, now, sleep, maxBackfill);
    const state = await deps.store.getPollerState();
    await deps.store.savePollerState({
      lastRunAt: startedAt,
      lastRunOk: true,
      lastError: null,
      lastPostedCount: result.posted,
      totalPosted: state.totalPosted + result.posted,
      consecutiveFailures: 0,
    });
    deps.changes?.emit('poll');
    return result;
  } catch (err) {
    // Cut short by a shutdown: not an outage, so /healthz after the restart should not say degraded.
    if (deps.signal?.aborted) throw err;
    const state = await deps.store.getPollerState();
    await deps.store.savePollerState({
      lastRunAt: startedAt,
      lastRunOk: false,
      lastError: err instanceof Error ? err.message : String(err),
      lastPostedCount: 0,
      consecutiveFailures: state.consecutiveFailures + 1,
    });
    deps.changes?.emit('poll');
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
  const reconciled = await reconcilePendingPosts({ ...deps, now });

  let state = await store.getPollerState();
  const firstStart = state.initializedAt === null;
  if (state.cutoff === null) {
    // Fixed once, on the first start: leads detected before it belong to the time before the app.
    state = await store.savePollerState({
      cutoff: new Date(now().getTime() - deps.backfillHours * 3_600_000),
    });
  }
  const cutoff = state.cutoff ?? now();
  const scan = await scanLeads(deps.moltflow, store, logger, {
    pageSize: deps.pageSize ?? 50,
    cutoff,
    sweptFrom: await readSweptFrom(store),
    signal: deps.signal,
    ...(firstStart ? { enoughFresh: maxBackfill } : {}),
  });

  let toPost = scan.fresh;
  let skipped = 0;
  if (firstStart) {
    toPost = scan.fresh.slice(0, maxBackfill);
    const beyond = scan.fresh.slice(maxBackfill);
    await store.markSkipped(beyond.map((lead) => lead.id));
    const oldestPosted = toPost.at(-1);
    if (toPost.length === maxBackfill && oldestPosted) {
      // Leads older than the last card we show are skipped without being listed one by one.
      await store.savePollerState({ cutoff: new Date(oldestPosted.detectedAt.getTime() + 1) });
    }
    skipped = Math.max(0, (scan.total ?? scan.fresh.length) - toPost.length);
  }

  const { changes } = deps;
  const posterDeps = { poster: deps.poster, store, logger, sleep, now, leadsChannel: deps.channel, changes };
  let posted = 0;
  let deferred = 0;
  // Claimed by someone else (a push) between the scan and our post: settled only once that post ends.
  const takenByOthers: Lead[] = [];
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
    if (outcome.kind === 'already') takenByOthers.push(lead);
    if (outcome.kind === 'refused' || outcome.kind === 'uncertain') {
      // Keep the channel in order: the rest waits for the next pass rather than jumping ahead.
      deferred = oldestFirst.length - index;
      break;
    }
  }

  const updated = await refreshChangedCards({ slack: deps.slack, store, logger, now, changes }, scan.changed);

  if (firstStart && deferred === 0) {
    if (skipped > 0) await postBackfillNotice(deps, skipped, posted);
    await store.savePollerState({ initializedAt: now() });
  }
  if (deferred > 0) throw new Error(`Slack did not take ${deferred} lead card(s); they will be retried`);
  await saveSweptFrom(store, scan.newest ?? cutoff, [...scan.pendingSeen, ...takenByOthers]);
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

interface LeadScan {
  /** Leads never seen before and detected at or after the cutoff, newest first. */
  fresh: Lead[];
  /** Leads another post had claimed (pending) when the scan read them. */
  pendingSeen: Lead[];
  /** The newest detection time read; null when MoltFlow listed no lead. */
  newest: Date | null;
  /** Posted leads whose status in MoltFlow differs from what their card shows. */
  changed: { lead: Lead; record: LeadRecord }[];
  /** MoltFlow's count of all leads (null when the envelope has none). */
  total: number | null;
  requests: number;
  invalid: number;
}

interface ScanOptions {
  pageSize: number;
  cutoff: Date;
  /** Page at least down to a lead detected at or before this (swept-mark.ts); null: no mark stored yet. */
  sweptFrom: Date | null;
  /** Stop paging once this many fresh leads are in hand (first-start backfill needs only a few). */
  enoughFresh?: number;
  signal: AbortSignal | undefined;
}

/**
 * Reads GET /leads newest first, one page at a time, and keeps paging while a page still holds a lead it has
 * not seen, or until it reaches the last pass's mark. An idle pass therefore costs exactly one request.
 * Status changes are picked up from the same pages, so they cost nothing extra.
 */
async function scanLeads(
  moltflow: MoltflowClient,
  store: Store,
  logger: Logger,
  options: ScanOptions,
): Promise<LeadScan> {
  const scan: LeadScan = {
    fresh: [],
    pendingSeen: [],
    newest: null,
    changed: [],
    total: null,
    requests: 0,
    invalid: 0,
  };
  const taken = new Set<string>();
  let offset = 0;
  for (;;) {
    const page = await listLeads(moltflow, { limit: options.pageSize, offset }, { signal: options.signal });
    scan.requests += 1;
    scan.total = page.total;
    for (const problem of page.invalid) {
      logger.warn('skipped a malformed lead from MoltFlow', { path: problem.path, issues: problem.issues });
    }
    scan.invalid += page.invalid.length;

    const records = await store.getLeadRecords(page.leads.map((lead) => lead.id));
    let unseen = 0;
    let reachedCutoff = false;
    let reachedSwept = options.sweptFrom === null;
    for (const lead of page.leads) {
      if (scan.newest === null || lead.detectedAt > scan.newest) scan.newest = lead.detectedAt;
      if (options.sweptFrom !== null && lead.detectedAt <= options.sweptFrom) reachedSwept = true;
      const record = records.get(lead.id);
      if (record === undefined) {
        if (lead.detectedAt < options.cutoff) reachedCutoff = true;
        else if (!taken.has(lead.id)) {
          // A lead detected while we page shifts the offsets, so the same lead can show up on two pages.
          taken.add(lead.id);
          scan.fresh.push(lead);
          unseen += 1;
        }
      } else if (record.state === 'pending') {
        scan.pendingSeen.push(lead);
      } else if (record.state === 'posted' && record.shownStatus !== lead.status) {
        scan.changed.push({ lead, record });
      }
    }

    const received = page.leads.length + page.invalid.length;
    offset += received;
    const exhausted = received < options.pageSize || (page.total !== null && offset >= page.total);
    const enough = options.enoughFresh !== undefined && scan.fresh.length >= options.enoughFresh;
    if ((unseen === 0 && reachedSwept) || reachedCutoff || exhausted || enough) return scan;
  }
}
