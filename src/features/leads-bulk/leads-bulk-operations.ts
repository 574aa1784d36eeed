// The MoltFlow and Slack work behind `/leads bulk`: how many leads the filters select, applying the chosen
// action to the picked leads, and afterwards redrawing the cards the feed posted for moved leads, so none
// keeps showing the old status and the old buttons. Each card is redrawn (with who moved it) and its thread
// gets a line, through lead-feed's card service, exactly as a click on the card would do. Each submission is
// one entry in the audit trail (`lead.moved` or `lead.added_to_group`) naming the leads by id, with counts.
import type { webApi } from '@slack/bolt';
import type { MoltflowClient } from '../../api/client.js';
import { type BulkStatusResult, bulkUpdateStatus } from '../../api/lead-bulk.js';
import { getLead, listLeads } from '../../api/leads.js';
import type { AppContext } from '../../context.js';
import type { Lead } from '../../domain/lead.js';
import type { LeadStatus } from '../../domain/pipeline.js';
import { type Actor, auditFailure, recordAudit } from '../../slack/audit.js';
import { redrawLeadCard } from '../lead-feed/index.js';
import { addLeadsToGroup, auditAddedToGroup } from '../leads/index.js';
import type { LeadsBulkAction, LeadsBulkFilters, PickedLead } from './leads-bulk-encoding.js';
import { buildLeadsBulkGroupResultText, buildLeadsBulkMoveResultText } from './leads-bulk-messages.js';

/** Re-reading leads costs a request each; past this many unknown outcomes, the poller catches up. */
const MAX_REREADS = 20;

/** How many leads the filters select (one request, limit=1); null when MoltFlow does not say. */
export async function countMatchingLeads(
  client: MoltflowClient,
  filters: LeadsBulkFilters,
): Promise<number | null> {
  try {
    const page = await listLeads(client, {
      limit: 1,
      ...(filters.status ? { status: filters.status } : {}),
      ...(filters.search ? { search: filters.search } : {}),
      ...(filters.groupId ? { sourceGroupId: filters.groupId } : {}),
    });
    return page.total;
  } catch {
    return null;
  }
}

/** Applies the action to the picked leads; returns what to tell the person. Throws MoltFlow's refusals. */
export async function runLeadsBulkAction(
  ctx: AppContext,
  client: webApi.WebClient,
  action: LeadsBulkAction,
  leads: PickedLead[],
  actor: Actor,
): Promise<string> {
  const target = bulkAuditTarget(leads);
  if (action.kind === 'group') {
    let outcome: Awaited<ReturnType<typeof addLeadsToGroup>>;
    try {
      outcome = await addLeadsToGroup(
        ctx.moltflowInteractive,
        leads.map((l) => ({ id: l.id, phone: l.phone, name: null })),
        { kind: 'existing', id: action.groupId },
      );
    } catch (err) {
      const failure = auditFailure('lead.added_to_group', target, err, `to group ${action.groupId}`);
      await recordAudit(ctx, actor, failure);
      throw err;
    }
    await auditAddedToGroup(ctx, actor, target, outcome);
    return buildLeadsBulkGroupResultText(outcome, leads);
  }
  const ids = leads.map((l) => l.id);
  const move = `${bulkFrom(leads)} → ${action.to}`;
  let result: BulkStatusResult;
  try {
    result = await bulkUpdateStatus(ctx.moltflowInteractive, ids, action.to);
  } catch (err) {
    await recordAudit(ctx, actor, auditFailure('lead.moved', target, err, move));
    throw err;
  }
  await recordAudit(ctx, actor, {
    action: 'lead.moved',
    target,
    outcome: result.updated === 0 && result.failed > 0 ? 'failed' : 'ok',
    detail: `${move} (bulk): ${result.updated} moved, ${result.failed} failed`,
  });
  await redrawAfterMove(ctx, client, result, ids, action.to, actor.user);
  return buildLeadsBulkMoveResultText(result, action.to, leads);
}

const TARGET_IDS_MAX = 240;

/** `3 leads: L1, L2, L3`, with as many ids as fit and a count of the rest. */
export function bulkAuditTarget(leads: readonly PickedLead[]): string {
  const head = `${leads.length} lead${leads.length === 1 ? '' : 's'}: `;
  let ids = '';
  let shown = 0;
  for (const lead of leads) {
    const next = ids ? `${ids}, ${lead.id}` : lead.id;
    if (next.length > TARGET_IDS_MAX) break;
    ids = next;
    shown += 1;
  }
  return head + ids + (shown < leads.length ? `, … (+${leads.length - shown})` : '');
}

/** The status the picked leads came from: one status, or `mixed`. */
function bulkFrom(leads: readonly PickedLead[]): string {
  const from = new Set(leads.map((l) => l.status ?? '?'));
  return from.size === 1 ? ([...from][0] ?? '?') : 'mixed';
}

/** Moved = picked minus the named failures; when MoltFlow does not name them all, ask it per card. */
async function redrawAfterMove(
  ctx: AppContext,
  client: webApi.WebClient,
  result: BulkStatusResult,
  ids: string[],
  to: LeadStatus,
  user: string,
): Promise<void> {
  const named = new Set(result.failures.map((f) => f.leadId).filter((id): id is string => id !== null));
  const allNamed = named.size >= result.failed && result.updated + result.failed >= ids.length;
  if (allNamed)
    await redrawMovedCards(
      ctx,
      client,
      ids.filter((id) => !named.has(id)),
      to,
      user,
    );
  else await redrawFromMoltflow(ctx, client, ids, to, user);
}

/** Redraws the cards of leads known to be at `to` now; returns how many cards changed. */
async function redrawMovedCards(
  ctx: AppContext,
  client: webApi.WebClient,
  leadIds: readonly string[],
  to: LeadStatus,
  userId: string,
): Promise<number> {
  let redrawn = 0;
  for (const id of leadIds) {
    const base = (await ctx.store.getLeadRecord(id))?.lead;
    if (base && (await redrawCard(ctx, client, { ...base, status: to }, userId))) redrawn += 1;
  }
  return redrawn;
}

/**
 * When MoltFlow's answer does not say which leads failed, the cards of the picked leads are redrawn from
 * what MoltFlow says now (bounded), so none is left showing a status it no longer has.
 */
async function redrawFromMoltflow(
  ctx: AppContext,
  client: webApi.WebClient,
  leadIds: readonly string[],
  to: LeadStatus,
  userId: string,
): Promise<number> {
  const records = await ctx.store.getLeadRecords(leadIds);
  const posted = leadIds.filter((id) => records.get(id)?.state === 'posted').slice(0, MAX_REREADS);
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

/** One posted card whose shown status differs: redrawn as moved by `userId`, or as changed in MoltFlow. */
async function redrawCard(
  ctx: AppContext,
  client: webApi.WebClient,
  lead: Lead,
  userId: string | null,
): Promise<boolean> {
  const record = await ctx.store.getLeadRecord(lead.id);
  if (record?.state !== 'posted' || !record.channel || !record.ts) return false;
  const from = record.shownStatus;
  if (from === lead.status) return false;
  const at = ctx.now();
  const outcome = await redrawLeadCard(
    { slack: client, store: ctx.store, logger: ctx.logger, now: ctx.now, changes: ctx.changes },
    {
      card: { channel: record.channel, ts: record.ts },
      lead,
      context: userId ? { changedBy: userId, changedAt: at } : { changedOutside: true },
      change: userId ? { by: userId, at } : null,
      thread: { from, by: userId ? { userId } : 'moltflow' },
    },
  );
  return outcome === 'redrawn';
}
