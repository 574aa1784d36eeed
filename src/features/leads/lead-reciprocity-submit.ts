import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { replyPrivately } from '../../slack/private-reply.js';
import { reciprocityAnswerText } from './lead-reciprocity.js';
import { parseReciprocitySubmission } from './reciprocity-modal.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** The session picker's Check: the modal closes at once, then the answer is told privately. */
export async function handleReciprocitySubmit(
  ctx: AppContext,
  { ack, body, view, client }: Args,
): Promise<void> {
  const submission = parseReciprocitySubmission(view);
  if (submission === null) {
    await ack();
    return;
  }
  if (!submission.ok) {
    await ack({ response_action: 'errors', errors: submission.errors });
    return;
  }
  await ack();
  const { meta, session } = submission;
  const text = await reciprocityAnswerText(ctx, meta.leadId, session, meta.who);
  await replyPrivately(client, ctx.logger, { channel: meta.channel, user: body.user.id, text });
}
