import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs, webApi } from '@slack/bolt';
import { findMonitoredGroup, listMonitoredGroups } from '../../api/monitored-groups.js';
import type { AppContext } from '../../context.js';
import { describeMoltflowError } from '../../slack/refusal-text.js';
import { slackErrorCode } from '../../slack/slack-errors.js';
import { buildGroupMatchProblem } from '../lead-feed/index.js';
import { parseRouteRequest } from './route-parse.js';
import {
  buildChannelProblemText,
  buildRouteProblemText,
  buildRouteSetText,
  buildRouteToDefaultText,
  type ChannelProblem,
} from './route-reply-text.js';
import { buildRoutesMessage } from './routes-message.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * `/moltflow route <group> <#channel>`: new leads of that source group go to that channel. Routes belong to
 * the workspace (the store), not to whoever set them. The app never joins a channel on its own here: when it
 * is not a member, the answer says to invite it.
 */
export async function handleRouteCommand(ctx: AppContext, args: Args, rest: string): Promise<void> {
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

  if (channel !== leadsChannel) {
    const problem = await checkChannel(client, channel);
    if (problem) return void (await say(buildChannelProblemText(channel, problem)));
  }
  let groups: Awaited<ReturnType<typeof listMonitoredGroups>>;
  try {
    groups = await listMonitoredGroups(ctx.moltflowInteractive);
  } catch (err) {
    return void (await say(describeMoltflowError(err, 'read your monitored groups')));
  }
  const match = findMonitoredGroup(groups, request.group);
  if (match.kind !== 'found') {
    const example = `\`/moltflow route ${groups[0]?.name.replace(/`/g, "'") ?? 'Buyers Club'} #sales\``;
    return void (await say(buildGroupMatchProblem(request.group, match, groups, example)));
  }
  const { group } = match;
  const previous = ctx.store.routes.get(group.id)?.channel ?? null;
  if (channel === leadsChannel) {
    const removed = ctx.store.routes.remove(group.id);
    return void (await say(buildRouteToDefaultText(group.name, leadsChannel, removed)));
  }
  ctx.store.routes.set({
    sourceGroupId: group.id,
    sourceGroupName: group.name,
    channel,
    setBy: command.user_id,
    setAt: ctx.now(),
  });
  ctx.logger.info('lead route set', { sourceGroupId: group.id, channel, by: command.user_id });
  await say(buildRouteSetText(group.name, channel, previous));
}

/** `/moltflow routes`: the list, answered in the ack (it reads only the store). */
export async function handleRoutesCommand(ctx: AppContext, { ack }: Args): Promise<void> {
  const message = buildRoutesMessage(ctx.store.routes.list(), ctx.config.leads.channel);
  await ack({ response_type: 'ephemeral', ...message });
}

/** Can the app post in `channel`? conversations.info answers channel_not_found for a private one it is not in. */
async function checkChannel(client: webApi.WebClient, channel: string): Promise<ChannelProblem | null> {
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
