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
