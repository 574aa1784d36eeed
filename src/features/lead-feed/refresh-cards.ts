import type { webApi } from '@slack/bolt';
import type { Lead } from '../../domain/lead.js';
import type { Logger } from '../../log.js';
import { slackErrorCode } from '../../slack/slack-errors.js';
import type { LeadRecord, Store } from '../../store/index.js';
import { buildLeadCard } from './lead-card.js';
import { buildStatusThreadLine } from './lead-thread-line.js';

export interface RefreshDeps {
  slack: webApi.WebClient;
  store: Store;
  logger: Logger;
  now: () => Date;
}

/** Redraws cards whose lead changed status in MoltFlow (outside Slack), so no card shows a stale status. */
export async function refreshChangedCards(
  deps: RefreshDeps,
  changed: readonly { lead: Lead; record: LeadRecord }[],
): Promise<number> {
  let updated = 0;
  for (const { lead, record } of changed) {
    if (record.channel === null || record.ts === null) continue;
    // A click in Slack may have drawn this status a moment ago; its card says who did it, so keep that one.
    const shown = deps.store.getLeadRecord(lead.id)?.shownStatus ?? null;
    if (shown === lead.status) continue;
    const card = buildLeadCard(lead, { changedOutside: true, revision: deps.now().getTime() });
    try {
      await deps.slack.chat.update({
        channel: record.channel,
        ts: record.ts,
        text: card.text,
        blocks: card.blocks,
        metadata: card.metadata,
      });
      deps.store.updateShown(lead.id, lead, null);
      updated += 1;
    } catch (err) {
      const code = slackErrorCode(err);
      if (code === 'message_not_found' || code === 'channel_not_found') {
        // The card was deleted in Slack; remember the status so we stop trying every pass.
        deps.store.updateShown(lead.id, lead, null);
      }
      deps.logger.warn('could not refresh a lead card', { leadId: lead.id, error: code ?? String(err) });
      continue;
    }
    await postThreadLine(
      deps,
      record.channel,
      record.ts,
      buildStatusThreadLine(shown, lead.status, 'moltflow'),
    );
  }
  return updated;
}

/** The card's thread tells the lead's whole story, changes made outside Slack included; never broadcast. */
async function postThreadLine(deps: RefreshDeps, channel: string, ts: string, text: string): Promise<void> {
  try {
    await deps.slack.chat.postMessage({ channel, thread_ts: ts, reply_broadcast: false, text });
  } catch (err) {
    deps.logger.warn('could not write a status change in a card thread', {
      error: slackErrorCode(err) ?? String(err),
    });
  }
}
