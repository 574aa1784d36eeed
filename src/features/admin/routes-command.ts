import type { webApi } from '@slack/bolt';
import { findMonitoredGroup, listMonitoredGroups } from '../../api/monitored-groups.js';
import type { AppContext } from '../../context.js';
import { type ActorArgs, actorOf, auditFailure, auditFrom, auditTarget } from '../../slack/audit.js';
import { decodeCommandText } from '../../slack/command-text.js';
import type { ButtonArgs, CommandArgs } from '../../slack/listener-args.js';
import { describeMoltflowError } from '../../slack/refusal-text.js';
import { slackErrorCode } from '../../slack/slack-errors.js';
import type { LeadRoute } from '../../store/index.js';
import { buildGroupMatchProblem } from '../lead-feed/index.js';
import {
  buildChannelProblemText,
  buildRouteProblemText,
  buildRouteSetText,
  buildRoutesMessage,
  buildRouteToDefaultText,
  type ChannelProblem,
  routeGroupName,
} from './routes-views.js';

/** OAuth mode has no LEADS_CHANNEL: until the per-workspace setting exists, routes have no default to name. */
export const NO_LEADS_CHANNEL =
  "This workspace has no leads channel yet, so lead routes cannot be set here. A workspace admin sets it in the MoltFlow app's Home tab.";

/**
 * `/moltflow route <group> <#channel>`: new leads of that source group go to that channel. Routes belong to
 * the workspace (the store), not to whoever set them. The app never joins a channel on its own here: when it
 * is not a member, the answer says to invite it.
 */
export async function handleRouteCommand(ctx: AppContext, args: CommandArgs, rest: string): Promise<void> {
  const { ack, command, respond, client } = args;
  const request = parseRouteRequest(rest);
  if (!request.ok) {
    await ack({ response_type: 'ephemeral', text: buildRouteProblemText(request.problem, request.typed) });
    return;
  }
  await ack();
  const say = (text: string) => respond({ response_type: 'ephemeral', text });
  const { channel } = request;
  const leadsChannel = ctx.config.leads.channel;
  if (leadsChannel === undefined) return void (await say(NO_LEADS_CHANNEL));

  if (channel !== leadsChannel) {
    const problem = await checkChannel(client, channel);
    if (problem) return void (await say(buildChannelProblemText(channel, problem)));
  }
  let groups: Awaited<ReturnType<typeof listMonitoredGroups>>;
  try {
    groups = await listMonitoredGroups(ctx.moltflowInteractive);
  } catch (err) {
    const target = auditTarget('group', request.group);
    await auditFrom(ctx, { command }, auditFailure('route.added', target, err, `to ${channel}`));
    return void (await say(describeMoltflowError(err, 'read your monitored groups')));
  }
  const match = findMonitoredGroup(groups, request.group);
  if (match.kind !== 'found') {
    const example = { command: '/moltflow route', after: ' #sales' };
    return void (await say(buildGroupMatchProblem(request.group, match, groups, example)));
  }
  const { group } = match;
  const saved = await saveRoute(ctx, { command }, group, channel, leadsChannel);
  if (saved.kind === 'set') return void (await say(buildRouteSetText(group.name, channel, saved.previous)));
  await say(buildRouteToDefaultText(group.name, leadsChannel, saved.kind === 'removed'));
}

export type RouteSaved = { kind: 'set'; previous: string | null } | { kind: 'removed' | 'already_default' };

/**
 * Sends `group`'s new leads to `channel`, audited as done by `who`; the command and the Home's Routes modal
 * both save through here. Routing a group to the leads channel is how a route is removed.
 */
export async function saveRoute(
  ctx: AppContext,
  who: ActorArgs,
  group: { id: string; name: string },
  channel: string,
  leadsChannel: string,
): Promise<RouteSaved> {
  const previous = (await ctx.store.routes.get(group.id))?.channel ?? null;
  const target = auditTarget(group.id, group.name);
  if (channel === leadsChannel) {
    const removed = await ctx.store.routes.remove(group.id);
    if (removed) await auditFrom(ctx, who, { action: 'route.removed', target, detail: `was ${previous}` });
    return { kind: removed ? 'removed' : 'already_default' };
  }
  const setBy = actorOf(who).user;
  await ctx.store.routes.set({
    sourceGroupId: group.id,
    sourceGroupName: group.name,
    channel,
    setBy,
    setAt: ctx.now(),
  });
  ctx.logger.info('lead route set', { sourceGroupId: group.id, channel, by: setBy });
  const detail = previous ? `to ${channel} (was ${previous})` : `to ${channel}`;
  await auditFrom(ctx, who, { action: 'route.added', target, detail });
  return { kind: 'set', previous };
}

