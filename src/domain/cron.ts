// Cron rules for MoltFlow schedules (api §5.2): exactly five fields, and never more often than every five
// minutes. Runs are computed by node-cron's own zone-aware matcher (createTask + getNextRuns), which walks
// real calendar days in the zone, so DST gaps and repeats are handled by a well-kept library, not by us.
// createTask does not start a timer; the task is destroyed right after so it leaves node-cron's registry.
import { createTask, validateDetailed } from 'node-cron';
import { isTimeZone } from './time.js';

/** MoltFlow refuses recurrences more frequent than this (api §5.2). */
export const MIN_INTERVAL_MINUTES = 5;
/** Enough consecutive runs to meet every short gap a pattern has (`*\/3`, `0-10 * * * *`, 23:58 → 00:01). */
const GAP_SAMPLE = 50;
const FIELD_NAMES: Record<string, string> = {
  second: 'second',
  minute: 'minute',
  hour: 'hour',
  dayOfMonth: 'day of month',
  month: 'month',
  dayOfWeek: 'day of week',
};
// Numbers, names (MON, JAN), ranges, lists and steps: what every cron dialect shares.
const PORTABLE_FIELD = /^[A-Za-z0-9*/,-]+$/;

export type CronCheck = { ok: true; expression: string } | { ok: false; reason: string };

/** Checks a five-field expression; `expression` is the normalised form (single spaces) to send. */
export function validateCron(input: string): CronCheck {
  const fields = input.trim().split(/\s+/).filter(Boolean);
  if (fields.length !== 5) {
    return {
      ok: false,
      reason: `A cron expression has 5 fields (minute hour day-of-month month day-of-week), e.g. 0 9 * * MON-FRI; this one has ${fields.length}.`,
    };
  }
  if (!fields.every((f) => PORTABLE_FIELD.test(f))) {
    return { ok: false, reason: 'Use only numbers, names such as MON or JAN, and the characters * / , -' };
  }
  const expression = fields.join(' ');
  const detailed = validateDetailed(expression);
  if (!detailed.valid) {
    const first = detailed.errors[0];
    const field = FIELD_NAMES[first?.field ?? ''] ?? 'expression';
    return { ok: false, reason: `The ${field} field (${first?.value ?? '?'}) is not valid.` };
  }
  return { ok: true, expression };
}

/**
 * The next `count` runs after the current time, in `timeZone`. node-cron counts from the system clock
 * (getNextRuns has no "from"), so tests pin it with vi.setSystemTime. A pattern that runs rarely may have
 * fewer runs within node-cron's 100-year horizon; an empty list means it never runs.
 */
export function nextRuns(expression: string, timeZone: string, count: number): Date[] {
  if (!isTimeZone(timeZone)) throw new RangeError(`Unknown time zone: ${timeZone}`);
  const task = createTask(expression, () => undefined, { timezone: timeZone });
  try {
    for (const n of [count, 2, 1]) {
      if (n > count) continue;
      try {
        return task.getNextRuns(n);
      } catch {
        // "Could not find next matching date": try a shorter horizon.
      }
    }
    return [];
  } finally {
    void task.destroy();
  }
}

/**
 * The shortest gap, in minutes, between consecutive runs among the next GAP_SAMPLE; null when the pattern
 * runs fewer than twice (then no gap can be too short).
 */
export function minimumGapMinutes(expression: string, timeZone: string): number | null {
  const runs = nextRuns(expression, timeZone, GAP_SAMPLE);
  let min: number | null = null;
  for (let i = 1; i < runs.length; i++) {
    const gap = ((runs[i]?.getTime() ?? 0) - (runs[i - 1]?.getTime() ?? 0)) / 60_000;
    if (min === null || gap < min) min = gap;
  }
  return min;
}

/** Daily `M H * * *`, weekly `M H * * D[,D]` (0 = Sunday), monthly `M H DOM * *`, from the modal's pickers. */
export function buildCronExpression(
  type: 'daily' | 'weekly' | 'monthly',
  time: { hour: number; minute: number },
  days: { weekdays?: readonly number[]; dayOfMonth?: number } = {},
): string {
  const base = `${time.minute} ${time.hour}`;
  if (type === 'daily') return `${base} * * *`;
  if (type === 'weekly') {
    const weekdays = [...new Set(days.weekdays ?? [])].sort((a, b) => a - b);
    return `${base} * * ${weekdays.join(',')}`;
  }
  return `${base} ${days.dayOfMonth ?? 1} * *`;
}
