// Why MoltFlow refused a broadcast, in words a person can act on: the plan it needs, a session that is not
// connected, a group that is gone, what a 422 objected to, when to retry after a 429. A POST that got no
// answer may still have started, so that case points at `/bulksend list` instead of "try again".
import { MoltflowConnectionError, MoltflowHttpError, MoltflowRateLimitError } from '../../api/errors.js';
import { escapeMrkdwn } from '../../slack/blocks.js';
import { describeMoltflowError } from '../../slack/refusal-text.js';

export interface BulkErrorContext {
  groupName: string;
  sessionName: string;
}

const PLAN_NAMES = /\b(free|starter|pro|business)\b/i;

export function describeBulkSendError(err: unknown, ctx: BulkErrorContext): string {
  const group = `*${escapeMrkdwn(ctx.groupName)}*`;
  const session = `*${escapeMrkdwn(ctx.sessionName)}*`;
  if (err instanceof MoltflowRateLimitError) return describeMoltflowError(err, 'start the broadcast');
  if (err instanceof MoltflowConnectionError) {
    return (
      "MoltFlow didn't answer in time, so I can't tell whether the broadcast started. " +
      'Check `/bulksend list` before trying again, so nobody gets the message twice.'
    );
  }
  if (!(err instanceof MoltflowHttpError)) return describeMoltflowError(err, 'start the broadcast');
  const said = escapeMrkdwn(err.detail);
  const detail = err.detail.toLowerCase();
  if (err.status === 403) {
    if (err.requiredScopes.length > 0) return describeMoltflowError(err, 'start the broadcast');
    if (/quota|messages? left|limit/.test(detail) && !/plan/.test(detail)) {
      return `MoltFlow refused: ${said}. Your plan's monthly messages would not cover every member of ${group}; pick a smaller group or upgrade the plan.`;
    }
    const plan = PLAN_NAMES.test(err.detail) ? '' : ' Broadcasts need the Starter plan or higher.';
    return `MoltFlow refused: ${said}.${plan} Upgrade the MoltFlow plan to send broadcasts.`;
  }
  if (/session/.test(detail)) {
    return `The WhatsApp session ${session} can't send right now (MoltFlow said: ${said}). Reconnect it in MoltFlow, or run \`/bulksend\` again and pick a working session.`;
  }
  if (/group/.test(detail) || err.status === 404) {
    return `MoltFlow couldn't find the contact group ${group} (it said: ${said}). It may have been deleted; check \`/groups\` and run \`/bulksend\` again.`;
  }
  if (err.status === 400 || err.status === 422) {
    return `MoltFlow didn't accept the broadcast: ${said}. Fix that and run \`/bulksend\` again.`;
  }
  return describeMoltflowError(err, 'start the broadcast');
}
