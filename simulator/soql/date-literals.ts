/**
 * SOQL relative date literals, resolved to a half-open UTC range [start, end) in epoch ms (the simulated org
 * runs in UTC; weeks start on Sunday as in the en_US locale).
 */

const DAY = 86_400_000;

/** Date literals without a parameter. */
export const DATE_LITERALS: ReadonlySet<string> = new Set([
  'YESTERDAY',
  'TODAY',
  'TOMORROW',
  'LAST_WEEK',
  'THIS_WEEK',
  'NEXT_WEEK',
  'LAST_MONTH',
  'THIS_MONTH',
  'NEXT_MONTH',
  'LAST_90_DAYS',
  'NEXT_90_DAYS',
  'LAST_YEAR',
  'THIS_YEAR',
  'NEXT_YEAR',
]);

/** Date literals taking `:n`. */
export const PARAM_DATE_LITERALS: ReadonlySet<string> = new Set([
  'LAST_N_DAYS',
  'NEXT_N_DAYS',
  'N_DAYS_AGO',
  'LAST_N_WEEKS',
  'NEXT_N_WEEKS',
  'LAST_N_MONTHS',
  'NEXT_N_MONTHS',
  'LAST_N_YEARS',
  'NEXT_N_YEARS',
]);

/** A half-open range of epoch milliseconds. */
export interface TimeRange {
  readonly start: number;
  readonly end: number;
}

function monthStart(year: number, month: number): number {
  return Date.UTC(year, month, 1);
}

/** Resolves `name` (with `n` for parameterised literals) against `now`. */
export function resolveDateLiteral(name: string, n: number | undefined, now: number): TimeRange {
  const d = new Date(now);
  const today = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const week = today - d.getUTCDay() * DAY;
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const k = n ?? 0;
  const range = (start: number, end: number): TimeRange => ({ start, end });
  switch (name) {
    case 'YESTERDAY':
      return range(today - DAY, today);
    case 'TODAY':
      return range(today, today + DAY);
    case 'TOMORROW':
      return range(today + DAY, today + 2 * DAY);
    case 'LAST_WEEK':
      return range(week - 7 * DAY, week);
    case 'THIS_WEEK':
      return range(week, week + 7 * DAY);
    case 'NEXT_WEEK':
      return range(week + 7 * DAY, week + 14 * DAY);
    case 'LAST_MONTH':
      return range(monthStart(y, m - 1), monthStart(y, m));
    case 'THIS_MONTH':
      return range(monthStart(y, m), monthStart(y, m + 1));
    case 'NEXT_MONTH':
      return range(monthStart(y, m + 1), monthStart(y, m + 2));
    case 'LAST_90_DAYS':
      return range(today - 90 * DAY, today + DAY);
    case 'NEXT_90_DAYS':
      return range(today + DAY, today + 91 * DAY);
    case 'LAST_YEAR':
      return range(Date.UTC(y - 1, 0, 1), Date.UTC(y, 0, 1));
    case 'THIS_YEAR':
      return range(Date.UTC(y, 0, 1), Date.UTC(y + 1, 0, 1));
    case 'NEXT_YEAR':
      return range(Date.UTC(y + 1, 0, 1), Date.UTC(y + 2, 0, 1));
    case 'LAST_N_DAYS':
      return range(today - k * DAY, today + DAY);
    case 'NEXT_N_DAYS':
      return range(today + DAY, today + (k + 1) * DAY);
    case 'N_DAYS_AGO':
      return range(today - k * DAY, today - (k - 1) * DAY);
    case 'LAST_N_WEEKS':
      return range(week - 7 * k * DAY, week);
    case 'NEXT_N_WEEKS':
      return range(week + 7 * DAY, week + 7 * (k + 1) * DAY);
    case 'LAST_N_MONTHS':
      return range(monthStart(y, m - k), monthStart(y, m));
    case 'NEXT_N_MONTHS':
      return range(monthStart(y, m + 1), monthStart(y, m + 1 + k));
    case 'LAST_N_YEARS':
      return range(Date.UTC(y - k, 0, 1), Date.UTC(y, 0, 1));
    case 'NEXT_N_YEARS':
      return range(Date.UTC(y + 1, 0, 1), Date.UTC(y + 1 + k, 0, 1));
    default:
      throw new Error(`Unknown date literal ${name}`);
  }
}
