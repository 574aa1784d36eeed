// `/leads [status] [search …] [group …] [page n]`: one page of leads from MoltFlow (one request per page,
// plus one to turn a group name into its id), and the clicks on that page: Prev/Next, and a row's menu
// (show details, or a pipeline move). The page is ephemeral, so each click redraws it through its
// response_url from the filters the click carries.
import type { RespondFn } from '@slack/bolt';
import type { MoltflowClient } from '../../api/client.js';
import { MoltflowHttpError } from '../../api/errors.js';
import { getLead, listLeads } from '../../api/leads.js';
import { findMonitoredGroup, listMonitoredGroups } from '../../api/monitored-groups.js';
import type { AppContext } from '../../context.js';
import { statusLabel } from '../../domain/pipeline.js';
import { actorOf } from '../../slack/audit.js';
import { escapeMrkdwn, truncate } from '../../slack/blocks.js';
import type { ButtonArgs, OverflowArgs } from '../../slack/listener-args.js';
import { describeMoltflowError } from '../../slack/refusal-text.js';
import { contactName, oneLine } from '../lead-feed/index.js';
import { buildLeadDetail } from './lead-detail-view.js';
import {
  buildLeadList,
  type LeadListState,
  LIST_VIEW,
  parseListState,
  parseRowChoice,
} from './lead-list-view.js';
import { applyLeadMove } from './lead-moves.js';
import type { LeadsFilter } from './leads-query.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Fetches and draws one page. A page emptied since it was drawn (moves, deletions) steps back to the last one. */
export async function loadLeadListPage(
  client: MoltflowClient,
  state: LeadListState,
  notice?: string | null,
): Promise<{ text: string; blocks: ReturnType<typeof buildLeadList>['blocks'] }> {
  const fetchAt = (offset: number) =>
    listLeads(client, {
      limit: LIST_VIEW.pageSize,
      offset,
      ...(state.status === 'all' ? {} : { status: state.status }),
      ...(state.search ? { search: state.search } : {}),
      ...(state.groupId ? { sourceGroupId: state.groupId } : {}),
    });
  let offset = state.offset;
  let page = await fetchAt(offset);
  if (page.leads.length === 0 && offset > 0 && page.total !== null && page.total > 0) {
    offset = Math.floor((page.total - 1) / LIST_VIEW.pageSize) * LIST_VIEW.pageSize;
    page = await fetchAt(offset);
  }
  // A group typed as an id has no name yet: every lead on the page comes from it, so ask one of them.
  const groupName = state.groupName ?? (state.groupId ? (page.leads[0]?.sourceGroup?.name ?? null) : null);
  return buildLeadList({
    leads: page.leads,
    total: page.total,
    state: { ...state, offset, groupName },
    notice,
  });
}

type GroupResolution = { ok: true; id: string; name: string | null } | { ok: false; text: string };

/** A typed group (a MoltFlow id, or a name matched without regard to case) → its id, or a helpful refusal. */
export async function resolveGroup(client: MoltflowClient, typed: string): Promise<GroupResolution> {
  if (UUID.test(typed)) return { ok: true, id: typed, name: null };
  const groups = await listMonitoredGroups(client);
  const match = findMonitoredGroup(groups, typed);
  if (match.kind === 'found') return { ok: true, id: match.group.id, name: match.group.name };
  const shown = escapeMrkdwn(truncate(typed, 60));
  if (groups.length === 0)
    return {
      ok: false,
      text: 'MoltFlow is not monitoring any WhatsApp group yet, so there is no group to filter by.',
    };
  const names = (match.kind === 'ambiguous' ? match.matches : groups).map((g) => g.name);
  const listed = names
    .slice(0, 15)
    .map((n) => `• ${escapeMrkdwn(truncate(n.replace(/\s+/g, ' '), 80))}`)
    .join('\n');
  const more = names.length > 15 ? `\n…and ${names.length - 15} more` : '';
  const example = `\`/leads group ${escapeMrkdwn(truncate(names[0] ?? 'Buyers Club', 60))}\``;
  const head =
    match.kind === 'ambiguous'
      ? `“${shown}” matches more than one monitored group; type more of the name, e.g. ${example}:`
      : `No monitored group is called “${shown}”. Try one of these, e.g. ${example}:`;
  return { ok: false, text: `${head}\n${listed}${more}` };
}

