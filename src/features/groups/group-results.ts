// What a person is told after a group change: the group, how many went in or out, and how many were
// skipped and why. mrkdwn; every group name is escaped here.
import type { AddOutcome, CreateOutcome, RemoveOutcome } from './group-member-changes.js';
import { groupName, members } from './group-text.js';

const n = (x: number) => x.toLocaleString('en-US');
const plural = (x: number, one: string, many: string) => `${n(x)} ${x === 1 ? one : many}`;
const folded = (duplicates: number) =>
  duplicates > 0
    ? ` ${plural(duplicates, 'repeated number', 'repeated numbers')} in your list counted once.`
    : '';
const now = (name: string, count: number | null) =>
  count === null ? '' : ` *${name}* now has ${members(count)}.`;

export function createdText(outcome: CreateOutcome, total: number, duplicates: number): string {
  const name = groupName(outcome.group.name);
  if (outcome.sent < total) {
    return `Created *${name}* with ${n(outcome.sent)} of ${n(total)} contacts, then MoltFlow stopped.${now(name, outcome.memberCount)} Add the rest with \`/groups add ${name}\`.`;
  }
  return `:white_check_mark: Created *${name}* with ${members(outcome.memberCount ?? outcome.sent)}.${folded(duplicates)}`;
}

export function addedText(group: string, outcome: AddOutcome, total: number, duplicates: number): string {
  const name = groupName(group);
  const skipped = outcome.added === null ? null : outcome.sent - outcome.added;
  const counts =
    outcome.added === null
      ? `Sent ${plural(outcome.sent, 'contact', 'contacts')} to *${name}*; MoltFlow did not say how many were new.`
      : `Added ${plural(outcome.added, 'contact', 'contacts')} to *${name}*; ${n(skipped ?? 0)} skipped as already in the group.`;
  const stopped =
    outcome.sent < total
      ? ` MoltFlow stopped after ${n(outcome.sent)} of ${n(total)}; submit the list again to add the rest (numbers already in the group are skipped).`
      : '';
  const icon = outcome.sent < total ? ':warning:' : ':white_check_mark:';
  return `${icon} ${counts}${now(name, outcome.memberCount)}${folded(duplicates)}${stopped}`;
}

export function removedText(group: string, outcome: RemoveOutcome, duplicates: number): string {
  const name = groupName(group);
  const removed =
    outcome.removed === null
      ? 'Removed the contacts'
      : `Removed ${plural(outcome.removed, 'contact', 'contacts')}`;
  const missing =
    outcome.notMembers > 0
      ? `; ${plural(outcome.notMembers, 'number was', 'numbers were')} not in the group`
      : '';
  return `:white_check_mark: ${removed} from *${name}*${missing}.${now(name, outcome.memberCount)}${folded(duplicates)}`;
}

export const renamedText = (from: string, to: string): string =>
  `:white_check_mark: Renamed *${groupName(from)}* to *${groupName(to)}*.`;
