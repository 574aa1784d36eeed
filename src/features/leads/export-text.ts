// The words around `/leads export`: the comment on the uploaded file, the private answers, and the
// explanations for a mistyped command. Filter values come from people and group names from MoltFlow,
// so every one is escaped.
import { EXPORT_ROW_CAP, type ExportFormat } from '../../api/lead-bulk.js';
import type { FilterProblem } from '../../domain/lead-filters.js';
import { PIPELINE_STATUSES } from '../../domain/pipeline.js';
import { escapeMrkdwn, truncate } from '../../slack/blocks.js';

export const EXPORT_USAGE = '`/leads export csv` or `/leads export json status qualified group Buyers Club`';
const STATUS_LIST = PIPELINE_STATUSES.join(', ');

const cap = (n: number) => n.toLocaleString('en-US');

/** What a filter problem means, with an example of the right form (escaped). */
export function buildFilterProblemText(problem: FilterProblem, command: string): string {
  const typed = (s: string) => `\`${truncate(escapeMrkdwn(s.replace(/`/g, "'")), 60)}\``;
  switch (problem.kind) {
    case 'unknown_status':
      return `${typed(problem.value)} isn't a lead status. Use one of ${STATUS_LIST}, e.g. \`${command} status qualified\`.`;
    case 'missing_value':
      return `Add a value after \`${problem.key}\`, e.g. \`${command} ${problem.key} ${problem.key === 'status' ? 'new' : problem.key === 'group' ? 'Buyers Club' : 'price'}\`.`;
    case 'unexpected':
      return `I don't understand ${typed(problem.value)}. Filters are a status (${STATUS_LIST}), \`search <text>\` and \`group <name>\`, e.g. \`${command} search ${truncate(escapeMrkdwn(problem.value.replace(/`/g, "'")), 40)}\`.`;
  }
}

export function buildExportFormatProblem(typed: string | null): string {
  const what = typed
    ? `\`${truncate(escapeMrkdwn(typed.replace(/`/g, "'")), 30)}\` isn't an export format. `
    : '';
  return `${what}Say which format you want: ${EXPORT_USAGE}.`;
}

export interface ExportSummary {
  rows: number;
  format: ExportFormat;
  /** Plain words for the filters, e.g. "status qualified" (raw; escaped here). */
  filters: string;
  user: string;
}

/** The comment on the uploaded file: who, how many, which filters, and MoltFlow's row cap. */
export function buildExportComment(s: ExportSummary): string {
  const plural = s.rows === 1 ? 'lead' : 'leads';
  const head = `<@${s.user}> exported ${cap(s.rows)} ${plural} (${escapeMrkdwn(s.filters)}) as ${s.format.toUpperCase()}.`;
  return s.rows >= EXPORT_ROW_CAP
    ? `${head} :warning: MoltFlow capped this export at ${cap(EXPORT_ROW_CAP)} rows — narrow the filters to get the rest.`
    : `${head} MoltFlow exports at most ${cap(EXPORT_ROW_CAP)} rows at a time.`;
}

export type ExportDelivery = 'here' | 'dm' | 'dm_not_in_channel';

export function buildExportDoneText(s: ExportSummary, filename: string, delivery: ExportDelivery): string {
  const what = `${cap(s.rows)} ${s.rows === 1 ? 'lead' : 'leads'} in \`${filename}\``;
  if (delivery === 'here') return `:white_check_mark: Uploaded ${what} to this channel.`;
  if (delivery === 'dm') return `:white_check_mark: Sent ${what} to you in a direct message.`;
  return (
    `:white_check_mark: Sent ${what} to you in a direct message, because I'm not in this channel. ` +
    'To share exports here, invite me with `/invite @moltflow`.'
  );
}

export function buildExportEmptyText(filters: string): string {
  return `No leads match (${escapeMrkdwn(filters)}), so there is nothing to export.`;
}

export const EXPORT_PLAN_TEXT =
  "Exports need MoltFlow's *Pro* plan (or Business), and this account's plan doesn't include them. " +
  'You can still browse leads with `/leads`.';
