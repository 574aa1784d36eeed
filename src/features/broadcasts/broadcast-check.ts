// The compose form's submission checked against what the form offered, so every refusal lands on its own
// field: exactly one of a message (≤ 4,096) or an http(s) media URL, an offered session and group, and a
// group with members. Nothing here asks MoltFlow: a submission must be answered at once.
import { z } from 'zod';
import { BULK_MESSAGE_MAX } from '../../api/bulk-send.js';
import { truncate } from '../../slack/blocks.js';
import {
  type BulkChoice,
  type BulkContent,
  type GroupChoice,
  BULK_SEND_MODAL as M,
  type SessionChoice,
} from './broadcast-modal.js';

const Values = z.record(
  z.string(),
  z.record(
    z.string(),
    z
      .object({
        value: z.string().nullish(),
        selected_option: z.object({ value: z.string() }).nullish(),
      })
      .loose(),
  ),
);

/** The chosen session, group and content, or the problems keyed by block_id. */
export function parseBulkComposeSubmission(
  values: unknown,
  offered: { sessions: readonly SessionChoice[]; groups: readonly GroupChoice[] },
): { ok: true; choice: BulkChoice } | { ok: false; errors: Record<string, string> } {
  const v = Values.safeParse(values).data ?? {};
  const sessionId = v[M.sessionBlock]?.[M.sessionAction]?.selected_option?.value ?? '';
  const groupId = v[M.groupBlock]?.[M.groupAction]?.selected_option?.value ?? '';
  const message = (v[M.messageBlock]?.[M.messageAction]?.value ?? '').trim();
  const mediaUrl = (v[M.mediaBlock]?.[M.mediaAction]?.value ?? '').trim();
  const errors: Record<string, string> = {};

  if (!offered.sessions.some((s) => s.id === sessionId))
    errors[M.sessionBlock] = 'Pick a working WhatsApp session.';
  const group = offered.groups.find((g) => g.id === groupId);
  if (!group) errors[M.groupBlock] = 'Pick a contact group.';
  else if (group.memberCount === 0)
    errors[M.groupBlock] =
      `${truncate(group.name, 60)} has no members yet. Add contacts to it first, or pick another group.`;

  if (message === '' && mediaUrl === '')
    errors[M.messageBlock] = 'Type a message, or give a media URL below.';
  else if (message !== '' && mediaUrl !== '')
    errors[M.mediaBlock] = 'Send either a message or a media URL, not both. Clear one of them.';
  else if (message.length > BULK_MESSAGE_MAX)
    errors[M.messageBlock] =
      `That's ${message.length.toLocaleString('en-US')} characters; MoltFlow takes at most ${BULK_MESSAGE_MAX.toLocaleString('en-US')}.`;
  else if (mediaUrl !== '' && !isHttpUrl(mediaUrl))
    errors[M.mediaBlock] = 'Give a link that starts with http:// or https://.';

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const content: BulkContent = message !== '' ? { kind: 'text', message } : { kind: 'media', mediaUrl };
  return { ok: true, choice: { sessionId, groupId, content } };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
