// What the person who ran `/leads bulk` is told: how many leads changed, and each failure with its reason
// (MoltFlow's `errors` entries, whatever their shape). Lead labels come from the picker options they chose
// and reasons from MoltFlow, so all of it is escaped.
import type { BulkFailure, BulkStatusResult } from '../../api/lead-bulk.js';
import { canTransition, type LeadStatus, statusLabel } from '../../domain/pipeline.js';
import { escapeMrkdwn, truncate } from '../../slack/blocks.js';
import type { AddToGroupOutcome } from '../leads/index.js';
import type { PickedLead } from './leads-bulk-encoding.js';

const LISTED_FAILURES = 25;
const leads = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'lead' : 'leads'}`;
const esc = (s: string, max: number) => truncate(escapeMrkdwn(s.replace(/\s+/g, ' ').trim()), max);

function failureLines(failures: readonly BulkFailure[], picked: readonly PickedLead[]): string {
  const byId = new Map(picked.map((p) => [p.id, p]));
  const lines = failures.slice(0, LISTED_FAILURES).map((f) => {
    const lead = f.leadId ? byId.get(f.leadId) : undefined;
    const who = lead?.label ? `*${esc(lead.label, 100)}*` : f.leadId ? `lead \`${esc(f.leadId, 80)}\`` : null;
    return `• ${who ? `${who}: ` : ''}${esc(f.reason, 300)}`;
  });
  const more = failures.length - LISTED_FAILURES;
  return more > 0 ? `${lines.join('\n')}\n…and ${more} more` : lines.join('\n');
}

export function buildLeadsBulkMoveResultText(
  result: BulkStatusResult,
  to: LeadStatus,
  picked: readonly PickedLead[],
): string {
  const target = `*${statusLabel(to)}*`;
  const head =
    result.updated === 0
      ? `:warning: No leads were moved to ${target}.`
      : `:white_check_mark: Moved ${result.updated.toLocaleString('en-US')} of ${leads(picked.length)} to ${target}.`;
  if (result.failed === 0) return head;
  const listed = result.failures.length > 0 ? `\n${failureLines(result.failures, picked)}` : '';
  return `${head}\n*${leads(result.failed)} could not be moved:*${listed}`;
}

export function buildLeadsBulkGroupResultText(
  outcome: AddToGroupOutcome,
  picked: readonly PickedLead[],
): string {
  const group = `*${esc(outcome.group.name, 150)}*`;
  const parts = [`:white_check_mark: Added ${leads(outcome.added)} of ${picked.length} to ${group}.`];
  if (outcome.already > 0)
    parts.push(`${leads(outcome.already)} ${outcome.already === 1 ? 'was' : 'were'} already there.`);
  if (outcome.viaMembers)
    parts.push("(Added by phone number: adding leads in bulk needs MoltFlow's Pro plan.)");
  const head = parts.join(' ');
  if (outcome.failures.length === 0) return head;
  return `${head}\n*${leads(outcome.failures.length)} could not be added:*\n${failureLines(outcome.failures, picked)}`;
}

export const BULK_LEADS_PLAN_TEXT =
  "Changing leads in bulk needs MoltFlow's *Pro* plan (or Business), and this account's plan doesn't " +
  'include it. You can still move leads one at a time with the buttons on their cards.';

/** The field error when none of the picked leads can make the chosen move (by the statuses they showed). */
export function buildNoValidMoveText(to: LeadStatus, picked: readonly PickedLead[]): string | null {
  const statuses = picked.map((p) => p.status);
  if (statuses.some((s) => s === null || canTransition(s, to))) return null;
  const counts = new Map<string, number>();
  for (const s of statuses) if (s) counts.set(statusLabel(s), (counts.get(statusLabel(s)) ?? 0) + 1);
  const where = [...counts].map(([label, n]) => `${n} ${label}`).join(', ');
  return `None of the picked leads can move to ${statusLabel(to)} (${where}). Choose another status.`;
}
