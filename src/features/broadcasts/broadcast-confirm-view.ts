// The steps after the compose form: a confirmation that says exactly what will happen (recipients, group,
// session, how long it takes at MoltFlow's spacing) and only then sends; a "Starting…" view while MoltFlow
// answers; and the outcome, started or refused with the reason in words.
import type { KnownBlock, ModalView } from '@slack/types';
import { escapeMrkdwn, md, plain, quote, truncate } from '../../slack/blocks.js';
import { expectedDuration } from './broadcast-duration.js';
import type { BulkContent } from './broadcast-modal.js';

export const BULK_SEND_CONFIRM = {
  confirmCallbackId: 'bulk_send_confirm',
  resultCallbackId: 'bulk_send_result',
} as const;

const TITLE = plain('Broadcast');

export interface ConfirmSummary {
  recipients: number | null;
  groupName: string;
  sessionName: string;
  content: BulkContent;
  /** Where the live progress will be posted. */
  channel: string;
}

const people = (n: number | null) =>
  n === null ? 'every member' : n === 1 ? '1 recipient' : `${n} recipients`;

export function buildBulkConfirmModal(s: ConfirmSummary): ModalView {
  const group = escapeMrkdwn(truncate(s.groupName, 200));
  const session = escapeMrkdwn(truncate(s.sessionName, 200));
  const duration =
    s.recipients === null
      ? 'MoltFlow waits 30 s – 2 min between recipients, so a broadcast takes a while.'
      : `Expected duration ${expectedDuration(s.recipients)} (MoltFlow waits 30 s – 2 min between recipients).`;
  const content =
    s.content.kind === 'text'
      ? `*Message*\n${quote(truncate(escapeMrkdwn(s.content.message), 2800))}`
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
    callback_id: BULK_SEND_CONFIRM.confirmCallbackId,
    title: TITLE,
    submit: plain('Send now'),
    close: plain('Cancel'),
    notify_on_close: true,
    blocks,
  };
}

export function buildBulkStartingModal(): ModalView {
  return result([{ type: 'section', text: md(':hourglass_flowing_sand: Starting the broadcast…') }]);
}

export function buildBulkStartedModal(s: {
  recipients: number;
  groupName: string;
  where: string;
}): ModalView {
  const text =
    `:white_check_mark: The broadcast to *${people(s.recipients)}* in *${escapeMrkdwn(s.groupName)}* has started. ` +
    `Follow it, pause it or cancel it from the progress message ${s.where}.`;
  return result([{ type: 'section', text: md(text) }]);
}

/** `reason` is already mrkdwn-safe (built by describeBulkSendError). */
export function buildBulkFailedModal(reason: string): ModalView {
  return result([{ type: 'section', text: md(`:warning: The broadcast did not start.\n${reason}`) }]);
}

function result(blocks: KnownBlock[]): ModalView {
  return {
    type: 'modal',
    callback_id: BULK_SEND_CONFIRM.resultCallbackId,
    title: TITLE,
    close: plain('Done'),
    blocks,
  };
}
