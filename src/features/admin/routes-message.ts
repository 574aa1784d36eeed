// `/moltflow routes`: where each source group's leads go, who set it and when, whether the channel has
// stopped taking cards, and a Remove button per route. Group names come from MoltFlow and are escaped; channels and users are ids we hold.
import type { KnownBlock, SectionBlock } from '@slack/types';
import { dateToken, escapeMrkdwn, md, plain, truncate } from '../../slack/blocks.js';
import type { LeadRoute } from '../../store/routes.js';
import { describeRefusal } from '../lead-feed/index.js';

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
