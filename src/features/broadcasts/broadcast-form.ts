// The /bulksend modal, step by step, as pure Block Kit with its ids: a "Loading…" view opened at once (the
// trigger_id lives 3 s), then the compose form with working sessions and custom groups (with member counts),
// or a view explaining why there is nothing to pick; a confirmation that says exactly what will happen
// (recipients, group, session, how long it takes at MoltFlow's spacing) and only then sends; a "Starting…"
// view while MoltFlow answers; and the outcome, started or refused with the reason in words.
// The compose submission is parsed and checked here too, so every refusal lands on its own field.
import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { z } from 'zod';
import { BULK_MESSAGE_MAX } from '../../api/bulk-send.js';
import { escapeMrkdwn, md, plain, quote, TEXT_MAX, truncate } from '../../slack/blocks.js';
import { expectedDuration } from './broadcast-messages.js';

export const BROADCAST_MODAL = {
  composeCallbackId: 'bulk_send_compose',
  loadingCallbackId: 'bulk_send_loading',
  sessionBlock: 'bulk_session',
  sessionAction: 'session',
  groupBlock: 'bulk_group',
  groupAction: 'group',
  messageBlock: 'bulk_message',
  messageAction: 'message',
  mediaBlock: 'bulk_media',
  mediaAction: 'media_url',
} as const;
const M = BROADCAST_MODAL;

export const BROADCAST_CONFIRM = {
  confirmCallbackId: 'bulk_send_confirm',
  resultCallbackId: 'bulk_send_result',
} as const;

export interface SessionChoice {
  id: string;
  name: string;
}
export interface GroupChoice {
  id: string;
  name: string;
  memberCount: number | null;
}
export type BroadcastContent = { kind: 'text'; message: string } | { kind: 'media'; mediaUrl: string };
export interface BroadcastChoice {
  sessionId: string;
  groupId: string;
  content: BroadcastContent;
}

export const EXPIRED_TEXT = 'This form has expired. Run `/bulksend` again to start a broadcast.';

const TITLE = plain('Broadcast');

function modal(callbackId: string, blocks: KnownBlock[], extra: Partial<ModalView> = {}): ModalView {
  return { type: 'modal', callback_id: callbackId, title: TITLE, close: plain('Close'), blocks, ...extra };
}

export function buildBroadcastLoadingModal(): ModalView {
  return modal(M.loadingCallbackId, [
    {
      type: 'section',
      text: md(':hourglass_flowing_sand: Loading your WhatsApp sessions and contact groups…'),
    },
  ]);
}

/** A modal with nothing to submit: no working session, no group, or MoltFlow could not be read. */
export function buildBroadcastNoticeModal(text: string): ModalView {
  return modal(M.loadingCallbackId, [{ type: 'section', text: md(text) }]);
}

const members = (n: number | null) =>
  n === null ? 'members unknown' : n === 1 ? '1 member' : `${n} members`;

function option(text: string, value: string): PlainTextOption {
  return { text: plain(text, 75), value };
}

export function buildBroadcastComposeModal(
  sessions: readonly SessionChoice[],
  groups: readonly GroupChoice[],
): ModalView {
  const sessionOptions = sessions.slice(0, 100).map((s) => option(s.name, s.id));
  const groupOptions = groups
    .slice(0, 100)
    .map((g) => option(`${truncate(g.name, 50)} (${members(g.memberCount)})`, g.id));
  const onlySession = sessionOptions.length === 1 ? { initial_option: sessionOptions[0] } : {};
  const blocks: KnownBlock[] = [
    {
      type: 'input',
      block_id: M.sessionBlock,
      label: plain('Send from'),
      hint: plain('Only WhatsApp sessions that are connected (working) can send.'),
      element: { type: 'static_select', action_id: M.sessionAction, options: sessionOptions, ...onlySession },
    },
    {
      type: 'input',
      block_id: M.groupBlock,
      label: plain('To contact group'),
      element: { type: 'static_select', action_id: M.groupAction, options: groupOptions },
    },
    {
      type: 'input',
      block_id: M.messageBlock,
      optional: true,
      label: plain('Message'),
      hint: plain(
        `Up to ${BULK_MESSAGE_MAX.toLocaleString('en-US')} characters. Or leave empty and give a media URL.`,
      ),
      element: { type: 'plain_text_input', action_id: M.messageAction, multiline: true },
    },
    {
      type: 'input',
      block_id: M.mediaBlock,
      optional: true,
      label: plain('Or a media URL'),
      hint: plain('An http(s) link to an image, video or document to send instead of a text.'),
      element: { type: 'url_text_input', action_id: M.mediaAction },
    },
  ];
  return modal(M.composeCallbackId, blocks, {
    submit: plain('Review'),
    close: plain('Cancel'),
    notify_on_close: true, // so the stored draft is dropped when the person gives up
  });
}

