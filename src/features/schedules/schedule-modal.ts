// The /schedule modal: name, session (working ones), custom group, how often, when, time zone, message or
// media URL. The first submit previews the next runs (submit turns into "Save schedule"); a submit whose
// request matches the preview saves it. After a failed save the same form comes back with a notice on the
// field MoltFlow objected to, everything still filled in. The inputs that change with the schedule type are
// in schedule-modal-when.ts.
import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { ScheduleType } from '../../api/schedules.js';
import type { WhatsappSession } from '../../api/sessions.js';
import { dateInZone, formatInZone, isTimeZone, timeZoneLabel } from '../../domain/time.js';
import { dateToken, escapeMrkdwn, md, plain, truncate } from '../../slack/blocks.js';
import {
  actionIdOf,
  SCHEDULE_FIELDS as F,
  type ScheduleChoice,
  type ScheduleChoices,
  type ScheduleField,
  type ScheduleFormValues,
  type ScheduleModalMeta,
  type ScheduleNotice,
  serializeScheduleMeta,
} from './schedule-form.js';
import { buildTypeInput, buildWhenInputs, SCHEDULE_TYPE_LABELS } from './schedule-modal-when.js';

export const SCHEDULE_MODAL = {
  callbackId: 'schedule_modal',
  typeActionId: 'schedule_type',
  timezoneActionId: 'schedule_timezone',
  title: 'Schedule a message',
} as const;

export interface ScheduleModalInput {
  choices: ScheduleChoices;
  values: ScheduleFormValues;
  meta: ScheduleModalMeta;
  now: Date;
  /** The next runs, once the form has been checked: shown, and the submit button saves. */
  preview?: Date[] | null;
  notice?: ScheduleNotice | null;
}

const option = (c: ScheduleChoice): PlainTextOption => ({ text: plain(c.label, 75), value: c.value });

/**
 * A select holds at most 100 options, and its initial option must be one of them: a pick beyond the first
 * 100 takes the last place.
 */
function select(field: ScheduleField, label: string, all: ScheduleChoice[], picked: string | null) {
  const initial = all.find((c) => c.value === picked);
  const first = all.slice(0, 100);
  const choices = initial && !first.includes(initial) ? [...all.slice(0, 99), initial] : first;
  const block: InputBlock = {
    type: 'input',
    block_id: field,
    label: plain(label),
    element: {
      type: 'static_select',
      action_id: actionIdOf(field),
      placeholder: plain(`Choose a ${label.toLowerCase()}`),
      options: choices.map(option),
      ...(initial ? { initial_option: option(initial) } : {}),
    },
  };
  return block;
}

function textInput(field: ScheduleField, label: string, value: string, extra: object = {}): InputBlock {
  return {
    type: 'input',
    block_id: field,
    label: plain(label),
    element: {
      type: 'plain_text_input',
      action_id: actionIdOf(field),
      ...(value !== '' ? { initial_value: value } : {}),
      ...extra,
    },
  };
}

