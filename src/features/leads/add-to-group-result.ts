// What the person who used "Add to group" is told privately: added, already there, or why not.

import { escapeMrkdwn, truncate } from '../../slack/blocks.js';
import type { AddToGroupOutcome } from './lead-add-to-group-run.js';

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
