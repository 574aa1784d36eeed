import { describe, expect, it } from 'vitest';
import {
  dateInZone,
  formatDuration,
  formatInZone,
  isTimeZone,
  median,
  resolveWallTime,
  searchTimeZones,
  timeZoneLabel,
  timeZones,
  weekWindows,
} from '../../src/domain/time.js';

const NY = 'America/New_York';
const WINTER = new Date('2026-01-15T12:00:00Z');

describe('time zones', () => {
  it('lists IANA zones with UTC first', () => {
    const zones = timeZones();
    expect(zones[0]).toBe('UTC');
    expect(zones).toContain(NY);
    expect(zones.length).toBeGreaterThan(300);
  });

  it.each([
    ['UTC', true],
    [NY, true],
    ['Asia/Kolkata', true],
    ['Asia/Calcutta', true],
    ['America/Argentina/Buenos_Aires', true],
    ['Mars/Olympus_Mons', false],
    ['EST', false],
    ['+05:00', false],
    ['', false],
    ['America/New_York; DROP', false],
  ])('isTimeZone(%j) is %s', (tz, ok) => {
    expect(isTimeZone(tz)).toBe(ok);
  });

  it('labels a zone with its offset at that moment (DST moves it)', () => {
    expect(timeZoneLabel(NY, WINTER)).toBe('America/New York (UTC-05:00)');
    expect(timeZoneLabel(NY, new Date('2026-07-01T12:00:00Z'))).toBe('America/New York (UTC-04:00)');
    expect(timeZoneLabel('UTC', WINTER)).toBe('UTC (UTC+00:00)');
  });

  it('searches case-insensitively, reading _ and / as spaces, best match first', () => {
    const ny = searchTimeZones('new york', WINTER);
    expect(ny[0]).toEqual({ value: NY, label: 'America/New York (UTC-05:00)' });
    expect(searchTimeZones('NEW_YORK', WINTER)[0]?.value).toBe(NY);
    expect(searchTimeZones('america/new', WINTER).map((z) => z.value)).toContain(NY);
    expect(searchTimeZones('utc', WINTER)[0]?.value).toBe('UTC');
    expect(searchTimeZones('utc+05:30', WINTER).map((z) => z.value)).toContain('Asia/Calcutta');
    expect(searchTimeZones('berl', WINTER).map((z) => z.value)).toEqual(['Europe/Berlin']);
    expect(searchTimeZones('zzzz', WINTER)).toEqual([]);
  });

  it('returns at most 100 options, each short enough for Slack (value and text ≤ 75)', () => {
    const all = searchTimeZones('a', WINTER);
    expect(all).toHaveLength(100);
    for (const z of searchTimeZones('', WINTER, 1000)) {
      expect(z.value.length).toBeLessThanOrEqual(75);
      expect(z.label.length).toBeLessThanOrEqual(75);
    }
  });
});

describe('wall-clock times in a zone', () => {
  it('turns a date and time on the clock into the right instant, with the offset of that day', () => {
    expect(resolveWallTime('2026-01-15', '09:00', NY)).toEqual({
      wall: '2026-01-15T09:00:00',
      instant: new Date('2026-01-15T14:00:00Z'),
      exists: true,
    });
    expect(resolveWallTime('2026-07-15', '09:00', NY).instant).toEqual(new Date('2026-07-15T13:00:00Z'));
    expect(resolveWallTime('2026-07-15', '09:00', 'Asia/Kolkata').instant).toEqual(
      new Date('2026-07-15T03:30:00Z'),
    );
  });

  it('says when a time falls in the spring-forward gap (02:30 on 8 March 2026 in New York)', () => {
    expect(resolveWallTime('2026-03-08', '02:30', NY).exists).toBe(false);
    expect(resolveWallTime('2026-03-08', '03:30', NY)).toMatchObject({
      exists: true,
      instant: new Date('2026-03-08T07:30:00Z'),
    });
  });

  it('resolves 01:30 on fall-back day (it happens twice) to the first one, on summer time', () => {
    const first = resolveWallTime('2026-11-01', '01:30', NY);
    expect(first).toEqual({
      wall: '2026-11-01T01:30:00',
      instant: new Date('2026-11-01T05:30:00Z'),
      exists: true,
    });
    expect(formatInZone(first.instant, NY)).toBe('Sun 1 Nov 2026, 01:30 EDT');
    expect(formatInZone(new Date('2026-11-01T06:30:00Z'), NY)).toBe('Sun 1 Nov 2026, 01:30 EST');
  });

  it('gives the calendar date in a zone (already tomorrow in Tokyo)', () => {
    const at = new Date('2026-01-15T20:00:00Z');
    expect(dateInZone(at, NY)).toBe('2026-01-15');
    expect(dateInZone(at, 'Asia/Tokyo')).toBe('2026-01-16');
  });
});

describe('weekWindows, median, formatDuration', () => {
  it('starts weeks on Monday midnight in the viewer’s zone', () => {
    // Sunday 2026-03-08 23:30 in New York is already Monday 03:30 UTC
    const now = new Date('2026-03-09T03:30:00Z');
    const ny = weekWindows(now, 'America/New_York');
    expect(ny.thisWeek.from).toEqual(new Date('2026-03-02T05:00:00Z')); // Mon 2 Mar, EST
    expect(ny.thisWeek.to).toEqual(new Date('2026-03-09T04:00:00Z')); // Mon 9 Mar, EDT (DST began on the 8th)
    expect(ny.lastWeek).toEqual({ from: new Date('2026-02-23T05:00:00Z'), to: ny.thisWeek.from });
    const utc = weekWindows(now, 'UTC');
    expect(utc.thisWeek.from).toEqual(new Date('2026-03-09T00:00:00Z'));
    const tokyo = weekWindows(new Date('2026-03-08T16:00:00Z'), 'Asia/Tokyo'); // Monday 01:00 in Tokyo
    expect(tokyo.thisWeek.from).toEqual(new Date('2026-03-08T15:00:00Z'));
  });

  it('takes the median of odd and even counts, and of none', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 9])).toBe(5);
    expect(median([40, 10, 20, 30])).toBe(25);
  });

  it('says durations in at most two units', () => {
    expect(formatDuration(20_000)).toBe('under a minute');
    expect(formatDuration(4 * 60_000)).toBe('4 min');
    expect(formatDuration(125 * 60_000)).toBe('2 h 5 min');
    expect(formatDuration((3 * 24 + 4) * 3_600_000)).toBe('3 d 4 h');
  });
});
