// The private answers to `/moltflow route …`: what it did, or why not and how to fix it.
import { escapeMrkdwn, truncate } from '../../slack/blocks.js';

export const ROUTE_USAGE =
  'Usage: `/moltflow route <group name or id> #channel`, e.g. `/moltflow route Buyers Club #sales` ' +
  '(pick the channel from the list Slack shows when you type #). `/moltflow routes` lists the routes.';

export function buildRouteProblemText(
  problem: 'usage' | 'no_group' | 'channel_name',
  typed?: string,
): string {
  if (problem === 'no_group') return `Say which source group to route. ${ROUTE_USAGE}`;
  if (problem === 'channel_name') {
    const shown = truncate(escapeMrkdwn(typed ?? ''), 60);
    return `I can't tell which channel \`${shown}\` is. Type # and pick the channel from Slack's list, or paste its id (C…). ${ROUTE_USAGE}`;
  }
  return ROUTE_USAGE;
}

export type ChannelProblem = 'not_found' | 'archived' | 'not_member' | 'not_a_channel' | 'unchecked';

export function buildChannelProblemText(channel: string, problem: ChannelProblem): string {
  const where = `<#${channel}>`;
  switch (problem) {
    case 'not_found':
      return `I can't see ${where}. If it is a private channel, invite me first: type \`/invite @moltflow\` in it, then run this again.`;
    case 'archived':
      return `${where} is archived, so no cards could be posted there. Pick another channel.`;
    case 'not_member':
      return `I'm not in ${where} yet. Invite me there with \`/invite @moltflow\`, then run this again.`;
    case 'not_a_channel':
      return 'Leads can only be routed to a channel, not to a direct message. Pick a channel.';
    case 'unchecked':
      return `Slack would not tell me whether I can post in ${where}, so nothing was changed. Try again in a minute.`;
  }
}

export function buildRouteSetText(group: string, channel: string, previous: string | null): string {
  const name = `*${truncate(escapeMrkdwn(group), 100)}*`;
  const was = previous && previous !== channel ? ` (instead of <#${previous}>)` : '';
  return `:white_check_mark: New leads from ${name} now go to <#${channel}>${was}. See every route with \`/moltflow routes\`.`;
}

export function buildRouteToDefaultText(group: string, leadsChannel: string, removed: boolean): string {
  const name = `*${truncate(escapeMrkdwn(group), 100)}*`;
  return removed
    ? `:white_check_mark: Removed the route for ${name}: its leads go to <#${leadsChannel}>, the leads channel, again.`
    : `Leads from ${name} already go to <#${leadsChannel}>, the leads channel. Nothing to change.`;
}
