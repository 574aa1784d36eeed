// After `/leads bulk` moved leads, the cards the feed posted for them must not keep showing the old status
// and the old buttons. Each moved lead's card is redrawn (with who moved it) and its thread gets a line,
// as a click on the card would do.
import type { webApi } from '@slack/bolt';
import { getLead } from '../../api/leads.js';
import type { AppContext } from '../../context.js';
import type { Lead } from '../../domain/lead.js';
import type { LeadStatus } from '../../domain/pipeline.js';
import { buildLeadCard, buildStatusThreadLine } from '../lead-feed/index.js';

/** Re-reading leads costs a request each; past this many unknown outcomes, the poller catches up. */
const MAX_REREADS = 20;

/** Redraws the cards of leads known to be at `to` now; returns how many cards changed. */
export async function redrawMovedCards(
  ctx: AppContext,
  client: webApi.WebClient,
  leadIds: readonly string[],
  to: LeadStatus,
  userId: string,
): Promise<number> {
  let redrawn = 0;
  for (const id of leadIds) {
    const base = ctx.store.getLeadRecord(id)?.lead;
    if (base && (await redrawCard(ctx, client, { ...base, status: to }, userId))) redrawn += 1;
  }
  return redrawn;
}

/**
 * When MoltFlow's answer does not say which leads failed, the cards of the picked leads are redrawn from
 * what MoltFlow says now (bounded), so none is left showing a status it no longer has.
 */
export async function redrawFromMoltflow(
  ctx: AppContext,
  client: webApi.WebClient,
  leadIds: readonly string[],
  to: LeadStatus,
  userId: string,
): Promise<number> {
  const posted = leadIds
    .filter((id) => ctx.store.getLeadRecord(id)?.state === 'posted')
    .slice(0, MAX_REREADS);
  let redrawn = 0;
  for (const id of posted) {
    try {
      const lead = await getLead(ctx.moltflowInteractive, id);
      if (await redrawCard(ctx, client, lead, lead.status === to ? userId : null)) redrawn += 1;
    } catch (error) {
      ctx.logger.info('could not re-read a lead after a bulk move', { leadId: id, error });
    }
  }
  return redrawn;
}

async function redrawCard(
  ctx: AppContext,
  client: webApi.WebClient,
  lead: Lead,
  userId: string | null,
): Promise<boolean> {
  const record = ctx.store.getLeadRecord(lead.id);
  if (record?.state !== 'posted' || !record.channel || !record.ts) return false;
  const from = record.shownStatus;
  if (from === lead.status) return false;
  const at = ctx.now();
  const card = buildLeadCard(
    lead,
    userId
      ? { changedBy: userId, changedAt: at, revision: at.getTime() }
      : { changedOutside: true, revision: at.getTime() },
  );
  try {
    await client.chat.update({
      channel: record.channel,
      ts: record.ts,
      text: card.text,
      blocks: card.blocks,
      metadata: card.metadata,
    });
    ctx.store.updateShown(lead.id, lead, userId ? { by: userId, at } : null);
    await client.chat.postMessage({
      channel: record.channel,
      thread_ts: record.ts,
      text: buildStatusThreadLine(from, lead.status, userId ? { userId } : 'moltflow'),
      unfurl_links: false,
    });
    return true;
  } catch (error) {
    ctx.logger.warn('could not redraw a lead card after a bulk move', { leadId: lead.id, error });
    return false;
  }
}
