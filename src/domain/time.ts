// Time zones and wall-clock times for schedules. A person picks a date and time "as on the clock" in a zone;
// date-fns-tz turns that into an instant (to check it is in the future and to preview it) and back.
import { formatInTimeZone, fromZonedTime } from 'date-fns-tz';

export const UTC = 'UTC';
const SHAPE = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)+$/;

let zoneList: readonly string[] | undefined;
let zoneSet: ReadonlySet<string> | undefined;

/** Every IANA zone this runtime knows (Intl's list leaves out UTC itself, so it is added first). */
export function timeZones(): readonly string[] {
  zoneList ??= [UTC, ...Intl.supportedValuesOf('timeZone').filter((z) => z !== UTC)];
  return zoneList;
}

/**
 * A zone MoltFlow can be given: one of Intl's names, or another IANA name Intl resolves (Slack may report
 * a newer or older alias, e.g. Asia/Kolkata vs Asia/Calcutta). Offsets and abbreviations ("EST") are not.
 */
export function isTimeZone(tz: string): boolean {
  zoneSet ??= new Set(timeZones());
  if (zoneSet.has(tz)) return true;
  if (tz.length > 64 || !SHAPE.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** "UTC-05:00" for a zone at a given moment (offsets change with DST). */
export function utcOffsetLabel(tz: string, at: Date): string {
  return `UTC${formatInTimeZone(at, tz, 'xxx')}`;
}

/** What the zone picker shows: "America/New York (UTC-05:00)". */
export function timeZoneLabel(tz: string, at: Date): string {
  return `${tz.replace(/_/g, ' ')} (${utcOffsetLabel(tz, at)})`;
}

const normalise = (s: string) => s.toLowerCase().replace(/[_/]+/g, ' ').replace(/\s+/g, ' ').trim();

/**
 * Zones matching a typed query, case-insensitive, `_` and `/` read as spaces, also matching the offset
 * ("utc+05:30"). Best first: exact name, then a city or region starting with the query, then any substring.
 */
export function searchTimeZones(query: string, at: Date, limit = 100): { value: string; label: string }[] {
  const q = normalise(query);
  // Offsets are formatted only when the query could be one: formatting all ~420 zones costs ~0.5 s.
  const byOffset = /\d/.test(q);
  const scored: { zone: string; rank: number }[] = [];
  for (const zone of timeZones()) {
    const name = normalise(zone);
    let rank: number;
    if (q === '' || name === q) rank = 0;
    else if (name.split(' ').some((_, i, parts) => parts.slice(i).join(' ').startsWith(q))) rank = 1;
    else if (name.includes(q) || (byOffset && timeZoneLabel(zone, at).toLowerCase().includes(q))) rank = 2;
    else continue;
    scored.push({ zone, rank });
  }
  return scored
    .sort((a, b) => a.rank - b.rank || a.zone.localeCompare(b.zone))
    .slice(0, limit)
    .map(({ zone }) => ({ value: zone, label: timeZoneLabel(zone, at) }));
}

export interface ResolvedWallTime {
  /** `2026-03-08T09:30:00`: the wall-clock time as MoltFlow's examples send it, with no offset. */
  wall: string;
  instant: Date;
  /** False in a spring-forward gap (e.g. 02:30 on 2026-03-08 in New York never happens). */
  exists: boolean;
}

/**
 * A date (`YYYY-MM-DD`) and time (`HH:mm`) on the clock in `tz`. In a fall-back repeat (01:30 twice) the
 * earlier moment, still on summer time, is chosen (date-fns-tz's rule), so the answer is deterministic.
 */
export function resolveWallTime(date: string, time: string, tz: string): ResolvedWallTime {
  const wall = `${date}T${time}:00`;
  const instant = fromZonedTime(wall, tz);
  const exists =
    !Number.isNaN(instant.getTime()) && formatInTimeZone(instant, tz, "yyyy-MM-dd'T'HH:mm:ss") === wall;
  return { wall, instant, exists };
}

/** "Sun 1 Nov 2026, 01:30 EDT": a moment as read on the clock in `tz`. */
export function formatInZone(at: Date, tz: string): string {
  return formatInTimeZone(at, tz, 'EEE d MMM yyyy, HH:mm zzz');
}

/** The calendar date (`YYYY-MM-DD`) in `tz` at a moment, e.g. for a date picker's first value. */
export function dateInZone(at: Date, tz: string): string {
  return formatInTimeZone(at, tz, 'yyyy-MM-dd');
}

export interface Window {
  from: Date;
  to: Date;
}

/**
 * This week and last week as the viewer's calendar has them: Monday 00:00 on the clock in `tz` (a DST change
 * inside the week makes it 167 or 169 hours long). `thisWeek` ends at the next Monday, not at `now`.
 */
export function weekWindows(now: Date, tz: string): { thisWeek: Window; lastWeek: Window } {
  const today = dateInZone(now, tz);
  const isoWeekday = Number(formatInTimeZone(now, tz, 'i')); // 1 = Monday … 7 = Sunday
  const monday = (weeksAgo: number) => {
    const d = new Date(`${today}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - (isoWeekday - 1) - 7 * weeksAgo);
    // Midnight that does not exist (a zone that springs forward at 00:00) resolves to the moment after.
    return fromZonedTime(`${d.toISOString().slice(0, 10)}T00:00:00`, tz);
  };
  return {
    thisWeek: { from: monday(0), to: monday(-1) },
    lastWeek: { from: monday(1), to: monday(0) },
  };
}

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** "4 min", "2 h 5 min", "3 d 4 h": a duration as a person reads it, at most two units. */
export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}
