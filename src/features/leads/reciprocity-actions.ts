// The Reciprocity button ("has this contact written to us first?", WhatsApp's anti-spam rule) and the
// session picker's Check: which WhatsApp number to ask about, MoltFlow's answer, and the private reply.
import { getReciprocity } from '../../api/leads.js';
import { listSessions, type WhatsappSession, workingSessions } from '../../api/sessions.js';
import type { AppContext } from '../../context.js';
import { isResourceId } from '../../domain/ids.js';
import { type ButtonArgs, channelOf, type SubmissionArgs } from '../../slack/listener-args.js';
import { replyPrivately } from '../../slack/private-reply.js';
import { describeMoltflowError } from '../../slack/refusal-text.js';
import { buildReciprocityAnswer, NO_WORKING_SESSION_TEXT } from './leads-messages.js';
import { buildReciprocityModal, parseReciprocitySubmission } from './reciprocity-form.js';

export type SessionChoice =
  | { kind: 'one'; session: { id: string; name: string | null } }
  | { kind: 'several'; sessions: WhatsappSession[] }
  | { kind: 'none' };

/** DEFAULT_SESSION_ID when set (no request), else the working sessions: one is used, several are offered. */
export async function chooseSession(ctx: AppContext): Promise<SessionChoice> {
  const configured = ctx.config.outreach.defaultSessionId;
  if (configured) return { kind: 'one', session: { id: configured, name: null } };
  const working = workingSessions(await listSessions(ctx.moltflowInteractive));
  const [only] = working;
  if (working.length === 1 && only) return { kind: 'one', session: { id: only.id, name: only.name } };
  return working.length === 0 ? { kind: 'none' } : { kind: 'several', sessions: working };
}

/** Asks MoltFlow and words the answer (or the failure) for the person who asked. */
export async function reciprocityAnswerText(
  ctx: AppContext,
  leadId: string,
  session: { id: string; name: string | null },
  who: string | null,
): Promise<string> {
  try {
    const result = await getReciprocity(ctx.moltflowInteractive, leadId, session.id);
    return buildReciprocityAnswer({ who, session: session.name, result });
  } catch (err) {
    ctx.logger.info('reciprocity check failed', { leadId, error: err });
    return describeMoltflowError(err, 'check whether this contact messaged you first');
  }
}

/**
 * The Reciprocity button on a card or a `/leads show` detail: answered privately (ephemeral on the card's
 * channel; through the response_url for a detail, which is itself ephemeral). With several working
 * sessions and no default, a small modal asks which number to check.
 */
export async function handleLeadReciprocityAction(
  ctx: AppContext,
  { ack, body, action, client, respond }: ButtonArgs,
): Promise<void> {
  await ack();
  const leadId = action.value ?? '';
  if (!isResourceId(leadId)) return;
  const user = body.user.id;
  const channel = channelOf(body) ?? null;
  const answer = async (text: string) => {
    if (body.container?.is_ephemeral === true)
      await respond({ replace_original: false, response_type: 'ephemeral', text });
    else await replyPrivately(client, ctx.logger, { channel, user, text });
  };
  const record = await ctx.store.getLeadRecord(leadId);
  const who = record?.lead ? record.lead.name?.trim() || record.lead.phone : null;

  let choice: SessionChoice;
  try {
    choice = await chooseSession(ctx);
  } catch (err) {
    await answer(describeMoltflowError(err, 'find your WhatsApp sessions'));
    return;
  }
  if (choice.kind === 'none') return answer(NO_WORKING_SESSION_TEXT);
  if (choice.kind === 'one') return answer(await reciprocityAnswerText(ctx, leadId, choice.session, who));
  try {
    const view = buildReciprocityModal({ leadId, channel, who }, choice.sessions);
    await client.views.open({ trigger_id: body.trigger_id, view });
  } catch (err) {
    // The trigger lives 3 s; a slow session list can outlive it.
    ctx.logger.warn('could not open the session picker', { error: err });
    await answer(
      'I couldn’t open the WhatsApp number picker in time. Click *Reciprocity* again, or set DEFAULT_SESSION_ID so no picker is needed.',
    );
  }
}

/** The session picker's Check: the modal closes at once, then the answer is told privately. */
export async function handleReciprocitySubmit(
  ctx: AppContext,
  { ack, body, view, client }: SubmissionArgs,
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
