// Custom-group failures in words: the group is gone, the plan's group limit (naming the plan that allows
// more), MoltFlow's 422 detail with member indexes turned back into the phone numbers the person typed.
import type { CustomGroup } from '../../api/custom-groups.js';
import { MoltflowHttpError } from '../../api/errors.js';
import { escapeMrkdwn } from '../../slack/blocks.js';
import { describeMoltflowError } from '../../slack/refusal-text.js';
import { groupName, members } from './group-text.js';

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
