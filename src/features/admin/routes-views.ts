import type { KnownBlock, SectionBlock } from '@slack/types';
import { dateToken, escapeMrkdwn, md, plain, truncate } from '../../slack/blocks.js';
import type { LeadRoute } from '../../store/index.js';
import { describeRefusal } from '../lead-feed/index.js';

// `/moltflow routes`: where each source group's leads go, who set it and when, whether the channel has
// stopped taking cards, and a Remove button per route. Group names come from MoltFlow and are escaped; channels and users are ids we hold.

export const ROUTES_MESSAGE = {
  removeActionId: 'route_remove',
  /** A message holds 50 blocks: a heading, the routes, a footer. */
  maxShown: 45,
} as const;

export function routeGroupName(route: Pick<LeadRoute, 'sourceGroupName' | 'sourceGroupId'>): string {
  return `*${truncate(escapeMrkdwn(route.sourceGroupName?.trim() || route.sourceGroupId), 100)}*`;
}

function routeBlock(route: LeadRoute, leadsChannel: string): SectionBlock {
  const lines = [
    `${routeGroupName(route)} → <#${route.channel}>`,
    `Set by <@${route.setBy}> ${dateToken(route.setAt)}`,
  ];
  if (route.failingSince) {
    lines.push(
      `:warning: *Not working* since ${dateToken(route.failingSince)}: ${describeRefusal(route.lastError ?? 'unknown')}. ` +
        `Its leads go to <#${leadsChannel}> until a post there works again.`,
    );
  }
  return {
    type: 'section',
    text: md(lines.join('\n')),
    accessory: {
      type: 'button',
      action_id: ROUTES_MESSAGE.removeActionId,
      text: plain('Remove', 75),
      value: route.sourceGroupId,
      confirm: {
        title: plain('Remove this route?', 100),
        text: md(
          truncate(`New leads from ${routeGroupName(route)} will go to <#${leadsChannel}> again.`, 300),
        ),
        confirm: plain('Remove', 30),
        deny: plain('Keep it', 30),
      },
    },
  };
}

export function buildRoutesMessage(
  routes: readonly LeadRoute[],
  leadsChannel: string,
  notice: string | null = null,
): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [];
  if (notice) blocks.push({ type: 'section', text: md(notice) });
  const example = '`/moltflow route Buyers Club #sales`';
  if (routes.length === 0) {
    blocks.push({
      type: 'section',
      text: md(
        `No lead routes: every new lead goes to <#${leadsChannel}>. Send one group's leads elsewhere with ${example}.`,
      ),
    });
    return { text: `No lead routes: every new lead goes to <#${leadsChannel}>.`, blocks };
  }
  blocks.push({ type: 'section', text: md(`*Lead routes* (${routes.length})`) });
  for (const route of routes.slice(0, ROUTES_MESSAGE.maxShown)) blocks.push(routeBlock(route, leadsChannel));
  const more = routes.length - ROUTES_MESSAGE.maxShown;
  const footer = `${more > 0 ? `…and ${more} more. ` : ''}All other leads go to <#${leadsChannel}>. Add or change a route with ${example}.`;
  blocks.push({ type: 'context', elements: [md(footer)] });
  const failing = routes.filter((r) => r.failingSince).length;
  const text =
    `${routes.length} lead ${routes.length === 1 ? 'route' : 'routes'}` +
    (failing > 0 ? `, ${failing} not working` : '') +
    `; other leads go to <#${leadsChannel}>.`;
  return { text, blocks };
}

// The private answers to `/moltflow route …`: what it did, or why not and how to fix it.

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
