// The /bulksend compose modal: a "Loading…" view opened at once (the trigger_id lives 3 s), then the form
// with working sessions and custom groups (with member counts), or a view explaining why there is nothing to
// pick. Submissions are parsed and checked here, so every refusal lands on its own field.
import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { BULK_MESSAGE_MAX } from '../../api/bulk-send.js';
import { md, plain, truncate } from '../../slack/blocks.js';

export const BULK_SEND_MODAL = {
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
const M = BULK_SEND_MODAL;

export interface SessionChoice {
  id: string;
  name: string;
}
export interface GroupChoice {
  id: string;
  name: string;
  memberCount: number | null;
}
export type BulkContent = { kind: 'text'; message: string } | { kind: 'media'; mediaUrl: string };
export interface BulkChoice {
  sessionId: string;
  groupId: string;
  content: BulkContent;
}

const TITLE = plain('Broadcast');

function modal(callbackId: string, blocks: KnownBlock[], extra: Partial<ModalView> = {}): ModalView {
  return { type: 'modal', callback_id: callbackId, title: TITLE, close: plain('Close'), blocks, ...extra };
}

export function buildBulkLoadingModal(): ModalView {
  return modal(M.loadingCallbackId, [
    {
      type: 'section',
      text: md(':hourglass_flowing_sand: Loading your WhatsApp sessions and contact groups…'),
    },
  ]);
}

/** A modal with nothing to submit: no working session, no group, or MoltFlow could not be read. */
export function buildBulkNoticeModal(text: string): ModalView {
  return modal(M.loadingCallbackId, [{ type: 'section', text: md(text) }]);
}

const members = (n: number | null) =>
  n === null ? 'members unknown' : n === 1 ? '1 member' : `${n} members`;

function option(text: string, value: string): PlainTextOption {
  return { text: plain(text, 75), value };
}

export function buildBulkComposeModal(
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
