// `/leads [status] [search …] [group …] [page n]`: one page of leads from MoltFlow (one request per page,
// plus one to turn a group name into its id), and the same page load for Prev/Next and row moves.
import type { RespondFn } from '@slack/bolt';
import type { MoltflowClient } from '../../api/client.js';
import { listLeads } from '../../api/leads.js';
import { findMonitoredGroup, listMonitoredGroups } from '../../api/monitored-groups.js';
import type { AppContext } from '../../context.js';
import { escapeMrkdwn, truncate } from '../../slack/blocks.js';
import { describeMoltflowError } from '../../slack/refusal-text.js';
import { buildLeadList, LIST_VIEW } from './lead-list.js';
import type { LeadListState } from './lead-list-state.js';
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
