// When a typed group name (for `/leads export … group X` or `/moltflow route X #channel`) matches no
// monitored group, or more than one: name what exists, so the next try works.
import type { GroupMatch, MonitoredGroup } from '../../api/monitored-groups.js';
import { escapeMrkdwn, truncate } from '../../slack/blocks.js';

const name = (g: MonitoredGroup) => `*${truncate(escapeMrkdwn(g.name), 80)}*`;

export function buildGroupMatchProblem(
  typed: string,
  match: Exclude<GroupMatch, { kind: 'found' }>,
  all: readonly MonitoredGroup[],
  example: string,
): string {
  const shown = `"${truncate(escapeMrkdwn(typed), 60)}"`;
  if (match.kind === 'ambiguous') {
    const names = match.matches.slice(0, 8).map((g) => `${name(g)} (\`${escapeMrkdwn(g.id)}\`)`);
    return `More than one monitored group matches ${shown}: ${names.join(', ')}. Use the full name or the id, e.g. ${example}.`;
  }
  if (all.length === 0)
    return `No monitored WhatsApp groups were found in MoltFlow, so nothing matches ${shown}.`;
  const names = all.slice(0, 10).map(name).join(', ');
  const more = all.length > 10 ? ` and ${all.length - 10} more` : '';
  return `No monitored group matches ${shown}. Your groups: ${names}${more}. For example: ${example}.`;
}
