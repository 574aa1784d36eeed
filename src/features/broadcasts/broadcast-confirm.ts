import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { type BulkJob, createBulkSend } from '../../api/bulk-send.js';
import { escapeMrkdwn } from '../../slack/blocks.js';
import { EXPIRED_TEXT } from './broadcast-compose.js';
import {
  buildBulkFailedModal,
  buildBulkStartedModal,
  buildBulkStartingModal,
} from './broadcast-confirm-view.js';
import { type BulkSendDraft, dropDraft, loadDraft } from './broadcast-draft.js';
import { describeBulkSendError } from './broadcast-errors.js';
import { buildBulkNoticeModal } from './broadcast-modal.js';
import { postProgressMessage } from './broadcast-post.js';
import type { BroadcastContext } from './progress-hub.js';
import { initialState } from './progress-state.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * "Send now": POST /bulk-send exactly once per modal. The first submission claims the view's key; a
 * double-click or a retried request finds it taken and only shows how things stand. Then the progress
 * message is posted (in the channel, or to the person directly) and the hub starts following the job.
 */
export async function handleBulkConfirmSubmission(
  ctx: BroadcastContext,
  { ack, view, body, client }: Args,
): Promise<void> {
  const key = `bulksend:${view.id}`;
  if (!ctx.store.idempotency.claim(key, ctx.now())) {
    const outcome = ctx.store.idempotency.result<{ view: ModalView }>(key);
    await ack({ response_action: 'update', view: outcome?.view ?? buildBulkStartingModal() });
    return;
  }
  const draft = loadDraft(ctx.store, view.id);
  if (!draft?.choice) {
    await ack({ response_action: 'update', view: buildBulkNoticeModal(EXPIRED_TEXT) });
    return;
  }
  await ack({ response_action: 'update', view: buildBulkStartingModal() });
  const outcome = await startBroadcast(ctx, client, draft, body.user.id);
  ctx.store.idempotency.saveResult(key, { view: outcome });
  dropDraft(ctx.store, view.id);
  await client.views
    .update({ view_id: view.id, view: outcome })
    .catch((error: unknown) => ctx.logger.info('could not show the broadcast outcome', { error }));
}

async function startBroadcast(
  ctx: BroadcastContext,
  client: Args['client'],
  draft: BulkSendDraft,
  userId: string,
): Promise<ModalView> {
  const choice = draft.choice;
  if (!choice) return buildBulkNoticeModal(EXPIRED_TEXT);
  const names = {
    groupName: draft.groups.find((g) => g.id === choice.groupId)?.name ?? 'the group',
    sessionName: draft.sessions.find((s) => s.id === choice.sessionId)?.name ?? 'the session',
  };
  let job: BulkJob;
  try {
    job = await createBulkSend(ctx.moltflowInteractive, {
      sessionId: choice.sessionId,
      customGroupId: choice.groupId,
      ...choice.content,
    });
  } catch (error) {
    ctx.logger.info('MoltFlow refused a broadcast', { error, user: userId });
    return buildBulkFailedModal(describeBulkSendError(error, names));
  }
  ctx.logger.info('broadcast started', { jobId: job.id, user: userId, recipients: job.totalRecipients });
  const state = initialState(job, names, userId, ctx.now());
  try {
    const posted = await postProgressMessage(client, { channel: draft.channel, user: userId }, state);
    ctx.bulk.follow({ channel: posted.channel, ts: posted.ts }, posted.state);
    const where = posted.direct
      ? 'I sent you directly (I cannot post where you typed `/bulksend`)'
      : `in <#${posted.channel}>`;
    return buildBulkStartedModal({ recipients: job.totalRecipients, groupName: names.groupName, where });
  } catch (error) {
    ctx.logger.warn('broadcast started but its progress message could not be posted', {
      error,
      jobId: job.id,
    });
    return buildBulkNoticeModal(
      `:warning: The broadcast has started, but I couldn't post its progress message. ` +
        `Follow it with \`/bulksend status ${escapeMrkdwn(job.id)}\`.`,
    );
  }
}
