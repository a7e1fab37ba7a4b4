/**
 * Timestamp parsing for every source clock, to UTC epoch milliseconds plus the precision the source states.
 * Nothing is rounded: a fraction finer than a millisecond, an impossible date, or a time without a zone (and
 * no default offset given) is an error the caller turns into a reject.
 */
import type { Precision } from '../event';

/** A parsed timestamp, or why the text is not one. */
export type TimeResult = { ok: true; ts: number; precision: Precision } | { ok: false; reason: string };

/**
 * How to read a fraction of a second: `source-ms` for clocks documented as millisecond-precise (EventLogFile,
 * Real-Time Event Monitoring): precision 'ms' whenever seconds are present; `rest` for standard datetime
 * fields (SetupAuditTrail, LoginHistory), which store `.000` in practice: 's' unless the milliseconds are
 * non-zero.
 */
export type FractionRule = 'source-ms' | 'rest';

/** Zone abbreviations accepted after a time, as minutes east of UTC (the text is trusted as written). */
export const ZONE_ABBREVIATIONS: Readonly<Record<string, number>> = {
  Z: 0,
  UTC: 0,
  GMT: 0,
  PST: -480,
  PDT: -420,
  MST: -420,
  MDT: -360,
  CST: -360,
  CDT: -300,
  EST: -300,
  EDT: -240,
  HST: -600,
  AKST: -540,
  AKDT: -480,
};

const OFFSET = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/;

/** Minutes east of UTC for a zone text (`Z`, `UTC`, `+05:30`, `-0800`, `GMT-8`, `PST`…), or `undefined`. */
export function parseZone(text: string): number | undefined {
  const upper = text.toUpperCase();
  const named = ZONE_ABBREVIATIONS[upper];
  if (named !== undefined) return named;
  const m = OFFSET.exec(upper);
  if (!m) return undefined;
  const hours = Number(m[2]);
  const minutes = m[3] === undefined ? 0 : Number(m[3]);
  if (hours > 14 || minutes > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Epoch ms of a wall-clock time at a fixed offset, or `undefined` when a component is out of range. */
export function civilToEpoch(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
  offsetMinutes: number,
): number | undefined {
  if (year < 1000 || month < 1 || month > 12 || day < 1) return undefined;
  const dim = month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1];
  if (day > dim || hour > 23 || minute > 59 || second > 59 || ms > 999) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
}

/** Milliseconds of a fraction-of-second digit string, or `undefined` when it would need rounding. */
function fractionMs(digits: string): number | undefined {
  if (digits.length <= 3) return Number(digits.padEnd(3, '0'));
  if (!/^0+$/.test(digits.slice(3))) return undefined;
  return Number(digits.slice(0, 3));
}

const ZONE_HINT = 'give the zone in the input, or a default offset (--tz)';

function zoneOffset(
  zoneText: string,
  defaultZoneOffsetMinutes: number | undefined,
): { ok: true; offset: number } | { ok: false; reason: string } {
  const zone = zoneText.trim();
  if (zone === '') {
    if (defaultZoneOffsetMinutes === undefined)
      return { ok: false, reason: `timestamp has no time zone: ${ZONE_HINT}` };
    return { ok: true, offset: defaultZoneOffsetMinutes };
  }
  const offset = parseZone(zone);
  if (offset === undefined)
    return { ok: false, reason: `unknown time zone "${zone}": use UTC, ±hh:mm or a US zone abbreviation` };
  return { ok: true, offset };
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(.*)$/;

const d2 = (s: string, i: number): number => (s.charCodeAt(i) - 48) * 10 + s.charCodeAt(i + 1) - 48;

/** Fast path for the exact form `yyyy-MM-ddTHH:mm:ss.SSSZ` (EventLogFile TIMESTAMP_DERIVED). */
function parseIsoMsZ(text: string): number | undefined {
  if (text.length !== 24 || text.charCodeAt(23) !== 90 || text.charCodeAt(10) !== 84) return undefined;
  for (let i = 0; i < 23; i++) {
    const c = text.charCodeAt(i);
    const sep = i === 4 || i === 7 ? 45 : i === 13 || i === 16 ? 58 : i === 19 ? 46 : i === 10 ? 84 : -1;
    if (sep === -1 ? c < 48 || c > 57 : c !== sep) return undefined;
  }
  const year = d2(text, 0) * 100 + d2(text, 2);
  const ms = (text.charCodeAt(20) - 48) * 100 + d2(text, 21);
  return civilToEpoch(year, d2(text, 5), d2(text, 8), d2(text, 11), d2(text, 14), d2(text, 17), ms, 0);
}

/**
 * ISO 8601 / Salesforce REST datetimes: `2015-07-27T11:32:59.555Z`, `2026-03-10T19:00:01.000+0000`,
 * `2026-03-10 19:00:01 PST`. Seconds absent → precision 'min'.
 */
export function parseIsoTimestamp(
  text: string,
  rule: FractionRule,
  defaultZoneOffsetMinutes?: number,
): TimeResult {
  if (rule === 'source-ms') {
    const fast = parseIsoMsZ(text);
    if (fast !== undefined) return { ok: true, ts: fast, precision: 'ms' };
  }
  const m = ISO.exec(text.trim());
  if (!m) return { ok: false, reason: `not an ISO 8601 timestamp: "${text}"` };
  let ms = 0;
  if (m[7] !== undefined) {
    const parsed = fractionMs(m[7]);
    if (parsed === undefined)
      return { ok: false, reason: `sub-millisecond fraction cannot be kept without rounding: "${text}"` };
    ms = parsed;
  }
  const zone = zoneOffset(m[8], defaultZoneOffsetMinutes);
  if (!zone.ok) return zone;
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const ts = civilToEpoch(
    Number(m[1]),
    Number(m[2]),
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    second,
    ms,
    zone.offset,
  );
  if (ts === undefined) return { ok: false, reason: `invalid date or time: "${text}"` };
  const precision: Precision =
    m[6] === undefined ? 'min' : rule === 'source-ms' ? 'ms' : ms !== 0 ? 'ms' : 's';
  return { ok: true, ts, precision };
}

const COMPACT = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{1,3}))?$/;

