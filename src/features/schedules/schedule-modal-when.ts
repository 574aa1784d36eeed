// The "when" inputs of the schedule modal, which change with the schedule type: a date and a time for one
// time; a time for daily; a time and weekdays for weekly; a time and a day of the month for monthly; a cron
// expression for custom. Block ids stay the same across types so Slack keeps what was already typed.
import type { InputBlock, KnownBlock, PlainTextOption } from '@slack/types';
import type { ScheduleType } from '../../api/schedules.js';
import { plain } from '../../slack/blocks.js';
import { actionIdOf, SCHEDULE_FIELDS as F, type ScheduleFormValues } from './schedule-form.js';

export const SCHEDULE_TYPE_LABELS: Record<ScheduleType, string> = {
  one_time: 'One time',
  daily: 'Daily',
  weekly: 'Weekly',
  monthly: 'Monthly',
  cron: 'Custom (cron)',
};

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const DEFAULT_TIME = '09:00';

const option = (label: string, value: string): PlainTextOption => ({ text: plain(label, 75), value });
const typeOption = (t: ScheduleType) => option(SCHEDULE_TYPE_LABELS[t], t);
const weekdayOption = (d: number) => option(WEEKDAYS[d] ?? String(d), String(d));
const dayOption = (d: number) => option(String(d), String(d));

/** The type picker: changing it dispatches an action right away, so the modal can show the right inputs. */
export function buildTypeInput(type: ScheduleType): InputBlock {
  return {
    type: 'input',
    block_id: F.type,
    dispatch_action: true,
    label: plain('How often'),
    element: {
      type: 'radio_buttons',
      action_id: actionIdOf(F.type),
      options: (Object.keys(SCHEDULE_TYPE_LABELS) as ScheduleType[]).map(typeOption),
      initial_option: typeOption(type),
    },
  };
}

/** `today` is the date in the schedule's zone, the date picker's default. */
export function buildWhenInputs(v: ScheduleFormValues, today: string): KnownBlock[] {
  const time: InputBlock = {
    type: 'input',
    block_id: F.time,
    label: plain(v.type === 'one_time' ? 'Time' : 'At'),
    element: {
      type: 'timepicker',
      action_id: actionIdOf(F.time),
      initial_time: v.time ?? DEFAULT_TIME,
    },
    hint: plain('On the clock in the time zone below.'),
  };
  switch (v.type) {
    case 'one_time':
      return [
        {
          type: 'input',
          block_id: F.date,
          label: plain('Date'),
          element: { type: 'datepicker', action_id: actionIdOf(F.date), initial_date: v.date ?? today },
        },
        time,
      ];
    case 'daily':
      return [time];
    case 'weekly': {
      const picked = v.weekdays.filter((d) => d >= 0 && d <= 6);
      return [
        time,
        {
          type: 'input',
          block_id: F.weekdays,
          label: plain('On'),
          element: {
            type: 'checkboxes',
            action_id: actionIdOf(F.weekdays),
            options: [1, 2, 3, 4, 5, 6, 0].map(weekdayOption),
            ...(picked.length > 0 ? { initial_options: picked.map(weekdayOption) } : {}),
          },
        },
      ];
    }
    case 'monthly':
      return [
        time,
        {
          type: 'input',
          block_id: F.dayOfMonth,
          label: plain('On day'),
          element: {
            type: 'static_select',
            action_id: actionIdOf(F.dayOfMonth),
            placeholder: plain('Day of the month'),
            options: Array.from({ length: 31 }, (_, i) => dayOption(i + 1)),
            ...(v.dayOfMonth ? { initial_option: dayOption(v.dayOfMonth) } : {}),
          },
          hint: plain('Months without this day (e.g. the 31st in April) are skipped.'),
        },
      ];
    case 'cron':
      return [
        {
          type: 'input',
          block_id: F.cron,
          label: plain('Cron expression'),
          element: {
            type: 'plain_text_input',
            action_id: actionIdOf(F.cron),
            placeholder: plain('0 9 * * MON-FRI'),
            ...(v.cron ? { initial_value: v.cron } : {}),
          },
          hint: plain(
            'Five fields: minute, hour, day of month, month, day of week. At most one run every 5 minutes.',
          ),
        },
      ];
  }
}
