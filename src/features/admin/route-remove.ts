import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { buildRoutesMessage, routeGroupName } from './routes-message.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * Remove on a `/moltflow routes` row (after Slack's confirm dialog): the route goes, and the list is
 * redrawn in place with a line saying what happened. A second click on a stale list says it was gone.
 */
export async function handleRouteRemove(
  ctx: AppContext,
  { ack, action, body, respond }: Args,
): Promise<void> {
  await ack();
  const id = action.value ?? '';
  const route = ctx.store.routes.get(id);
  const removed = route !== undefined && ctx.store.routes.remove(id);
  const leadsChannel = ctx.config.leads.channel;
  const notice = removed
    ? `:wastebasket: <@${body.user.id}> removed the route for ${routeGroupName(route)}: its new leads go to <#${leadsChannel}> again.`
    : 'That route was already removed.';
  if (removed) ctx.logger.info('lead route removed', { sourceGroupId: id, by: body.user.id });
  await respond({
    replace_original: true,
    response_type: 'ephemeral',
    ...buildRoutesMessage(ctx.store.routes.list(), leadsChannel, notice),
  });
}
