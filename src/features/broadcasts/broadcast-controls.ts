import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { type BulkControl, controlBulkSend, getBulkSend } from '../../api/bulk-send.js';
import { MoltflowHttpError } from '../../api/errors.js';
import { escapeMrkdwn } from '../../slack/blocks.js';
import { describeMoltflowError } from '../../slack/refusal-text.js';
import type { BroadcastContext } from './progress-hub.js';
import { BULK_PROGRESS } from './progress-message.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

const RESULT: Record<BulkControl, string> = { pause: 'paused', resume: 'running', cancel: 'cancelled' };
const VERB: Record<BulkControl, string> = { pause: 'pause', resume: 'resume', cancel: 'cancel' };

export function parseBulkControlAction(action: { action_id: string; value?: string }): {
  control: BulkControl;
  jobId: string;
} | null {
  const control = BULK_PROGRESS.actionPattern.exec(action.action_id)?.[1] as BulkControl | undefined;
  if (!control || !action.value) return null;
  return { control, jobId: action.value };
}

/**
 * Pause / Resume / Cancel on a progress message (Cancel was already confirmed in Slack's dialog). MoltFlow
 * is asked; the message is redrawn to what is allowed now and the thread credits the person. A refusal
 * (e.g. the job finished meanwhile) is explained to the clicker alone and the message is redrawn to the truth.
 */
export async function handleBulkControlAction(
  ctx: BroadcastContext,
  { ack, body, action, client }: Args,
): Promise<void> {
  await ack();
  const parsed = parseBulkControlAction(action);
  const channel = body.channel?.id ?? body.container?.channel_id;
  if (!parsed || !channel) return;
  const { control, jobId } = parsed;
  const user = body.user.id;
  const tell = (text: string) => client.chat.postEphemeral({ channel, user, text });

  if (!(await ctx.outreach.allows(client, user))) {
    await tell(ctx.outreach.refusal('pausing, resuming or cancelling broadcasts'));
    return;
  }
  const followed = ctx.bulk.credit(jobId, { status: RESULT[control], by: user });
  try {
    const job = await controlBulkSend(ctx.moltflowInteractive, jobId, control);
    if (job) ctx.bulk.observe(jobId, job);
    else if (followed) ctx.bulk.observe(jobId, await getBulkSend(ctx.moltflowInteractive, jobId));
    if (!followed) await tell(`Done: the broadcast is ${escapeMrkdwn(job?.status ?? RESULT[control])}.`);
  } catch (error) {
    ctx.bulk.credit(jobId, null);
    ctx.logger.info('broadcast control refused', { jobId, control, error });
    await tell(describeControlError(error, control));
    try {
      ctx.bulk.observe(jobId, await getBulkSend(ctx.moltflowInteractive, jobId));
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