/** "No working session" and "no group" explanations, in words, with what to do next. */
export function noSessionsText(): string {
  return (
    ':warning: None of your WhatsApp sessions is connected right now, so nothing can be sent. ' +
    'Open MoltFlow, reconnect a session (scan the QR code), and then try `/bulksend` again.'
  );
}

export function noGroupsText(): string {
  return (
    ':busts_in_silhouette: You have no contact groups yet. A broadcast goes to a custom group: create one with ' +
    '`/groups create`, add contacts, and then try `/bulksend` again.'
  );
}

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

/**
 * The compose form's submission checked against what the form offered, so every refusal lands on its own
 * field: exactly one of a message (≤ 4,096) or an http(s) media URL, an offered session and group, and a
 * group with members. Nothing here asks MoltFlow: a submission must be answered at once.
 * Returns the chosen session, group and content, or the problems keyed by block_id.
 */
export function parseBroadcastComposeSubmission(
  values: unknown,
  offered: { sessions: readonly SessionChoice[]; groups: readonly GroupChoice[] },
): { ok: true; choice: BroadcastChoice } | { ok: false; errors: Record<string, string> } {
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
  const content: BroadcastContent = message !== '' ? { kind: 'text', message } : { kind: 'media', mediaUrl };
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

export interface ConfirmSummary {
  recipients: number | null;
  groupName: string;
  sessionName: string;
  content: BroadcastContent;
  /** Where the live progress will be posted. */
  channel: string;
}

const people = (n: number | null) =>
  n === null ? 'every member' : n === 1 ? '1 recipient' : `${n} recipients`;

export function buildBroadcastConfirmModal(s: ConfirmSummary): ModalView {
  const group = escapeMrkdwn(truncate(s.groupName, 200));
  const session = escapeMrkdwn(truncate(s.sessionName, 200));
  const duration =
    s.recipients === null
      ? 'MoltFlow waits 30 s – 2 min between recipients, so a broadcast takes a while.'
      : `Expected duration ${expectedDuration(s.recipients)} (MoltFlow waits 30 s – 2 min between recipients).`;
  const content =
    s.content.kind === 'text'
      ? `*Message*\n${quote(escapeMrkdwn(s.content.message), TEXT_MAX - 20)}`
      : `*Media*\n${truncate(escapeMrkdwn(s.content.mediaUrl), 2800)}`;
  const blocks: KnownBlock[] = [
    { type: 'section', text: md(`Send to *${people(s.recipients)}* in *${group}* from *${session}*?`) },
    { type: 'context', elements: [md(duration)] },
    { type: 'section', text: md(content) },
    {
      type: 'context',
      elements: [
        md(
          `Live progress, with Pause and Cancel, will be posted in <#${s.channel}>. Nothing is sent until you press *Send now*.`,
        ),
      ],
    },
  ];
  return {
    type: 'modal',
    callback_id: BROADCAST_CONFIRM.confirmCallbackId,
    title: TITLE,
    submit: plain('Send now'),
    close: plain('Cancel'),
    notify_on_close: true,
    blocks,
  };
}

export function buildBroadcastStartingModal(): ModalView {
  return result([{ type: 'section', text: md(':hourglass_flowing_sand: Starting the broadcast…') }]);
}

export function buildBroadcastStartedModal(s: {
  recipients: number;
  groupName: string;
  where: string;
}): ModalView {
  // Cut after escaping, so the group's name cannot push the "where to follow it" out of the section.
  const group = truncate(escapeMrkdwn(s.groupName), 200);
  const text =
    `:white_check_mark: The broadcast to *${people(s.recipients)}* in *${group}* has started. ` +
    `Follow it, pause it or cancel it from the progress message ${s.where}.`;
  return result([{ type: 'section', text: md(text) }]);
}

/** `reason` is already mrkdwn-safe (built by describeBroadcastError). */
export function buildBroadcastFailedModal(reason: string): ModalView {
  return result([{ type: 'section', text: md(`:warning: The broadcast did not start.\n${reason}`) }]);
}

function result(blocks: KnownBlock[]): ModalView {
  return {
    type: 'modal',
    callback_id: BROADCAST_CONFIRM.resultCallbackId,
    title: TITLE,
    close: plain('Done'),
    blocks,
  };
}
