import type { webApi } from '@slack/bolt';
import type { Logger } from '../../log.js';
import { classifySlackError } from '../../slack/slack-errors.js';
import type { LeadRecord, Store } from '../../store/index.js';
import { isPostInFlight } from './card-service.js';
import { CARD_VIEW } from './lead-card.js';

export interface ReconcileDeps {
  slack: webApi.WebClient;
  store: Store;
  logger: Logger;
  /** The replicas alive now (heartbeat leases); absent → this process is the only one. */
  liveReplicas?: () => Promise<Set<string>>;
  now?: () => Date;
}

/** A live replica's claim older than this is treated as abandoned (no post takes anywhere near as long). */
const STALE_CLAIM_MS = 10 * 60 * 1000;

/**
 * The pending rows no one is working on: not a post this process is making now, and not one a live replica
 * claimed recently. A dead replica's claim (kill -9 mid-post), a dropped claim (an unclear answer) and this
 * replica's own leftovers (a restart under the same REPLICA_ID) are settled.
 */
async function unattended(deps: ReconcileDeps, pending: LeadRecord[]): Promise<LeadRecord[]> {
  const others = pending.filter((r) => r.claimedBy !== null && r.claimedBy !== deps.store.instanceId);
  const live = others.length > 0 && deps.liveReplicas ? await deps.liveReplicas() : new Set<string>();
  const now = (deps.now?.() ?? new Date()).getTime();
  return pending.filter((record) => {
    if (isPostInFlight(deps.store, record.leadId)) return false;
    if (record.claimedBy === null || record.claimedBy === deps.store.instanceId) return true;
    if (!live.has(record.claimedBy)) return true;
    return record.pendingSince !== null && now - record.pendingSince.getTime() > STALE_CLAIM_MS;
  });
}

const LOOKBACK_MS = 10 * 60 * 1000;

/**
 * Slack's answers that settle the question for good: the channel is gone, closed, or shut to the app, so a
 * card there is out of everyone's sight and the lead is posted again. Any other answer (`internal_error`,
 * `fatal_error`, a 5xx, a dropped connection, a timeout) says nothing about the card, and reposting on it
 * would double every card Slack was merely slow to show.
 */
const CHANNEL_GONE = new Set(['channel_not_found', 'is_archived', 'not_in_channel']);

/** Who this app's cards come from: the bot user and bot id behind the token (auth.test). */
interface BotIdentity {
  userId: string | null;
  botId: string | null;
}

/**
 * Settles posts left pending by a crash or an unclear Slack answer. Each card carries its lead id in message
 * metadata, so the channel's recent history says for certain whether the card exists: found → recorded as
 * posted, absent → cleared so the pass posts it. Until history can be read, the lead stays pending and is
 * never posted a second time.
 */
export async function reconcilePendingPosts(
  deps: ReconcileDeps,
): Promise<{ found: number; cleared: number }> {
  const pending = await unattended(deps, await deps.store.listPending());
  if (pending.length === 0) return { found: 0, cleared: 0 };
  const byChannel = new Map<string, LeadRecord[]>();
  for (const record of pending) {
    const channel = record.channel ?? '';
    byChannel.set(channel, [...(byChannel.get(channel) ?? []), record]);
  }
  const bot = await whoAmI(deps);
  if (bot === null) return { found: 0, cleared: 0 };
  let found = 0;
  let cleared = 0;
  for (const [channel, records] of byChannel) {
    let cards: Map<string, string>;
    try {
      cards = await findCardsInHistory(deps.slack, channel, oldestOf(records), bot);
    } catch (err) {
      const failure = classifySlackError(err);
      if (failure.kind !== 'refused' || !CHANNEL_GONE.has(failure.error)) {
        // Slack is unsure right now: keep these pending (never posted twice) and let the rest of the feed go on.
        deps.logger.warn('could not read channel history to settle pending cards; will try again', {
          channel,
          failure,
        });
        continue;
      }
      // The channel is gone or closed to the app: any card there is out of everyone's sight, so the lead is
      // posted again through its route's fallback rather than lost.
      deps.logger.warn('channel of pending cards is unreadable; posting those leads again', {
        channel,
        failure,
      });
      cards = new Map();
    }
    for (const record of records) {
      const ts = cards.get(record.leadId);
      if (ts !== undefined && record.lead !== null) {
        await deps.store.markPosted(record.leadId, channel, ts, record.lead);
        found += 1;
      } else {
        await deps.store.clearPending(record.leadId);
        cleared += 1;
      }
    }
  }
  deps.logger.info('reconciled pending lead cards', { found, cleared });
  return { found, cleared };
}

/**
 * The bot's own ids, asked of Slack on each reconcile (it runs only while something is pending, so rarely).
 * Without them no card can be trusted, so an unclear answer here keeps everything pending.
 */
async function whoAmI(deps: ReconcileDeps): Promise<BotIdentity | null> {
  try {
    const me = await deps.slack.auth.test();
    const identity = { userId: me.user_id ?? null, botId: me.bot_id ?? null };
    if (identity.userId !== null || identity.botId !== null) return identity;
    deps.logger.warn('auth.test named no bot; pending cards stay pending');
  } catch (err) {
    deps.logger.warn('could not ask Slack who the app is; pending cards stay pending', {
      failure: classifySlackError(err),
    });
  }
  return null;
}

/** A card counts only if this app's bot posted it: anyone can post a message with the same metadata. */
function postedBy(bot: BotIdentity, message: { bot_id?: string; user?: string }): boolean {
  return (
    (bot.botId !== null && message.bot_id === bot.botId) ||
    (bot.userId !== null && message.user === bot.userId)
  );
}

function oldestOf(records: LeadRecord[]): number {
  const times = records.map((r) => r.pendingSince?.getTime() ?? 0);
  return Math.max(0, Math.min(...times) - LOOKBACK_MS);
}

async function findCardsInHistory(
  slack: webApi.WebClient,
  channel: string,
  oldestMs: number,
  bot: BotIdentity,
): Promise<Map<string, string>> {
  const cards = new Map<string, string>();
  let cursor: string | undefined;
  do {
    const page = await slack.conversations.history({
      channel,
      oldest: (oldestMs / 1000).toFixed(6),
      include_all_metadata: true,
      limit: 200,
      cursor,
    });
    for (const message of page.messages ?? []) {
      const metadata = message.metadata as
        | { event_type?: string; event_payload?: { lead_id?: unknown } }
        | undefined;
      const leadId = metadata?.event_payload?.lead_id;
      const ours = metadata?.event_type === CARD_VIEW.metadataEventType && postedBy(bot, message);
      if (ours && typeof leadId === 'string' && message.ts) {
        cards.set(leadId, message.ts);
      }
    }
    cursor = page.has_more ? page.response_metadata?.next_cursor || undefined : undefined;
  } while (cursor);
  return cards;
}
