import { createHash } from 'node:crypto';
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { escapeMrkdwn } from '../../slack/blocks.js';
import { replyPrivately } from '../../slack/private-reply.js';
import { describeMoltflowError } from '../../slack/refusal-text.js';
import { parseAddToGroupSubmission } from './add-to-group-parse.js';
import { buildAddToGroupResultText } from './add-to-group-result.js';
import { addLeadsToGroup } from './lead-add-to-group-run.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The Add button of the add-to-group modal. Field problems go back onto the field; otherwise the modal
 * closes at once and the outcome is told privately where the button was clicked. A double-clicked Add
 * is claimed once, so the group is never created twice.
 */
export async function handleAddToGroupSubmit(ctx: AppContext, { ack, body, view, client }: Args) {
  const choice = parseAddToGroupSubmission(view);
  if (choice === null) {
    await ack();
    return;
  }
  if (!choice.ok) {
    await ack({ response_action: 'errors', errors: choice.errors });
    return;
  }
  const target = choice.target.kind === 'existing' ? `id:${choice.target.id}` : `new:${choice.target.name}`;
  const key = `add-to-group:${view.id}:${createHash('sha256').update(target).digest('hex').slice(0, 16)}`;
  await ack();
  if (!ctx.store.idempotency.claim(key, ctx.now())) return;

  const { meta } = choice;
  const who = meta.name?.trim() || meta.phone?.trim() || '';
  let text: string;
  try {
    const outcome = await addLeadsToGroup(
      ctx.moltflowInteractive,
      [{ id: meta.leadId, phone: meta.phone, name: meta.name }],
      choice.target,
    );
    text = buildAddToGroupResultText(outcome, who);
  } catch (err) {
    ctx.store.idempotency.release(key);
    ctx.logger.info('add to group failed', { leadId: meta.leadId, error: err });
    const lead = who ? escapeMrkdwn(who) : 'the lead';
    text = describeMoltflowError(err, `add ${lead} to that group`);
  }
  await replyPrivately(client, ctx.logger, { channel: meta.channel, user: body.user.id, text });
}