export function buildScheduleModal(input: ScheduleModalInput): ModalView {
  const { choices, values: v, meta, now, preview, notice } = input;
  const tz = v.timezone && isTimeZone(v.timezone) ? v.timezone : null;
  const inputs: KnownBlock[] = [
    textInput(F.name, 'Name', v.name, { max_length: 255, placeholder: plain('e.g. Weekly offers') }),
    select(F.session, 'WhatsApp session', choices.sessions, v.sessionId),
    select(F.group, 'Custom group', choices.groups, v.groupId),
    buildTypeInput(v.type),
    ...buildWhenInputs(v, dateInZone(now, tz ?? meta.personTz)),
    {
      type: 'input',
      block_id: F.timezone,
      label: plain('Time zone'),
      element: {
        type: 'external_select',
        action_id: actionIdOf(F.timezone),
        placeholder: plain('Search for a city or region'),
        min_query_length: 2,
        ...(tz ? { initial_option: { text: plain(timeZoneLabel(tz, now), 75), value: tz } } : {}),
      },
    },
    {
      ...textInput(F.message, 'Message', v.message, { multiline: true }),
      optional: true,
      hint: plain('Up to 4,096 characters. With a media URL, it goes along as the caption.'),
    },
    {
      type: 'input',
      block_id: F.mediaUrl,
      optional: true,
      label: plain('Media URL'),
      element: {
        type: 'url_text_input',
        action_id: actionIdOf(F.mediaUrl),
        // Slack refuses a url_text_input whose initial value is not a URL (a half-typed one, say).
        ...(/^https?:\/\/\S+$/.test(v.mediaUrl) ? { initial_value: v.mediaUrl } : {}),
      },
      hint: plain('A public http(s) link to an image, video or document (optional).'),
    },
  ];

  const blocks: KnownBlock[] = [];
  if (notice) blocks.push({ type: 'section', block_id: 'notice', text: md(`:warning: ${notice.text}`) });
  for (const block of inputs) {
    blocks.push(block);
    if (notice?.field && 'block_id' in block && block.block_id === notice.field) {
      blocks.push({
        type: 'context',
        block_id: `notice_${notice.field}`,
        elements: [md(':arrow_up: MoltFlow objected to this field.')],
      });
    }
  }
  if (preview && preview.length > 0) blocks.push(...buildPreview(preview, meta.personTz, tz));

  return {
    type: 'modal',
    callback_id: SCHEDULE_MODAL.callbackId,
    title: plain(SCHEDULE_MODAL.title),
    submit: plain(preview && preview.length > 0 ? 'Save schedule' : 'Preview'),
    close: plain('Cancel'),
    private_metadata: serializeScheduleMeta(meta),
    blocks,
  };
}

/**
 * The preview under the form: the next runs as read on the person's own clock (users.info zone), with the
 * schedule zone's clock beside each when the two differ, so "09:00 in New York" is not misread.
 */
function buildPreview(runs: Date[], personTz: string, scheduleTz: string | null): KnownBlock[] {
  const line = (run: Date) => {
    const there = scheduleTz && scheduleTz !== personTz ? ` (${formatInZone(run, scheduleTz)})` : '';
    return `• ${formatInZone(run, personTz)}${there}`;
  };
  const heading = runs.length === 1 ? '*Sends once*' : `*Next ${runs.length} runs*`;
  return [
    { type: 'divider' },
    {
      type: 'section',
      block_id: 'preview',
      text: md(`${heading}, in your time zone (${escapeMrkdwn(personTz)}):\n${runs.map(line).join('\n')}`),
    },
    {
      type: 'context',
      block_id: 'preview_hint',
      elements: [
        md('Press *Save schedule* to save it. Change anything and you will see a new preview first.'),
      ],
    },
  ];
}

// The schedule modal's other faces (loading, a notice with no form, saving, saved) and the private
// confirmation posted after a save. The trigger_id of /schedule lives 3 s, so a "Loading…" modal opens at
// once and is replaced when MoltFlow and Slack have answered.

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

const SESSIONS_NAMED = 10;

/** Why the form cannot open: no session works. Names the first few sessions, so the advice is never cut off. */
export function buildNoWorkingSessionText(
  sessions: readonly Pick<WhatsappSession, 'name' | 'status'>[],
): string {
  const listed = sessions
    .slice(0, SESSIONS_NAMED)
    .map((s) => `${truncate(escapeMrkdwn(s.name), 80)} (${truncate(escapeMrkdwn(s.status), 40)})`);
  const more = sessions.length > SESSIONS_NAMED ? ` and ${sessions.length - SESSIONS_NAMED} more` : '';
  return (
    'No WhatsApp session is *working* right now, so nothing could send a scheduled message. ' +
    'Connect or restart one in MoltFlow, then run `/schedule` again.' +
    (listed.length > 0 ? `\nYour sessions: ${listed.join(', ')}${more}.` : '')
  );
}

/** A name or group in a sentence: cut after escaping, so what the sentence says next is never cut off. */
const named = (raw: string) => truncate(escapeMrkdwn(raw), 200);

export function buildScheduleSavingModal(name: string): ModalView {
  return infoModal(`:hourglass_flowing_sand: Saving *${named(name)}* in MoltFlow…`);
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
    `:white_check_mark: Scheduled *${named(s.name)}* ` +
    `(${SCHEDULE_TYPE_LABELS[s.type].toLowerCase()}) to ${named(s.groupLabel)}. ${next}`
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