/** Removes the route of `sourceGroupId`, audited as done by `who`; the route it removed, if there was one. */
export async function removeRoute(
  ctx: AppContext,
  who: ActorArgs,
  sourceGroupId: string,
): Promise<LeadRoute | undefined> {
  const route = await ctx.store.routes.get(sourceGroupId);
  if (route === undefined || !(await ctx.store.routes.remove(sourceGroupId))) return undefined;
  const target = auditTarget(sourceGroupId, route.sourceGroupName);
  await auditFrom(ctx, who, { action: 'route.removed', target, detail: `was ${route.channel}` });
  ctx.logger.info('lead route removed', { sourceGroupId, by: actorOf(who).user });
  return route;
}

/** `/moltflow routes`: the list, answered in the ack (it reads only the store). */
export async function handleRoutesCommand(ctx: AppContext, { ack }: CommandArgs): Promise<void> {
  const leadsChannel = ctx.config.leads.channel;
  if (leadsChannel === undefined)
    return void (await ack({ response_type: 'ephemeral', text: NO_LEADS_CHANNEL }));
  const message = buildRoutesMessage(await ctx.store.routes.list(), leadsChannel);
  await ack({ response_type: 'ephemeral', ...message });
}

/** Can the app post in `channel`? conversations.info answers channel_not_found for a private one it is not in. */
export async function checkChannel(
  client: webApi.WebClient,
  channel: string,
): Promise<ChannelProblem | null> {
  try {
    const info = await client.conversations.info({ channel });
    const c = info.channel;
    if (!c) return 'not_found';
    if (c.is_im || c.is_mpim) return 'not_a_channel';
    if (c.is_archived) return 'archived';
    return c.is_member === false ? 'not_member' : null;
  } catch (err) {
    const code = slackErrorCode(err);
    return code === 'channel_not_found' || code === 'not_in_channel' ? 'not_found' : 'unchecked';
  }
}

// Reads `/moltflow route <group name or id> <#channel>`. Slack sends a channel picked from the autocomplete
// as `<#C0123|sales>` (or `<#C0123|>` for a private one); a bare id (C…/G…) works too. A plain `#sales`
// carries no id, and guessing by name could pick the wrong channel, so it is refused with a hint.

export type RouteRequest =
  | { ok: true; group: string; channel: string }
  | { ok: false; problem: 'usage' | 'no_group' | 'channel_name'; typed?: string };

const MENTION = /^<#([CG][A-Z0-9]{2,})(?:\|[^>]*)?>$/;
const BARE_ID = /^[CG][A-Z0-9]{8,}$/;

export function parseRouteRequest(text: string): RouteRequest {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  const last = tokens.at(-1);
  if (!last) return { ok: false, problem: 'usage' };
  const channel = MENTION.exec(last)?.[1] ?? (BARE_ID.test(last) ? last : null);
  if (!channel) {
    const named = /^#[\w.-]+$/.exec(last) ?? /^&lt;#[^&]*&gt;$/.exec(last);
    return named ? { ok: false, problem: 'channel_name', typed: last } : { ok: false, problem: 'usage' };
  }
  const group = decodeCommandText(tokens.slice(0, -1).join(' '))
    .trim()
    .replace(/^["“](.*)["”]$/, '$1')
    .trim();
  return group === '' ? { ok: false, problem: 'no_group' } : { ok: true, group, channel };
}

/**
 * Remove on a `/moltflow routes` row (after Slack's confirm dialog): the route goes, and the list is
 * redrawn in place with a line saying what happened. A second click on a stale list says it was gone.
 */
export async function handleRouteRemove(
  ctx: AppContext,
  { ack, action, body, respond }: ButtonArgs,
): Promise<void> {
  await ack();
  const route = await removeRoute(ctx, { body }, action.value ?? '');
  const leadsChannel = ctx.config.leads.channel;
  if (leadsChannel === undefined)
    return void (await respond({ response_type: 'ephemeral', text: NO_LEADS_CHANNEL }));
  const notice = route
    ? `:wastebasket: <@${body.user.id}> removed the route for ${routeGroupName(route)}: its new leads go to <#${leadsChannel}> again.`
    : 'That route was already removed.';
  await respond({
    replace_original: true,
    response_type: 'ephemeral',
    ...buildRoutesMessage(await ctx.store.routes.list(), leadsChannel, notice),
  });
}
