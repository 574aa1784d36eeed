// What Slack sends back after /bulksend: the compose form's "Review", the confirmation's "Send now", either
// modal closed, and Pause / Resume / Cancel on a progress message.
import type { ModalView } from '@slack/types';
import { type BulkControl, controlBulkSend, getBulkSend } from '../../api/bulk-send.js';
import { MoltflowHttpError } from '../../api/errors.js';
import type { AppContext } from '../../context.js';
import { actorOf, auditFailure, auditFrom, auditTarget } from '../../slack/audit.js';
import { escapeMrkdwn } from '../../slack/blocks.js';
import {
  type ButtonArgs,
  channelOf,
  type SubmissionArgs,
  type ViewClosedArgs,
} from '../../slack/listener-args.js';
import { describeMoltflowError } from '../../slack/refusal-text.js';
import {
  buildBroadcastConfirmModal,
  buildBroadcastNoticeModal,
  buildBroadcastStartingModal,
  EXPIRED_TEXT,
  parseBroadcastComposeSubmission,
} from './broadcast-form.js';
import type { BroadcastContext } from './broadcast-hub.js';
import { BROADCAST_PROGRESS } from './broadcast-messages.js';
import { dropDraft, loadDraft, saveDraft, startBroadcast } from './broadcast-operations.js';

/**
 * The compose form's "Review": every problem goes back on its field; a valid form becomes the confirmation
 * step (no MoltFlow call here: what the form offered, member counts included, is in the stored draft).
 */
export async function handleBroadcastComposeSubmission(
  ctx: AppContext,
  { ack, view }: SubmissionArgs,
): Promise<void> {
  const draft = await loadDraft(ctx.store, view.id);
  if (!draft) {
    await ack({ response_action: 'update', view: buildBroadcastNoticeModal(EXPIRED_TEXT) });
    return;
  }
  const parsed = parseBroadcastComposeSubmission(view.state.values, draft);
  if (!parsed.ok) {
    await ack({ response_action: 'errors', errors: parsed.errors });
    return;
  }
  const { choice } = parsed;
  await saveDraft(ctx.store, view.id, { ...draft, choice });
  const group = draft.groups.find((g) => g.id === choice.groupId);
  const session = draft.sessions.find((s) => s.id === choice.sessionId);
  await ack({
    response_action: 'update',
    view: buildBroadcastConfirmModal({
      recipients: group?.memberCount ?? null,
      groupName: group?.name ?? 'the group',
      sessionName: session?.name ?? 'the session',
      content: choice.content,
      channel: draft.channel,
    }),
  });
}

/** Closing the form or the confirmation drops what was stored for it. */
export async function handleBroadcastModalClosed(
  ctx: AppContext,
  { ack, view }: ViewClosedArgs,
): Promise<void> {
  await ack();
  await dropDraft(ctx.store, view.id);
}

/**
 * "Send now": POST /bulk-send exactly once per modal. The first submission claims the view's key; a
 * double-click or a retried request finds it taken and only shows how things stand. Then the progress
 * message is posted (in the channel, or to the person directly) and the hub starts following the job.
 */
export async function handleBroadcastConfirmSubmission(
  ctx: BroadcastContext,
  { ack, view, body, client }: SubmissionArgs,
): Promise<void> {
  const key = `bulksend:${view.id}`;
  if (!(await ctx.store.idempotency.claim(key, ctx.now()))) {
    const outcome = await ctx.store.idempotency.result<{ view: ModalView }>(key);
    await ack({ response_action: 'update', view: outcome?.view ?? buildBroadcastStartingModal() });
    return;
  }
  const draft = await loadDraft(ctx.store, view.id);
  if (!draft?.choice) {
    await ack({ response_action: 'update', view: buildBroadcastNoticeModal(EXPIRED_TEXT) });
    return;
  }
  await ack({ response_action: 'update', view: buildBroadcastStartingModal() });
  const outcome = await startBroadcast(ctx, client, draft, actorOf({ body }), view.id);
  await ctx.store.idempotency.saveResult(key, { view: outcome });
  await dropDraft(ctx.store, view.id);
  await client.views
    .update({ view_id: view.id, view: outcome })
    .catch((error: unknown) => ctx.logger.info('could not show the broadcast outcome', { error }));
}

const RESULT: Record<BulkControl, string> = { pause: 'paused', resume: 'running', cancel: 'cancelled' };
const AUDITED: Record<BulkControl, string> = {
  pause: 'broadcast.paused',
  resume: 'broadcast.resumed',
  cancel: 'broadcast.cancelled',
};
const VERB: Record<BulkControl, string> = { pause: 'pause', resume: 'resume', cancel: 'cancel' };

export function parseBroadcastControlAction(action: { action_id: string; value?: string }): {
  control: BulkControl;
  jobId: string;
} | null {
  const control = BROADCAST_PROGRESS.actionPattern.exec(action.action_id)?.[1] as BulkControl | undefined;
  if (!control || !action.value) return null;
  return { control, jobId: action.value };
}

/**
 * Pause / Resume / Cancel on a progress message (Cancel was already confirmed in Slack's dialog). MoltFlow
 * is asked; the message is redrawn to what is allowed now and the thread credits the person. A refusal
 * (e.g. the job finished meanwhile) is explained to the clicker alone and the message is redrawn to the truth.
 */
export async function handleBroadcastControlAction(
  ctx: BroadcastContext,
  { ack, body, action, client }: ButtonArgs,
): Promise<void> {
  await ack();
  const parsed = parseBroadcastControlAction(action);
  const channel = channelOf(body);
  if (!parsed || !channel) return;
  const { control, jobId } = parsed;
  const user = body.user.id;
  const tell = (text: string) => client.chat.postEphemeral({ channel, user, text });

  const followed = ctx.broadcasts.credit(jobId, { status: RESULT[control], by: user });
  const groupName = (await ctx.store.broadcasts.get(jobId))?.state.groupName;
  const target = auditTarget(jobId, typeof groupName === 'string' ? groupName : null);
  let done = false;
  try {
    const job = await controlBulkSend(ctx.moltflowInteractive, jobId, control);
    done = true;
    await auditFrom(ctx, { body }, { action: AUDITED[control], target });
    if (job) ctx.broadcasts.observe(jobId, job);
    else if (followed) ctx.broadcasts.observe(jobId, await getBulkSend(ctx.moltflowInteractive, jobId));
    if (!followed) await tell(`Done: the broadcast is ${escapeMrkdwn(job?.status ?? RESULT[control])}.`);
  } catch (error) {
    ctx.broadcasts.credit(jobId, null);
    ctx.logger.info('broadcast control refused', { jobId, control, error });
    // A re-read that fails after MoltFlow accepted the move does not make the move a failure.
    if (!done) await auditFrom(ctx, { body }, auditFailure(AUDITED[control], target, error));
    await tell(describeControlError(error, control));
    try {
      ctx.broadcasts.observe(jobId, await getBulkSend(ctx.moltflowInteractive, jobId));
    } catch (readError) {
      ctx.logger.debug('could not re-read the broadcast after a refused control', { jobId, readError });
    }
  }
}

function describeControlError(error: unknown, control: BulkControl): string {
  const doing = `${VERB[control]} this broadcast`;
  if (error instanceof MoltflowHttpError && (error.status === 400 || error.status === 409)) {
    return `MoltFlow couldn't ${doing}: ${escapeMrkdwn(error.detail)}. The message now shows where it stands.`;
  }
  return describeMoltflowError(error, doing);
}
