// The private answers of /leads, as text: its usage and what was wrong with what was typed, the words
// around `/leads export`, the Reciprocity answer, and the outcome of "Add to group". Typed text, names from
// WhatsApp and reasons from MoltFlow all reach these, so every one is escaped.
import type { KnownBlock } from '@slack/types';
import { EXPORT_ROW_CAP, type ExportFormat } from '../../api/lead-bulk.js';
import type { Reciprocity } from '../../api/leads.js';
import type { FilterProblem } from '../../domain/lead-filters.js';
import { PIPELINE_STATUSES } from '../../domain/pipeline.js';
import { dateToken, escapeMrkdwn, md, truncate } from '../../slack/blocks.js';
import type { AddToGroupOutcome } from './add-to-group-operations.js';

// The answers `/leads` gives without asking MoltFlow: its usage, and what was wrong with what was typed.

export function buildLeadsHelp(): { text: string; blocks: KnownBlock[] } {
  const text =
    '*/leads* finds and moves leads without scrolling the channel (only you see the answers):\n' +
    '• `/leads` the newest *new* leads, 10 a page\n' +
    '• `/leads contacted` by status: `new`, `contacted`, `qualified`, `converted`, `lost` or `all`\n' +
    '• `/leads search maria` by name, phone or keyword, in every status unless you name one\n' +
    '• `/leads group Buyers Club` by the WhatsApp group they came from\n' +
    '• `/leads qualified group Buyers Club search price page 2` filters combine\n' +
    '• `/leads show +15551234567` or `/leads show <lead id>` one lead in detail\n' +
    '• `/leads export csv` sends you the leads as a file in your DM; `/leads bulk` changes many at once';
  return {
    text: 'Usage: /leads [status] [search <text>] [group <name>] | show <id or phone>',
    blocks: [{ type: 'section', text: md(text) }],
  };
}

/** `problem` and `example` are plain text; both are escaped here, so typed text cannot ping anyone. */
export function buildLeadsProblem(problem: string, example: string): string {
  return `${escapeMrkdwn(problem)}\nFor example: ${escapeMrkdwn(example)}. \`/leads help\` shows everything.`;
}

// `/leads export`: the comment on the uploaded file, the private answers, and the explanations for a
// mistyped command.

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
}

const leads = (n: number) => `${cap(n)} ${n === 1 ? 'lead' : 'leads'}`;

/** The comment on the file in the person's DM: how many, which filters, and MoltFlow's row cap. */
export function buildExportComment(s: ExportSummary): string {
  const head = `Your export: ${leads(s.rows)} (${escapeMrkdwn(s.filters)}) as ${s.format.toUpperCase()}.`;
  return s.rows >= EXPORT_ROW_CAP
    ? `${head} :warning: MoltFlow capped this export at ${cap(EXPORT_ROW_CAP)} rows — narrow the filters to get the rest.`
    : `${head} MoltFlow exports at most ${cap(EXPORT_ROW_CAP)} rows at a time.`;
}

/** The private note where the command was typed: the file went to the DM, not here. */
export function buildExportDoneText(s: ExportSummary, filename: string): string {
  return (
    `:white_check_mark: Sent ${leads(s.rows)} in \`${filename}\` to you in a direct message. ` +
    'The file holds personal data (names and phone numbers), so it never goes into a channel.'
  );
}

export function buildExportEmptyText(filters: string): string {
  return `No leads match (${escapeMrkdwn(filters)}), so there is nothing to export.`;
}

export const EXPORT_PLAN_TEXT =
  "Exports need MoltFlow's *Pro* plan (or Business), and this account's plan doesn't include them. " +
  'You can still browse leads with `/leads`.';

// The private answer to the Reciprocity button. WhatsApp bans numbers that cold-message people, and MoltFlow
// enforces "they wrote first" on outbound messages, so the answer says plainly whether writing is safe.

export interface ReciprocityAnswerInput {
  /** The contact's name or phone, as MoltFlow has it (unescaped); null when unknown. */
  who: string | null;
  /** The WhatsApp session's name (unescaped); null for DEFAULT_SESSION_ID, whose name is not looked up. */
  session: string | null;
  result: Reciprocity;
}

export function buildReciprocityAnswer({ who, session, result }: ReciprocityAnswerInput): string {
  const name = who?.trim()
    ? `*${truncate(escapeMrkdwn(who.replace(/\s+/g, ' ').trim()), 150)}*`
    : 'This contact';
  const on = session?.trim() ? ` on *${truncate(escapeMrkdwn(session.trim()), 80)}*` : '';
  if (result.hasMessagedFirst) {
    const when = result.lastInboundAt ? ` (last message ${dateToken(result.lastInboundAt)})` : '';
    return `:white_check_mark: ${name} messaged you first${on}${when}, so you can write back.`;
  }
  return (
    `:warning: ${name} has not messaged you first${on}, so a cold message risks a WhatsApp ban. ` +
    'Wait until they write to you, or reach them another way.'
  );
}

export const NO_WORKING_SESSION_TEXT =
  'No WhatsApp session is connected (working) in MoltFlow, so I can’t check whether this contact wrote first. ' +
  'Reconnect your number in MoltFlow, or set DEFAULT_SESSION_ID.';

// What the person who used "Add to group" is told privately: added, already there, or why not.

const bold = (raw: string) => `*${truncate(escapeMrkdwn(raw.replace(/\s+/g, ' ').trim()), 200)}*`;

/** `who` is the lead's name or phone as MoltFlow has it (raw; escaped here). */
export function buildAddToGroupResultText(outcome: AddToGroupOutcome, who: string): string {
  const group = bold(outcome.group.name);
  const lead = bold(who || 'The lead');
  const failure = outcome.failures[0];
  if (failure) return `Couldn't add ${lead} to ${group}: ${escapeMrkdwn(failure.reason)}.`;
  if (outcome.already > 0) return `${lead} is already in ${group}. Nothing changed.`;
  const head = outcome.created
    ? `:white_check_mark: Created the group ${group} and added ${lead} to it.`
    : `:white_check_mark: Added ${lead} to ${group}.`;
  return outcome.viaMembers
    ? `${head} (Added by phone number: adding leads in bulk needs MoltFlow's Pro plan.)`
    : head;
}