export async function respondWithLeadList(
  ctx: AppContext,
  respond: RespondFn,
  filter: LeadsFilter,
): Promise<void> {
  const client = ctx.moltflowInteractive;
  try {
    let group: { id: string; name: string | null } | null = null;
    if (filter.group !== null) {
      const resolved = await resolveGroup(client, filter.group);
      if (!resolved.ok) {
        await respond({ response_type: 'ephemeral', text: resolved.text });
        return;
      }
      group = resolved;
    }
    const state: LeadListState = {
      status: filter.status,
      search: filter.search,
      groupId: group?.id ?? null,
      groupName: group?.name ?? null,
      offset: (filter.page - 1) * LIST_VIEW.pageSize,
    };
    await respond({ response_type: 'ephemeral', ...(await loadLeadListPage(client, state)) });
  } catch (err) {
    ctx.logger.info('could not list leads', { error: err });
    await respond({ response_type: 'ephemeral', text: describeMoltflowError(err, 'list the leads') });
  }
}

/**
 * Prev/Next under a `/leads` page: the button's value holds the filters and the offset to show, and the
 * same ephemeral message is redrawn through the click's response_url. A failure keeps the page as it was
 * and explains in a separate ephemeral line.
 */
export async function handleLeadListPage(
  ctx: AppContext,
  { ack, action, respond }: ButtonArgs,
): Promise<void> {
  await ack();
  const state = parseListState(action.value);
  if (state === null) return;
  try {
    const page = await loadLeadListPage(ctx.moltflowInteractive, state);
    await respond({ replace_original: true, response_type: 'ephemeral', ...page });
  } catch (err) {
    ctx.logger.info('could not turn the leads page', { error: err });
    const text = describeMoltflowError(err, 'load that page of leads');
    await respond({ replace_original: false, response_type: 'ephemeral', text });
  }
}

/**
 * A row's menu on a `/leads` page. "Show details" answers with the lead's detail below the list; a move
 * goes through the same path as a card button (MoltFlow, then the card and its thread, if the lead has a
 * card), and the page is redrawn with the outcome on top. The page's filters come from the row's block_id.
 */
export async function handleLeadListRow(
  ctx: AppContext,
  { ack, action, body, client, respond }: OverflowArgs,
) {
  await ack();
  const choice = parseRowChoice(action.selected_option?.value);
  if (choice === null) return;
  const reply = (text: string) => respond({ replace_original: false, response_type: 'ephemeral', text });

  if (choice.kind === 'show') {
    try {
      const lead = await getLead(ctx.moltflowInteractive, choice.leadId);
      await respond({ replace_original: false, response_type: 'ephemeral', ...buildLeadDetail(lead) });
    } catch (err) {
      const gone = err instanceof MoltflowHttpError && err.status === 404;
      await reply(
        gone ? 'That lead no longer exists in MoltFlow.' : describeMoltflowError(err, 'load that lead'),
      );
    }
    return;
  }

  const outcome = await applyLeadMove(ctx, client, {
    leadId: choice.leadId,
    to: choice.to,
    by: actorOf({ body }),
  });
  const notice = outcome.moved
    ? `:white_check_mark: Marked *${oneLine(contactName(outcome.lead), 80)}* ${statusLabel(outcome.lead.status).toLowerCase()}.`
    : `:warning: ${outcome.refusal}`;
  const state = parseListState(action.block_id);
  if (state === null) {
    await reply(notice);
    return;
  }
  try {
    const page = await loadLeadListPage(ctx.moltflowInteractive, state, notice);
    await respond({ replace_original: true, response_type: 'ephemeral', ...page });
  } catch (err) {
    ctx.logger.info('could not redraw the leads page after a move', { error: err });
    await reply(`${notice}\n${describeMoltflowError(err, 'refresh the list')}`);
  }
}
