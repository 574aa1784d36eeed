// Lead routing: a source group's new leads go to the channel `/moltflow route` set for it, others to
// LEADS_CHANNEL. When Slack refuses the routed channel (archived, deleted, the app removed), the card goes to
// LEADS_CHANNEL with a note and the route is flagged for `/moltflow routes`; the next good post clears the
// flag. Exactly-once still holds: postLeadCard clears its pending mark on a refusal, so the fallback post is
// a fresh attempt for the same lead, never a second card.
import type { Lead } from '../../domain/lead.js';
import { type CardPosterDeps, type PostOutcome, postLeadCard } from './card-service.js';
import { buildRouteFallbackNote } from './feed-messages.js';

/** Refusals that mean "this channel does not take cards any more", as opposed to a bad card. */
const CHANNEL_GONE = new Set([
  'channel_not_found',
  'is_archived',
  'not_in_channel',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_non_threadable_channel',
  'team_access_not_granted',
]);

export async function postRoutedCard(
  deps: CardPosterDeps,
  defaultChannel: string,
  lead: Lead,
): Promise<PostOutcome> {
  const groupId = lead.sourceGroup?.id;
  const route = groupId ? await deps.store.routes.get(groupId) : undefined;
  if (!route || route.channel === defaultChannel) return postLeadCard(deps, defaultChannel, lead);

  const outcome = await postLeadCard(deps, route.channel, lead);
  if (outcome.kind === 'posted') {
    if (route.failingSince) await deps.store.routes.markHealthy(route.sourceGroupId);
    return outcome;
  }
  if (outcome.kind !== 'refused' || !CHANNEL_GONE.has(outcome.error)) return outcome;
  await deps.store.routes.markFailing(route.sourceGroupId, outcome.error, deps.now());
  deps.logger.warn('a routed channel refused a lead card; posting it to the leads channel', {
    leadId: lead.id,
    channel: route.channel,
    error: outcome.error,
  });
  return postLeadCard(deps, defaultChannel, lead, {
    note: buildRouteFallbackNote(route.channel, outcome.error),
  });
}
