import { MoltflowHttpError } from '../../api/errors.js';
import { type ExportFormat, exportLeads, type LeadExportFilters } from '../../api/lead-bulk.js';
import { findMonitoredGroup, listMonitoredGroups } from '../../api/monitored-groups.js';
import type { AppContext } from '../../context.js';
import { neutraliseExport } from '../../domain/export-rows.js';
import { describeFilters, type LeadFilters, parseLeadFilters } from '../../domain/lead-filters.js';
import {
  buildDmFailedText,
  buildExportFileNote,
  describeExportFailure,
  type ExportRecord,
  exportDetail,
  recordExport,
  sendExportToDm,
} from '../../slack/export-delivery.js';
import type { CommandArgs } from '../../slack/listener-args.js';
import { describeMoltflowError } from '../../slack/refusal-text.js';
import { buildGroupMatchProblem } from '../lead-feed/index.js';
import {
  buildExportComment,
  buildExportDoneText,
  buildExportEmptyText,
  buildExportFormatProblem,
  buildFilterProblemText,
  EXPORT_PLAN_TEXT,
} from './leads-messages.js';

/** A 10,000-row export is a few MB; MoltFlow may take a while to build it. */
const EXPORT_TIMEOUT_MS = 60_000;

/**
 * `/leads export csv|json [filters]`: MoltFlow's export (Pro plan), made safe for spreadsheets and sent to
 * the person's DM with the app, wherever the command was typed: it holds names and phone numbers, which do
 * not belong in a channel. The channel only gets a private note. `rest` is the text after `export`,
 * already decoded by the /leads router.
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
  const who: ExportRecord = {
    actor: command.user_id,
    team: command.team_id,
    target: auditTarget(parsed.filters),
    format,
  };
  const deps = { client, audit: ctx.store.audit, logger: ctx.logger, now: ctx.now };

  let query: LeadExportFilters;
  let words: string;
  let raw: string;
  try {
    const resolved = await resolveFilters(ctx, parsed.filters, format);
    if ('problem' in resolved) return void (await say(resolved.problem));
    ({ query, words } = resolved);
    who.target = auditTarget(parsed.filters, resolved.groupName);
    raw = await exportLeads(ctx.moltflowInteractive, format, query, EXPORT_TIMEOUT_MS);
  } catch (err) {
    ctx.logger.info('lead export failed', { error: err });
    await recordExport(deps, who, 'failed', describeExportFailure(err, format));
    const plan = err instanceof MoltflowHttpError && err.status === 403 && err.requiredScopes.length === 0;
    return void (await say(plan ? EXPORT_PLAN_TEXT : describeMoltflowError(err, 'export leads')));
  }
  const file = neutraliseExport(format, raw);
  if (file === null) {
    await recordExport(deps, who, 'failed', `${format}; unreadable answer`);
    return void (await say("MoltFlow's JSON export came back in a shape I can't read."));
  }
  if (file.rows === 0) {
    await recordExport(deps, who, 'ok', exportDetail(0, format));
    return void (await say(buildExportEmptyText(words)));
  }

  const summary = { rows: file.rows, format: format as ExportFormat, filters: words };
  const filename = `moltflow-leads-${ctx.now().toISOString().slice(0, 10)}.${format}`;
  const sent = await sendExportToDm(deps, who, {
    file,
    filename,
    title: filename,
    comment: `${buildExportComment(summary)}\n${buildExportFileNote(file)}`,
  });
  await say(sent.ok ? buildExportDoneText(summary, filename) : buildDmFailedText(sent.code));
}

/**
 * What the audit trail says was exported: the status and group, and only whether there was a search. The
 * search text may be a person's name or phone number, which the audit trail never holds.
 */
function auditTarget(filters: LeadFilters, groupName?: string): string {
  const parts: string[] = [];
  if (filters.status) parts.push(`status ${filters.status}`);
  if (filters.group) parts.push(`group ${groupName ?? filters.group}`);
  if (filters.search) parts.push('a text search');
  return `leads (${parts.length > 0 ? parts.join(', ') : 'all'})`;
}

async function resolveFilters(
  ctx: AppContext,
  filters: LeadFilters,
  format: string,
): Promise<{ query: LeadExportFilters; words: string; groupName?: string } | { problem: string }> {
  const query: LeadExportFilters = {
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.search ? { search: filters.search } : {}),
  };
  if (!filters.group) return { query, words: describeFilters(filters) };
  const groups = await listMonitoredGroups(ctx.moltflowInteractive);
  const match = findMonitoredGroup(groups, filters.group);
  if (match.kind !== 'found') {
    const example = { command: `/leads export ${format} group` };
    return { problem: buildGroupMatchProblem(filters.group, match, groups, example) };
  }
  query.sourceGroupId = match.group.id;
  const groupName = match.group.name;
  return { query, words: describeFilters({ ...filters, groupName }), groupName };
}
