// The Routes modal's listeners: the Home's button opens it from the store alone (no MoltFlow call, so it opens
// within the trigger's 3 s), the group picker loads the monitored groups while it is open, and Save removes the
// ticked routes and adds the picked one through the same operations as `/moltflow route`.
import type { PlainTextOption } from '@slack/types';
import { listMonitoredGroups } from '../../api/monitored-groups.js';
import { retryPolicies } from '../../api/retry.js';
import type { AppContext } from '../../context.js';
import { escapeMrkdwn, truncate } from '../../slack/blocks.js';
import type { ButtonArgs, OptionsArgs, SubmissionArgs } from '../../slack/listener-args.js';
import { checkChannel, NO_LEADS_CHANNEL, removeRoute, saveRoute } from './routes-command.js';
import {
  buildGroupOption,
  buildRoutesModal,
  buildRoutesSavedModal,
  channelProblemError,
  parseRoutesSubmission,
  ROUTES_MODAL,
} from './routes-modal.js';
import { routeGroupName } from './routes-views.js';

export async function openRoutesModal(ctx: AppContext, { ack, body, client }: ButtonArgs): Promise<void> {
  await ack();
  const view = buildRoutesModal(await ctx.store.routes.list(), ctx.config.leads.channel);
  await client.views
    .open({ trigger_id: body.trigger_id, view })
    .catch((error) => ctx.logger.warn('could not open the routes modal', { error }));
}

/** Slack waits 3 s for options: one quick try, no waiting for the rate budget, then an empty list. */
const OPTIONS_TIMEOUT_MS = 2_500;
const ONE_QUICK_TRY = { ...retryPolicies.none, name: 'options', maxWaitMs: 500 };

/** The group picker's options: the answer IS the ack, so MoltFlow is asked before it (failing soft). */
export async function handleRouteGroupOptions(ctx: AppContext, { ack, body }: OptionsArgs): Promise<void> {
  const typed = body.value.trim().toLowerCase().slice(0, 100);
  let options: PlainTextOption[] = [];
  try {
    const groups = await listMonitoredGroups(
      ctx.moltflowInteractive.withDefaults({ timeoutMs: OPTIONS_TIMEOUT_MS, retryPolicy: ONE_QUICK_TRY }),
    );
    options = groups
      .filter((g) => !typed || g.name.toLowerCase().includes(typed) || g.id.toLowerCase() === typed)
      .slice(0, ROUTES_MODAL.maxOptions)
      .map(buildGroupOption);
  } catch (err) {
    ctx.logger.info('could not load the monitored groups for the routes picker', { error: err });
  }
  await ack({ options });
}

/**
 * Save: field errors in the ack (a group without a channel, a channel the app cannot post in: Slack is asked,
 * MoltFlow is not), else the routes are changed, the modal says what changed, and open Homes redraw.
 */
export async function handleRoutesSubmission(ctx: AppContext, args: SubmissionArgs): Promise<void> {
  const { ack, body, view, client } = args;
  const leadsChannel = ctx.config.leads.channel;
  if (leadsChannel === undefined) {
    await ack({ response_action: 'update', view: buildRoutesSavedModal([NO_LEADS_CHANNEL]) });
    return;
  }
  const checked = parseRoutesSubmission(view.state.values);
  if (!checked.ok) return void (await ack({ response_action: 'errors', errors: checked.errors }));
  const { add, remove } = checked.value;
  if (add && add.channel !== leadsChannel) {
    const problem = await checkChannel(client, add.channel);
    if (problem) {
      const errors = { [ROUTES_MODAL.channelBlock]: channelProblemError(problem) };
      return void (await ack({ response_action: 'errors', errors }));
    }
  }
  const lines: string[] = [];
  for (const id of remove) {
    if (add?.group.id === id) continue; // replaced below instead
    const route = await removeRoute(ctx, { body }, id);
    if (route) lines.push(`:wastebasket: Removed the route for ${routeGroupName(route)}.`);
  }
  if (add) {
    const saved = await saveRoute(ctx, { body }, add.group, add.channel, leadsChannel);
    const name = `*${truncate(escapeMrkdwn(add.group.name), 100)}*`;
    if (saved.kind === 'set')
      lines.push(`:white_check_mark: New leads from ${name} now go to <#${add.channel}>.`);
    else if (saved.kind === 'removed')
      lines.push(`:white_check_mark: Removed the route for ${name}: its leads go to <#${leadsChannel}>.`);
    else lines.push(`Leads from ${name} already go to <#${leadsChannel}>, the leads channel.`);
  }
  await ack({ response_action: 'update', view: buildRoutesSavedModal(lines) });
  if (lines.length > 0) ctx.changes?.emit('settings');
}
