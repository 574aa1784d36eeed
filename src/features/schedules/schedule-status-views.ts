// The schedule modal's other faces (loading, a notice with no form, saving, saved) and the private
// confirmation posted after a save. The trigger_id of /schedule lives 3 s, so a "Loading…" modal opens at
// once and is replaced when MoltFlow and Slack have answered.
import type { KnownBlock, ModalView } from '@slack/types';
import type { ScheduleType } from '../../api/schedules.js';
import { dateToken, escapeMrkdwn, md, plain } from '../../slack/blocks.js';
import { SCHEDULE_MODAL } from './schedule-modal.js';
import { SCHEDULE_TYPE_LABELS } from './schedule-modal-when.js';

function infoModal(text: string, close = 'Close'): ModalView {
  return {
    type: 'modal',
    callback_id: `${SCHEDULE_MODAL.callbackId}_info`,
    title: plain(SCHEDULE_MODAL.title),
    close: plain(close),
    blocks: [{ type: 'section', text: md(text) }],
  };
}

export function buildScheduleLoadingModal(): ModalView {
  return infoModal(':hourglass_flowing_sand: Loading your WhatsApp sessions and custom groups…');
}

/** A modal that only explains (no sessions working, MoltFlow unreachable, …); `text` is escaped mrkdwn. */
export function buildScheduleNoticeModal(text: string): ModalView {
  return infoModal(text);
}

export function buildScheduleSavingModal(name: string): ModalView {
  return infoModal(`:hourglass_flowing_sand: Saving *${escapeMrkdwn(name)}* in MoltFlow…`);
}

export interface SavedSchedule {
  name: string;
  type: ScheduleType;
  groupLabel: string;
  nextRunAt: Date | null;
}

function savedText(s: SavedSchedule): string {
  const next = s.nextRunAt
    ? `Next run: ${dateToken(s.nextRunAt)}.`
    : 'MoltFlow did not say when it runs next.';
  return (
    `:white_check_mark: Scheduled *${escapeMrkdwn(s.name)}* ` +
    `(${SCHEDULE_TYPE_LABELS[s.type].toLowerCase()}) to ${escapeMrkdwn(s.groupLabel)}. ${next}`
  );
}

export function buildScheduleSavedModal(s: SavedSchedule): ModalView {
  return infoModal(`${savedText(s)}\nSee all schedules with \`/schedule list\`.`, 'Done');
}

/** The private note in the channel where /schedule was typed. */
export function buildScheduleConfirmation(s: SavedSchedule): { text: string; blocks: KnownBlock[] } {
  const text = savedText(s);
  return {
    text,
    blocks: [
      { type: 'section', text: md(text) },
      { type: 'context', elements: [md('Pause, resume or cancel it from `/schedule list`.')] },
    ],
  };
}
