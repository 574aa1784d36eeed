// The private answer to the Reciprocity button. WhatsApp bans numbers that cold-message people, and MoltFlow
// enforces "they wrote first" on outbound messages, so the answer says plainly whether writing is safe.
import type { Reciprocity } from '../../api/leads.js';
import { dateToken, escapeMrkdwn, truncate } from '../../slack/blocks.js';

export interface ReciprocityAnswerInput {
  /** The contact's name or phone, as MoltFlow has it (unescaped); null when unknown. */
  who: string | null;
  /** The WhatsApp session's name (unescaped); null for DEFAULT_SESSION_ID, whose name is not looked up. */
  session: string | null;
  result: Reciprocity;
}

export function buildReciprocityAnswer({ who, session, result }: ReciprocityAnswerInput): string {
  const name = who?.trim()
    ? `*${truncate(escapeMrkdwn(who.replace(/\s+/g, ' ').trim()), 150)}*`
    : 'This contact';
  const on = session?.trim() ? ` on *${truncate(escapeMrkdwn(session.trim()), 80)}*` : '';
  if (result.hasMessagedFirst) {
    const when = result.lastInboundAt ? ` (last message ${dateToken(result.lastInboundAt)})` : '';
    return `:white_check_mark: ${name} messaged you first${on}${when}, so you can write back.`;
  }
  return (
    `:warning: ${name} has not messaged you first${on}, so a cold message risks a WhatsApp ban. ` +
    'Wait until they write to you, or reach them another way.'
  );
}

export const NO_WORKING_SESSION_TEXT =
  'No WhatsApp session is connected (working) in MoltFlow, so I can’t check whether this contact wrote first. ' +
  'Reconnect your number in MoltFlow, or set DEFAULT_SESSION_ID.';
