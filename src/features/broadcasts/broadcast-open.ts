import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { listAllCustomGroups } from '../../api/custom-groups.js';
import { listSessions, workingSessions } from '../../api/sessions.js';
import type { AppContext } from '../../context.js';
import { describeMoltflowError } from '../../slack/refusal-text.js';
import { saveDraft } from './broadcast-draft.js';
import {
  buildBulkComposeModal,
  buildBulkLoadingModal,
  buildBulkNoticeModal,
  noGroupsText,
  noSessionsText,
} from './broadcast-modal.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * `/bulksend`: ack, check OUTREACH_ALLOWED, open a "Loading…" modal while the trigger_id is fresh, then
 * fill it with working sessions and custom groups (or explain why there is nothing to pick).
 */
export async function openBulkSendModal(
  ctx: AppContext,
  { ack, command, client, respond }: Args,
): Promise<void> {
  await ack();
  if (!(await ctx.outreach.allows(client, command.user_id))) {
    await respond({ response_type: 'ephemeral', text: ctx.outreach.refusal('broadcasting') });
    return;
  }
  let opened: Awaited<ReturnType<typeof client.views.open>>;
  try {
    opened = await client.views.open({ trigger_id: command.trigger_id, view: buildBulkLoadingModal() });
  } catch (error) {
    // Most likely the 3 s trigger window passed (a slow user-group lookup, a busy app).
    ctx.logger.warn('could not open the /bulksend form', { error });
    await respond({
      response_type: 'ephemeral',
      text: "Slack didn't let me open the form in time. Try `/bulksend` again.",
    });
    return;
  }
  const viewId = opened.view?.id;
  if (!viewId) return;
  const hash = opened.view?.hash;
  // The person may have closed the modal meanwhile; then there is nothing left to fill.
  const update = (view: ModalView) =>
    client.views
      .update({ view_id: viewId, view, ...(hash ? { hash } : {}) })
      .catch((error: unknown) => ctx.logger.info('could not fill the /bulksend modal', { error }));

  const [sessions, groups] = await Promise.allSettled([
    listSessions(ctx.moltflowInteractive),
    listAllCustomGroups(ctx.moltflowInteractive),
  ]);
  if (sessions.status === 'rejected' || groups.status === 'rejected') {
    const error = sessions.status === 'rejected' ? sessions.reason : (groups as PromiseRejectedResult).reason;
    ctx.logger.info('could not load sessions or groups for /bulksend', { error });
    await update(
      buildBulkNoticeModal(
        `:warning: ${describeMoltflowError(error, 'load your sessions and contact groups')}`,
      ),
    );
    return;
  }
  const working = workingSessions(sessions.value).map((s) => ({ id: s.id, name: s.name }));
  if (working.length === 0 || groups.value.length === 0) {
    await update(buildBulkNoticeModal(working.length === 0 ? noSessionsText() : noGroupsText()));
    return;
  }
  const offered = groups.value
    .slice(0, 100)
    .map((g) => ({ id: g.id, name: g.name, memberCount: g.memberCount }));
  saveDraft(ctx.store, viewId, {
    channel: command.channel_id,
    user: command.user_id,
    sessions: working,
    groups: offered,
    choice: null,
  });
  await update(buildBulkComposeModal(working, offered));
}
