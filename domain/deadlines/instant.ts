/** Milliseconds since 1970-01-01T00:00:00Z. */
export type EpochMs = number;

/** One hour in milliseconds. */
export const HOUR_MS = 3_600_000;

const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

/** What an ISO instant must look like, for error messages. */
export const INSTANT_HELP =
  'an ISO 8601 instant with a UTC offset and at most millisecond precision, e.g. 2026-03-10T09:00:00-05:00 or 2026-03-10T14:00:00Z';

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Parses an ISO 8601 instant that carries its offset (`Z` or `±HH:MM`), with at most millisecond precision.
 * Returns `undefined` for anything else, including dates that do not exist (2026-02-30) — `Date.parse`
 * would quietly roll those over.
 */
export function parseInstant(text: string): EpochMs | undefined {
  const m = ISO_INSTANT.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const ms = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0'));
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (!m[8]) {
    const [offsetHours, offsetMins] = [Number(m[10]), Number(m[11])];
    if (offsetHours > 14 || offsetMins > 59) return undefined;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  return wall - offsetMinutes * 60_000;
}

/** An instant as ISO 8601 UTC with milliseconds, e.g. `2026-05-09T13:00:00.000Z`. */
export function formatUtc(instant: EpochMs): string {
  return new Date(instant).toISOString();
}

/** A span of time for people: `3 days 4 h`, `5 h 10 min`, `40 min`, `0 min`. */
export function formatDuration(ms: number): string {
  const totalMinutes = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  if (days > 0) return `${days} day${days === 1 ? '' : 's'}${hours ? ` ${hours} h` : ''}`;
  if (hours > 0) return `${hours} h${minutes ? ` ${minutes} min` : ''}`;
  return `${minutes} min`;
}
