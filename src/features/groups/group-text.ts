// How groups read in words, everywhere in /groups: names escaped, on one line and cut to fit; member
// counts; what a person is told after a change (how many went in or out, how many were skipped and why);
// and failures in words: the group is gone, the plan's group limit (naming the plan that allows more),
// MoltFlow's 422 detail with member indexes turned back into the phone numbers the person typed. mrkdwn.
import type { CustomGroup } from '../../api/custom-groups.js';
import { MoltflowHttpError } from '../../api/errors.js';
import { escapeMrkdwn, truncate } from '../../slack/blocks.js';
import { describeMoltflowError } from '../../slack/refusal-text.js';
import type { AddOutcome, CreateOutcome, RemoveOutcome } from './group-member-changes.js';

// --- Names and counts ---

const NAME_MAX = 100;

export const groupName = (name: string, max = NAME_MAX): string =>
  truncate(escapeMrkdwn(name.replace(/\s+/g, ' ').trim()), max) || '(no name)';
export const members = (n: number | null): string =>
  n === null ? 'members unknown' : `${n.toLocaleString('en-US')} member${n === 1 ? '' : 's'}`;

export const itsMembers = (n: number | null): string =>
  n === null ? 'all its members' : `its ${members(n)}`;

// --- After a change ---

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

// --- Failures ---

/** Custom groups each plan allows (moltflow-api.md §3.2). */
const GROUPS_PER_PLAN = [
  ['Free', 2],
  ['Starter', 5],
  ['Pro', 20],
  ['Business', 100],
] as const;

export const GROUP_LIST_HINT = 'Type `/groups` to see your groups.';

export const groupGoneText = (doing: string): string =>
  `I couldn't ${doing}: that group no longer exists in MoltFlow (someone may have deleted it). ${GROUP_LIST_HINT}`;

/** `doing` reads like "create the group"; `sent` are the contacts of the failed request, in order. */
export function describeGroupError(
  err: unknown,
  doing: string,
  sent: readonly { phone: string }[] = [],
): string {
  if (err instanceof MoltflowHttpError) {
    if (err.status === 404) return groupGoneText(doing);
    if (err.status === 403 && /group/i.test(err.detail) && /limit|maximum|max\b/i.test(err.detail)) {
      return groupLimitText(err.detail, doing);
    }
    if (err.status === 422) {
      const detail = err.detail.replace(
        /\b(?:members|contacts)\.(\d+)(?:\.phone)?/g,
        (whole, index: string) => {
          const phone = sent[Number(index)]?.phone;
          return phone ? `the number ${phone}` : whole;
        },
      );
      return `MoltFlow didn't accept this, so I couldn't ${doing}: ${escapeMrkdwn(detail)}.`;
    }
  }
  return describeMoltflowError(err, doing);
}

function groupLimitText(detail: string, doing: string): string {
  const numbers = [...detail.matchAll(/\d+/g)].map((m) => Number(m[0]));
  const current = GROUPS_PER_PLAN.findIndex(([, max]) => numbers.includes(max));
  const next = current >= 0 ? GROUPS_PER_PLAN[current + 1] : undefined;
  const head = `I couldn't ${doing}: MoltFlow says ${escapeMrkdwn(detail.replace(/\.$/, ''))}.`;
  const tail = 'Delete a group you no longer need (`/groups delete <name>`)';
  if (current >= 0 && next) {
    const [plan, max] = GROUPS_PER_PLAN[current] ?? [];
    return `${head} The ${plan} plan allows ${max} custom groups; the ${next[0]} plan allows ${next[1]}. ${tail}, or upgrade.`;
  }
  if (current >= 0) return `${head} That is the most any MoltFlow plan allows. ${tail}.`;
  const all = GROUPS_PER_PLAN.map(([plan, max]) => `${max} (${plan})`).join(', ');
  return `${head} MoltFlow plans allow ${all} custom groups. ${tail}, or upgrade.`;
}

/** Why `query` named no single group, and what to type instead. */
export function describeNoMatch(
  match:
    | { kind: 'none'; suggestions: readonly CustomGroup[] }
    | { kind: 'ambiguous'; matches: readonly CustomGroup[] },
  query: string,
): string {
  const q = groupName(query);
  if (match.kind === 'ambiguous') {
    const list = match.matches
      .slice(0, 10)
      .map((g) => `• *${groupName(g.name)}* · ${members(g.memberCount)} · id \`${escapeMrkdwn(g.id)}\``)
      .join('\n');
    const first = match.matches[0]?.id ?? '<id>';
    return `${match.matches.length} groups are called *${q}*:\n${list}\nUse the id instead, e.g. \`/groups show ${escapeMrkdwn(first)}\`.`;
  }
  const maybe =
    match.suggestions.length > 0
      ? ` Did you mean ${match.suggestions.map((g) => `*${groupName(g.name)}*`).join(', ')}?`
      : '';
  return `I couldn't find a group called *${q}*.${maybe} ${GROUP_LIST_HINT}`;
}
