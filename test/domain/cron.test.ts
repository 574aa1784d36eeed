import { getTasks } from 'node-cron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  buildCronExpression,
  MIN_INTERVAL_MINUTES,
  minimumGapMinutes,
  nextRuns,
  validateCron,
} from '../../src/domain/cron.js';

const NY = 'America/New_York';
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe('validateCron', () => {
  it.each([['0 9 * * MON-FRI'], ['*/5 * * * *'], ['0 9 1 * *'], ['30 14 * * 1,3,5'], ['  0   9 * *   *  ']])(
    'accepts %j',
    (expr) => {
      const check = validateCron(expr);
      expect(check.ok).toBe(true);
      if (check.ok) expect(check.expression).not.toMatch(/\s{2}|^\s|\s$/);
    },
  );

  it.each([
    ['* * * * * *', /5 fields.*has 6/],
    ['0 9 * *', /has 4/],
    ['@daily', /has 1/],
    ['0 25 * * *', /hour field \(25\)/],
    ['0 9 * * FOO', /day of week field \(FOO\)/],
    ['0 9 31 2 *', /day of month/],
    ['0 9 ? * *', /Use only numbers/],
    ['', /has 0/],
  ])('refuses %j with a reason', (expr, reason) => {
    const check = validateCron(expr);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toMatch(reason);
  });
});

describe('runs and gaps, counted from a pinned clock', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('computes runs in the given zone, not the server zone', () => {
    vi.setSystemTime(new Date('2026-01-10T12:00:00Z'));
    expect(iso(nextRuns('0 9 * * *', 'Europe/Berlin', 2))).toEqual([
      '2026-01-11T08:00:00.000Z',
      '2026-01-12T08:00:00.000Z',
    ]);
    expect(iso(nextRuns('0 9 * * *', 'Asia/Kolkata', 1))).toEqual(['2026-01-11T03:30:00.000Z']);
  });

  it('keeps 09:00 on the clock across the spring-forward change (a 23-hour day)', () => {
    vi.setSystemTime(new Date('2026-03-07T12:00:00Z'));
    expect(iso(nextRuns('0 9 * * *', NY, 3))).toEqual([
      '2026-03-07T14:00:00.000Z', // 09:00 EST
      '2026-03-08T13:00:00.000Z', // 09:00 EDT
      '2026-03-09T13:00:00.000Z',
    ]);
  });

  it('skips a daily 02:30 on spring-forward day, when that time never happens', () => {
    vi.setSystemTime(new Date('2026-03-07T12:00:00Z'));
    expect(iso(nextRuns('30 2 * * *', NY, 2))).toEqual([
      '2026-03-09T06:30:00.000Z', // 02:30 EDT on the 9th; the 8th jumps from 01:59 to 03:00
      '2026-03-10T06:30:00.000Z',
    ]);
  });

  it('runs a daily 01:30 once on fall-back day, although 01:30 happens twice', () => {
    vi.setSystemTime(new Date('2026-10-31T12:00:00Z'));
    expect(iso(nextRuns('30 1 * * *', NY, 2))).toEqual([
      '2026-11-01T05:30:00.000Z', // the first 01:30, still on EDT (the same choice date-fns-tz makes)
      '2026-11-02T06:30:00.000Z', // 01:30 EST
    ]);
  });

  it.each([
    ['*/3 * * * *', 3],
    ['0-10 * * * *', 1],
    ['*/5 * * * *', 5],
    ['0,4 9 * * *', 4],
    ['1,58 0,23 * * *', 3], // 23:58 → 00:01 across midnight
    ['0 9 * * *', 1440],
    ['0 9 * * MON', 7 * 1440],
  ])('finds the shortest gap of %j: %i min', (expr, minutes) => {
    vi.setSystemTime(new Date('2026-01-10T12:00:00Z'));
    expect(minimumGapMinutes(expr, 'UTC')).toBe(minutes);
  });

  it('sees the short gap of a once-a-year pattern that fires twice within minutes', () => {
    vi.setSystemTime(new Date('2026-01-10T12:00:00Z'));
    const gap = minimumGapMinutes('0,2 9 1 6 *', NY);
    expect(gap).toBe(2);
    expect(gap).toBeLessThan(MIN_INTERVAL_MINUTES);
  });

  it('gives no gap for a leap-day pattern that fires rarely, and still finds its next run', () => {
    vi.setSystemTime(new Date('2026-01-10T12:00:00Z'));
    expect(iso(nextRuns('0 0 29 2 *', 'UTC', 1))).toEqual(['2028-02-29T00:00:00.000Z']);
    expect(minimumGapMinutes('0 0 29 2 *', 'UTC')).toBeGreaterThan(365 * 1440);
  });

  it('refuses an unknown zone instead of guessing, and leaves no task behind', () => {
    const before = getTasks().size;
    expect(() => nextRuns('0 9 * * *', 'Mars/Olympus_Mons', 1)).toThrow(/Unknown time zone/);
    nextRuns('*/5 * * * *', NY, 50);
    expect(getTasks().size).toBe(before);
  });
});

describe('buildCronExpression', () => {
  it('builds the pickers into five fields', () => {
    expect(buildCronExpression('daily', { hour: 9, minute: 5 })).toBe('5 9 * * *');
    expect(buildCronExpression('weekly', { hour: 17, minute: 30 }, { weekdays: [5, 1, 3, 1] })).toBe(
      '30 17 * * 1,3,5',
    );
    expect(buildCronExpression('monthly', { hour: 8, minute: 0 }, { dayOfMonth: 31 })).toBe('0 8 31 * *');
    for (const expr of ['5 9 * * *', '30 17 * * 1,3,5', '0 8 31 * *'])
      expect(validateCron(expr).ok).toBe(true);
  });
});
