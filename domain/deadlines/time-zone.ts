import { tzOffset } from '@date-fns/tz';
import type { CalendarDate } from './calendar-date';
import { UnknownTimeZoneError } from './errors';
import type { EpochMs } from './instant';

/** A wall-clock reading in some zone: a calendar date and a time of day. */
export interface LocalDateTime extends CalendarDate {
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** How a wall-clock reading mapped to an instant. */
export type LocalResolution =
  /** The reading happens exactly once. */
  | 'exact'
  /** The clocks went back and the reading happens twice: the first occurrence is used. */
  | 'repeated'
  /** The clocks jumped over the reading: the first instant after the jump is used. */
  | 'skipped';

const DAY_MS = 86_400_000;

/** True when the runtime knows `zone` as a time zone (an IANA name such as `America/New_York`, or `UTC`). */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.trim() !== '';
  } catch {
    return false;
  }
}

/** The runtime's canonical spelling of `zone` (e.g. `america/new_york` → `America/New_York`). */
export function canonicalTimeZone(zone: string): string {
  if (!isKnownTimeZone(zone)) throw new UnknownTimeZoneError(zone);
  return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
}

/**
 * Offset of `zone` from UTC at `instant`, in minutes (e.g. -240 for EDT), from the runtime's time-zone data.
 * `tzOffset` reads it through `Intl`, which works inside Temporal's workflow sandbox. (`TZDate` does not: it
 * subclasses `Date`, and the sandbox replaces `Date` with a function wrapper, so `TZDate` instances come out as
 * plain `Date`s whose getters read the host's zone.)
 */
export function offsetMinutesAt(instant: EpochMs, zone: string): number {
  return tzOffset(zone, new Date(instant));
}

/** What the clocks in `zone` read at `instant`. */
export function localDateTimeOf(instant: EpochMs, zone: string): LocalDateTime {
  const wall = new Date(instant + Math.round(offsetMinutesAt(instant, zone) * 60_000));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    millisecond: wall.getUTCMilliseconds(),
  };
}

/** A wall-clock reading as if it were UTC: lets readings be compared and subtracted as numbers. */
function wallAsUtc(local: LocalDateTime): number {
  return Date.UTC(
    local.year,
    local.month - 1,
    local.day,
    local.hour,
    local.minute,
    local.second,
    local.millisecond,
  );
}

function wallAt(instant: EpochMs, zone: string): number {
  return wallAsUtc(localDateTimeOf(instant, zone));
}

/**
 * The instant at which the clocks in `zone` read `local` — the earliest such instant, so a deadline is never
 * placed later than some reading of it: when the clocks go back and the reading happens twice, the first
 * occurrence; when they jump over it (spring forward), the first instant after the jump.
 */
export function instantOfLocal(
  local: LocalDateTime,
  zone: string,
): { instant: EpochMs; resolution: LocalResolution } {
  const wall = wallAsUtc(local);
  const offsets = new Set([wall - DAY_MS, wall, wall + DAY_MS].map((probe) => offsetMinutesAt(probe, zone)));
  const matches = [...offsets]
    .map((offset) => wall - offset * 60_000)
    .filter((instant) => wallAt(instant, zone) === wall)
    .sort((a, b) => a - b);
  if (matches.length > 0)
    return { instant: matches[0], resolution: matches.length > 1 ? 'repeated' : 'exact' };
  // In a gap: before it the clocks read earlier than `wall`, after it later. Find the jump.
  const before = offsetMinutesAt(wall - DAY_MS, zone);
  const after = offsetMinutesAt(wall + DAY_MS, zone);
  let low = wall - Math.max(before, after) * 60_000;
  let high = wall - Math.min(before, after) * 60_000;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (wallAt(mid, zone) >= wall) high = mid;
    else low = mid;
  }
  return { instant: high, resolution: 'skipped' };
}

/** `instant` as ISO 8601 in `zone`, with that zone's offset at that instant: `2026-05-09T09:00:00.000-04:00`. */
export function formatLocal(instant: EpochMs, zone: string): string {
  const local = localDateTimeOf(instant, zone);
  const offset = offsetMinutesAt(instant, zone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return (
    `${pad(local.year, 4)}-${pad(local.month)}-${pad(local.day)}T${pad(local.hour)}:${pad(local.minute)}:` +
    `${pad(local.second)}.${pad(local.millisecond, 3)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}
