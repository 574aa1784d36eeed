import { type CustomGroup, listAllCustomGroups } from '../../api/custom-groups.js';
import { findMonitoredGroup, listMonitoredGroups, type MonitoredGroup } from '../../api/monitored-groups.js';
import type { AppContext } from '../../context.js';
import { parseLeadFilters } from '../../domain/lead-filters.js';
import { escapeMrkdwn, truncate } from '../../slack/blocks.js';
import type { CommandArgs } from '../../slack/listener-args.js';
import { describeMoltflowError } from '../../slack/refusal-text.js';
import { buildFilterProblemText } from '../leads/index.js';
import type { LeadsBulkMeta } from './leads-bulk-encoding.js';
import { buildLeadsBulkLoading, buildLeadsBulkModal } from './leads-bulk-form.js';
import { countMatchingLeads } from './leads-bulk-operations.js';

/**
 * `/leads bulk [filters]`: opens the bulk modal at once (the trigger_id lives 3 s), prefilled with any
 * filters typed after `bulk`, then loads the groups and the matching count from MoltFlow and redraws it.
 * `rest` is the text after `bulk`, already decoded by the listener table.
 */
export async function handleLeadsBulk(ctx: AppContext, args: CommandArgs, rest: string): Promise<void> {
  const { ack, command, client } = args;
  const parsed = parseLeadFilters(rest);
  if (!parsed.ok) {
    await ack({ response_type: 'ephemeral', text: buildFilterProblemText(parsed.problem, '/leads bulk') });
    return;
  }
  await ack();
  const typed = parsed.filters;
  const meta: LeadsBulkMeta = {
    channel: command.channel_id,
    filters: { status: typed.status ?? null, groupId: null, search: typed.search?.slice(0, 200) ?? null },
  };
  const opened = await client.views.open({
    trigger_id: command.trigger_id,
    view: buildLeadsBulkLoading(meta),
  });
  const viewId = opened.view?.id;
  if (!viewId) return;

  const mf = ctx.moltflowInteractive;
  const [monitored, custom] = await Promise.allSettled([listMonitoredGroups(mf), listAllCustomGroups(mf)]);
  const notices: string[] = [];
  const groups: MonitoredGroup[] = monitored.status === 'fulfilled' ? monitored.value : [];
  const customGroups: CustomGroup[] = custom.status === 'fulfilled' ? custom.value : [];
  if (monitored.status === 'rejected')
    notices.push(describeMoltflowError(monitored.reason, 'load the source groups'));
  if (custom.status === 'rejected')
    notices.push(describeMoltflowError(custom.reason, 'load your custom groups'));
  if (typed.group && monitored.status === 'fulfilled') {
    const match = findMonitoredGroup(groups, typed.group);
    if (match.kind === 'found') meta.filters.groupId = match.group.id;
    else
      notices.push(
        `No single source group matches "${truncate(escapeMrkdwn(typed.group), 60)}"; pick one below.`,
      );
  }
  const matching = await countMatchingLeads(mf, meta.filters);
  try {
    await client.views.update({
      view_id: viewId,
      view: buildLeadsBulkModal(meta, {
        monitored: groups,
        custom: customGroups,
        matching,
        notice: notices.length > 0 ? `:warning: ${notices.join(' ')}` : null,
      }),
    });
  } catch (err) {
    ctx.logger.info('could not draw the bulk modal', { error: err });
  }
}
