// What the schedule modal holds between steps, and how it is read back. Slack sends the typed values in
// view.state.values; the session and group choices are read from the modal's own blocks (so switching the
// type or previewing costs no MoltFlow call); the rest rides in private_metadata (well under 3,000 chars).
import { z } from 'zod';
import { SCHEDULE_TYPES, type ScheduleType } from '../../api/schedules.js';

export interface ScheduleChoice {
  value: string;
  label: string;
}
export interface ScheduleChoices {
  sessions: ScheduleChoice[];
  groups: ScheduleChoice[];
}

export interface ScheduleFormValues {
  name: string;
  sessionId: string | null;
  groupId: string | null;
  type: ScheduleType;
  /** YYYY-MM-DD and HH:mm, as Slack's pickers give them. */
  date: string | null;
  time: string | null;
  /** 0 = Sunday … 6 = Saturday (cron numbering). */
  weekdays: number[];
  dayOfMonth: number | null;
  cron: string;
  timezone: string | null;
  message: string;
  mediaUrl: string;
}

export interface ScheduleModalMeta {
  /** Where /schedule was typed, for the private confirmation. */
  channel: string | null;
  /** The person's own zone (users.info), for showing the next runs. */
  personTz: string;
  /** Fingerprint of the request last previewed; a submit that matches it saves. */
  previewed: string | null;
}

/** Block ids double as the keys of field errors; action ids are prefixed so no other feature's route matches. */
export const SCHEDULE_FIELDS = {
  name: 'name',
  session: 'session',
  group: 'group',
  type: 'type',
  date: 'date',
  time: 'time',
  weekdays: 'weekdays',
  dayOfMonth: 'day_of_month',
  cron: 'cron',
  timezone: 'timezone',
  message: 'message',
  mediaUrl: 'media_url',
} as const;
export type ScheduleField = (typeof SCHEDULE_FIELDS)[keyof typeof SCHEDULE_FIELDS];
export const actionIdOf = (field: ScheduleField): string => `schedule_${field}`;

/** Words shown above the form after a failed save; `text` is mrkdwn the caller has already escaped. */
export interface ScheduleNotice {
  text: string;
  field: ScheduleField | null;
}

export function emptyScheduleForm(timezone: string | null): ScheduleFormValues {
  return {
    name: '',
    sessionId: null,
    groupId: null,
    type: 'one_time',
    date: null,
    time: null,
    weekdays: [],
    dayOfMonth: null,
    cron: '',
    timezone,
    message: '',
    mediaUrl: '',
  };
}

const Picked = z.object({ value: z.string() }).nullish();
const StateEntry = z
  .object({
    value: z.string().nullish(),
    selected_option: Picked,
    selected_options: z.array(z.object({ value: z.string() })).nullish(),
    selected_date: z.string().nullish(),
    selected_time: z.string().nullish(),
  })
  .loose();
type Entry = z.infer<typeof StateEntry>;

/** Reads view.state.values; anything missing or malformed reads as empty, for validation to point at. */
export function parseScheduleValues(values: unknown): ScheduleFormValues {
  const state = z.record(z.string(), z.record(z.string(), z.unknown())).safeParse(values);
  const entry = (field: ScheduleField): Entry => {
    const raw = state.success ? state.data[field]?.[actionIdOf(field)] : undefined;
    const parsed = StateEntry.safeParse(raw);
    return parsed.success ? parsed.data : {};
  };
  const text = (field: ScheduleField) => entry(field).value ?? '';
  const picked = (field: ScheduleField) => entry(field).selected_option?.value ?? null;
  const type = picked(SCHEDULE_FIELDS.type);
  const day = Number(picked(SCHEDULE_FIELDS.dayOfMonth));
  return {
    name: text(SCHEDULE_FIELDS.name).trim(),
    sessionId: picked(SCHEDULE_FIELDS.session),
    groupId: picked(SCHEDULE_FIELDS.group),
    type: SCHEDULE_TYPES.find((t) => t === type) ?? 'one_time',
    date: entry(SCHEDULE_FIELDS.date).selected_date ?? null,
    time: entry(SCHEDULE_FIELDS.time).selected_time ?? null,
    weekdays: (entry(SCHEDULE_FIELDS.weekdays).selected_options ?? [])
      .map((o) => Number(o.value))
      .filter((d) => Number.isInteger(d) && d >= 0 && d <= 6),
    dayOfMonth: Number.isInteger(day) && day >= 1 && day <= 31 ? day : null,
    cron: text(SCHEDULE_FIELDS.cron).trim(),
    timezone: picked(SCHEDULE_FIELDS.timezone),
    message: text(SCHEDULE_FIELDS.message),
    mediaUrl: text(SCHEDULE_FIELDS.mediaUrl).trim(),
  };
}

const OptionList = z.array(z.object({ value: z.string(), text: z.object({ text: z.string() }) }));
const BlockWithOptions = z.object({
  block_id: z.string().optional(),
  element: z.object({ options: OptionList.optional() }).loose().optional(),
});

/** The session and group options the modal offered, read back from its blocks. */
export function parseScheduleChoices(blocks: unknown): ScheduleChoices {
  const list = Array.isArray(blocks) ? blocks : [];
  const optionsOf = (field: ScheduleField): ScheduleChoice[] => {
    for (const block of list) {
      const parsed = BlockWithOptions.safeParse(block);
      if (parsed.success && parsed.data.block_id === field) {
        return (parsed.data.element?.options ?? []).map((o) => ({ value: o.value, label: o.text.text }));
      }
    }
    return [];
  };
  return { sessions: optionsOf(SCHEDULE_FIELDS.session), groups: optionsOf(SCHEDULE_FIELDS.group) };
}

const MetaWire = z.object({ c: z.string().nullable(), u: z.string(), p: z.string().nullable() });

export function serializeScheduleMeta(meta: ScheduleModalMeta): string {
  return JSON.stringify({ c: meta.channel, u: meta.personTz, p: meta.previewed });
}

export function parseScheduleMeta(raw: string | undefined): ScheduleModalMeta {
  try {
    const m = MetaWire.parse(JSON.parse(raw ?? ''));
    return { channel: m.c, personTz: m.u, previewed: m.p };
  } catch {
    return { channel: null, personTz: 'UTC', previewed: null };
  }
}
