import { addDays, getDay } from 'date-fns';

/** A date on the calendar, without a time or a zone; `month` is 1–12. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** Day of the week: 0 Sunday … 6 Saturday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/**
 * The date as a date-fns value: noon, local time of the process. date-fns reads and writes local fields, so a
 * date written and read back through them is the same calendar date whatever the process's zone; noon keeps
 * clear of DST changes at midnight. (Not `TZDate`: it cannot subclass `Date` inside Temporal's workflow sandbox.)
 */
export function toDateFns(date: CalendarDate): Date {
  return new Date(date.year, date.month - 1, date.day, 12);
}

/** The calendar fields of a date-fns value made by {@link toDateFns}. */
export function fromDateFns(value: Date): CalendarDate {
  return { year: value.getFullYear(), month: value.getMonth() + 1, day: value.getDate() };
}

/** `date` moved by `days` calendar days (negative moves back). */
export function addCalendarDays(date: CalendarDate, days: number): CalendarDate {
  return fromDateFns(addDays(toDateFns(date), days));
}

/** Day of the week of `date`. */
export function weekdayOf(date: CalendarDate): Weekday {
  return getDay(toDateFns(date)) as Weekday;
}

/** True on Saturdays and Sundays. */
export function isWeekendDay(date: CalendarDate): boolean {
  const weekday = weekdayOf(date);
  return weekday === 0 || weekday === 6;
}

const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/** Short English name of the day of the week, e.g. `Sat`. */
export function weekdayName(date: CalendarDate): string {
  return WEEKDAY_NAMES[weekdayOf(date)];
}

/** `YYYY-MM-DD`. */
export function formatCalendarDate(date: CalendarDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/** True when both name the same day. */
export function sameCalendarDate(a: CalendarDate, b: CalendarDate): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day;
}