/** EventLogFile `TIMESTAMP`, `yyyyMMddHHmmss.SSS` in UTC (e.g. `20130715233322.670`). */
export function parseCompactTimestamp(text: string): TimeResult {
  const m = COMPACT.exec(text);
  if (!m) return { ok: false, reason: `not an EventLogFile TIMESTAMP (yyyyMMddHHmmss.SSS): "${text}"` };
  const ms = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0'));
  const ts = civilToEpoch(
    Number(m[1]),
    Number(m[2]),
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6]),
    ms,
    0,
  );
  if (ts === undefined) return { ok: false, reason: `invalid date or time: "${text}"` };
  return { ok: true, ts, precision: m[7] === undefined ? 's' : 'ms' };
}

const US_DATE =
  /^(\d{1,2})\/(\d{1,2})\/(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])\.?[Mm]\.?)?(.*)$/;

/**
 * Timestamps of the Setup UI downloads (View Setup Audit Trail, Login History): US `M/D/YYYY, h:mm[:ss] AM
 * PST` or 24-hour `M/D/YYYY HH:mm[:ss] UTC`, and `YYYY-MM-DD HH:mm[:ss] ZONE`. Month/day order is US. Without
 * seconds the precision is 'min'.
 */
export function parseSetupUiTimestamp(text: string, defaultZoneOffsetMinutes?: number): TimeResult {
  const trimmed = text.trim();
  const m = US_DATE.exec(trimmed);
  if (!m) {
    if (ISO.test(trimmed)) return parseIsoTimestamp(trimmed, 'rest', defaultZoneOffsetMinutes);
    return {
      ok: false,
      reason: `not a Setup date/time (M/D/YYYY, h:mm:ss AM ZONE or YYYY-MM-DD HH:mm:ss ZONE): "${text}"`,
    };
  }
  let hour = Number(m[4]);
  if (m[7] !== undefined) {
    if (hour < 1 || hour > 12) return { ok: false, reason: `invalid 12-hour time: "${text}"` };
    const pm = m[7] === 'p' || m[7] === 'P';
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  const zone = zoneOffset(m[8], defaultZoneOffsetMinutes);
  if (!zone.ok) return zone;
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const ts = civilToEpoch(
    Number(m[3]),
    Number(m[1]),
    Number(m[2]),
    hour,
    Number(m[5]),
    second,
    0,
    zone.offset,
  );
  if (ts === undefined) return { ok: false, reason: `invalid date or time: "${text}"` };
  return { ok: true, ts, precision: m[6] === undefined ? 'min' : 's' };
}
