import { MoltflowHttpError } from '../../api/errors.js';
import { type ExportFormat, exportLeads, type LeadExportFilters } from '../../api/lead-bulk.js';
import { findMonitoredGroup, listMonitoredGroups } from '../../api/monitored-groups.js';
import type { AppContext } from '../../context.js';
import { countCsvRows, countJsonRows } from '../../domain/export-rows.js';
import { describeFilters, type LeadFilters, parseLeadFilters } from '../../domain/lead-filters.js';
import { escapeMrkdwn } from '../../slack/blocks.js';
import type { CommandArgs } from '../../slack/listener-args.js';
import { describeMoltflowError } from '../../slack/refusal-text.js';
import { slackErrorCode } from '../../slack/slack-errors.js';
import { buildGroupMatchProblem } from '../lead-feed/index.js';
import {
  buildExportComment,
  buildExportDoneText,
  buildExportEmptyText,
  buildExportFormatProblem,
  buildFilterProblemText,
  EXPORT_PLAN_TEXT,
  type ExportDelivery,
} from './leads-messages.js';

/** A 10,000-row export is a few MB; MoltFlow may take a while to build it. */
const EXPORT_TIMEOUT_MS = 60_000;
const CANNOT_POST_HERE = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

/**
 * `/leads export csv|json [filters]`: MoltFlow's export (Pro plan), uploaded as a file where the command
 * was typed, or to the person directly from a DM or a channel the app is not in. `rest` is the text
 * after `export`, already decoded by the /leads router.
 */
export async function handleLeadsExport(ctx: AppContext, args: CommandArgs, rest: string): Promise<void> {
  const { ack, command, respond, client } = args;
  const [first = '', ...others] = rest.trim().split(/\s+/).filter(Boolean);
  const format = first.toLowerCase();
  if (format !== 'csv' && format !== 'json') {
    await ack({ response_type: 'ephemeral', text: buildExportFormatProblem(first || null) });
    return;
  }
  const parsed = parseLeadFilters(others.join(' '));
  if (!parsed.ok) {
    const text = buildFilterProblemText(parsed.problem, `/leads export ${format}`);
    await ack({ response_type: 'ephemeral', text });
    return;
  }
  await ack({ response_type: 'ephemeral', text: `Exporting ${format.toUpperCase()} from MoltFlow…` });
  const say = (text: string) => respond({ response_type: 'ephemeral', text });

  let query: LeadExportFilters;
  let words: string;
  let file: string;
  try {
    const resolved = await resolveFilters(ctx, parsed.filters, format);
    if ('problem' in resolved) return void (await say(resolved.problem));
    ({ query, words } = resolved);
    file = await exportLeads(ctx.moltflowInteractive, format, query, EXPORT_TIMEOUT_MS);
  } catch (err) {
    ctx.logger.info('lead export failed', { error: err });
    const plan = err instanceof MoltflowHttpError && err.status === 403 && err.requiredScopes.length === 0;
    return void (await say(plan ? EXPORT_PLAN_TEXT : describeMoltflowError(err, 'export leads')));
  }
  const rows = format === 'csv' ? countCsvRows(file) : countJsonRows(file);
  if (rows === null) return void (await say("MoltFlow's JSON export came back in a shape I can't read."));
  if (rows === 0) return void (await say(buildExportEmptyText(words)));

  const summary = { rows, format: format as ExportFormat, filters: words, user: command.user_id };
  const filename = `moltflow-leads-${ctx.now().toISOString().slice(0, 10)}.${format}`;
  const upload = (channel_id: string) =>
    client.filesUploadV2({
      channel_id,
      filename,
      title: filename,
      content: file,
      initial_comment: buildExportComment(summary),
    });
  const dm = async () => (await client.conversations.open({ users: command.user_id })).channel?.id ?? '';

  let delivery: ExportDelivery = command.channel_id.startsWith('D') ? 'dm' : 'here';
  try {
    try {
      await upload(delivery === 'dm' ? await dm() : command.channel_id);
    } catch (err) {
      if (delivery !== 'here' || !CANNOT_POST_HERE.has(slackErrorCode(err) ?? '')) throw err;
      delivery = 'dm_not_in_channel';
      await upload(await dm());
    }
  } catch (err) {
    ctx.logger.warn('could not upload a lead export', { error: slackErrorCode(err) ?? err });
    return void (await say(
      `The export worked, but Slack would not take the file (${escapeMrkdwn(slackErrorCode(err) ?? 'error')}). Try again in a minute.`,
    ));
  }
  await say(buildExportDoneText(summary, filename, delivery));
}

async function resolveFilters(
  ctx: AppContext,
  filters: LeadFilters,
  format: string,
): Promise<{ query: LeadExportFilters; words: string } | { problem: string }> {
  const query: LeadExportFilters = {
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.search ? { search: filters.search } : {}),
  };
  if (!filters.group) return { query, words: describeFilters(filters) };
  const groups = await listMonitoredGroups(ctx.moltflowInteractive);
  const match = findMonitoredGroup(groups, filters.group);
  if (match.kind !== 'found') {
    const example = `\`/leads export ${format} group ${groups[0]?.name.replace(/`/g, "'") ?? 'Buyers Club'}\``;
    return { problem: buildGroupMatchProblem(filters.group, match, groups, example) };
  }
  query.sourceGroupId = match.group.id;
  return { query, words: describeFilters({ ...filters, groupName: match.group.name }) };
}
