// The words of the feed besides the card itself: the backfill notice, why a routed channel refused a card,
// and what to say when a typed group name matches no monitored group. Names come from WhatsApp and error
// codes from Slack, so every one is escaped.
import type { KnownBlock } from '@slack/types';
import type { GroupMatch, MonitoredGroup } from '../../api/monitored-groups.js';
import { escapeMrkdwn, md, truncate } from '../../slack/blocks.js';

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function formatHours(hours: number): string {
  return Number.isInteger(hours) ? `${hours} h` : `${hours.toFixed(1)} h`;
}

/**
 * Posted once when the feed starts (or catches up after downtime) with more leads than it will post, so
 * the channel knows the older ones were skipped on purpose rather than lost.
 */
export function buildBackfillNotice(
  skipped: number,
  posted: number,
  hours: number,
): { text: string; blocks: KnownBlock[] } {
  const span = `from the last ${formatHours(hours)}`;
  const showing =
    posted === 0
      ? `No leads to show ${span}`
      : posted === 1
        ? `Showing the newest lead ${span}`
        : `Showing the ${posted} newest leads ${span}`;
  const skipping = skipped > 0 ? `; ${plural(skipped, 'older lead was', 'older leads were')} skipped` : '';
  const text = `:information_source: ${showing}${skipping}.`;
  return { text, blocks: [{ type: 'context', elements: [md(text)] }] };
}

const REFUSALS: Record<string, string> = {
  channel_not_found: 'the channel was deleted or the app cannot see it',
  is_archived: 'the channel is archived',
  not_in_channel: 'the app is not in the channel',
  restricted_action: 'the channel does not let the app post',
  restricted_action_read_only_channel: 'the channel is read-only',
};

/** Slack's refusal of a channel in plain words (used here and by `/moltflow routes`). */
export function describeRefusal(error: string): string {
  // An unknown code is shown as Slack sent it: codes are short, so a long one is cut rather than trusted.
  return REFUSALS[error] ?? `Slack said \`${truncate(escapeMrkdwn(error), 100)}\``;
}

/** The context line on a card that went to the leads channel because its routed channel refused it. */
export function buildRouteFallbackNote(channel: string, error: string): string {
  return `:warning: Couldn't post in <#${channel}>: ${describeRefusal(error)} — the route is flagged in \`/moltflow routes\`.`;
}

const groupName = (g: MonitoredGroup) => `*${truncate(escapeMrkdwn(g.name), 80)}*`;

/** The command to show as an example around a group name: `command` and `after` are ours, verbatim. */
export interface GroupExample {
  command: string;
  after?: string;
}

/** The example with the first monitored group's name in it: MoltFlow's text, so escaped (no backticks). */
function exampleWith(all: readonly MonitoredGroup[], example: GroupExample): string {
  const name = all[0]?.name.replace(/`/g, "'").replace(/\s+/g, ' ').trim() || 'Buyers Club';
  return `\`${example.command} ${truncate(escapeMrkdwn(name), 80)}${example.after ?? ''}\``;
}

/**
 * When a typed group name (for `/leads export … group X` or `/moltflow route X #channel`) matches no
 * monitored group, or more than one: name what exists, so the next try works.
 */
export function buildGroupMatchProblem(
  typed: string,
  match: Exclude<GroupMatch, { kind: 'found' }>,
  all: readonly MonitoredGroup[],
  exampleCommand: GroupExample,
): string {
  const shown = `"${truncate(escapeMrkdwn(typed), 60)}"`;
  const example = exampleWith(all, exampleCommand);
  if (match.kind === 'ambiguous') {
    const names = match.matches.slice(0, 8).map((g) => `${groupName(g)} (\`${escapeMrkdwn(g.id)}\`)`);
    return `More than one monitored group matches ${shown}: ${names.join(', ')}. Use the full name or the id, e.g. ${example}.`;
  }
  if (all.length === 0)
    return `No monitored WhatsApp groups were found in MoltFlow, so nothing matches ${shown}.`;
  const names = all.slice(0, 10).map(groupName).join(', ');
  const more = all.length > 10 ? ` and ${all.length - 10} more` : '';
  return `No monitored group matches ${shown}. Your groups: ${names}${more}. For example: ${example}.`;
}
