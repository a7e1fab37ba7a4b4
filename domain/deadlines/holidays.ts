import { lastDayOfMonth } from 'date-fns';
import {
  addCalendarDays,
  formatCalendarDate,
  fromDateFns,
  isWeekendDay,
  toDateFns,
  weekdayOf,
  type CalendarDate,
  type Weekday,
} from './calendar-date';
import type { HolidayCalendarName } from './vocabulary';

/** A day off on a holiday calendar. */
export interface Holiday {
  /** The day off: the observed date. */
  date: CalendarDate;
  /** The holiday's own date (differs from `date` when it falls on a weekend and is observed on Friday or Monday). */
  actual: CalendarDate;
  name: string;
}

function nthWeekday(year: number, month: number, weekday: Weekday, n: number): CalendarDate {
  const first: CalendarDate = { year, month, day: 1 };
  return { year, month, day: 1 + ((weekday - weekdayOf(first) + 7) % 7) + 7 * (n - 1) };
}

function lastWeekday(year: number, month: number, weekday: Weekday): CalendarDate {
  const last = fromDateFns(lastDayOfMonth(toDateFns({ year, month, day: 1 })));
  return { ...last, day: last.day - ((weekdayOf(last) - weekday + 7) % 7) };
}

/** 5 U.S.C. 6103(b) and Executive Order 11582: a Saturday holiday is observed on Friday, a Sunday one on Monday. */
function observed(date: CalendarDate): CalendarDate {
  const weekday = weekdayOf(date);
  if (weekday === 6) return addCalendarDays(date, -1);
  if (weekday === 0) return addCalendarDays(date, 1);
  return date;
}

/** The federal holidays of 5 U.S.C. 6103(a) whose own date is in `year`, with observed dates. */
function federalHolidaysDated(year: number): Holiday[] {
  const fixed = (month: number, day: number, name: string): Holiday => {
    const actual = { year, month, day };
    return { date: observed(actual), actual, name };
  };
  const floating = (date: CalendarDate, name: string): Holiday => ({ date, actual: date, name });
  const holidays: Holiday[] = [fixed(1, 1, "New Year's Day")];
  // Observed as a federal holiday since 1986.
  if (year >= 1986) holidays.push(floating(nthWeekday(year, 1, 1, 3), 'Birthday of Martin Luther King, Jr.'));
  holidays.push(
    floating(nthWeekday(year, 2, 1, 3), "Washington's Birthday (Presidents' Day)"),
    floating(lastWeekday(year, 5, 1), 'Memorial Day'),
  );
  // Juneteenth National Independence Day Act, June 2021.
  if (year >= 2021) holidays.push(fixed(6, 19, 'Juneteenth National Independence Day'));
  holidays.push(
    fixed(7, 4, 'Independence Day'),
    floating(nthWeekday(year, 9, 1, 1), 'Labor Day'),
    floating(nthWeekday(year, 10, 1, 2), 'Columbus Day'),
    fixed(11, 11, 'Veterans Day'),
    floating(nthWeekday(year, 11, 4, 4), 'Thanksgiving Day'),
    fixed(12, 25, 'Christmas Day'),
  );
  return holidays;
}

const federalCache = new Map<number, Holiday[]>();

/**
 * The US federal holidays observed (days off) in `year`, in date order. The list follows the current statute
 * (Monday holidays, MLK Day from 1986, Juneteenth from 2021). A holiday falling on Saturday is observed the
 * Friday before — for New Year's Day that Friday is 31 December of the year before, so it is listed in that
 * year. Days closed by presidential order (e.g. a national day of mourning) are not predictable and not listed.
 */
export function usFederalHolidays(year: number): Holiday[] {
  const cached = federalCache.get(year);
  if (cached) return cached;
  const holidays = [...federalHolidaysDated(year), ...federalHolidaysDated(year + 1)]
    .filter((h) => h.date.year === year)
    .sort((a, b) => formatCalendarDate(a.date).localeCompare(formatCalendarDate(b.date)));
  federalCache.set(year, holidays);
  return holidays;
}

/** The holiday that makes `date` a day off on `calendar`, if any. */
export function holidayOn(calendar: HolidayCalendarName, date: CalendarDate): Holiday | undefined {
  if (calendar === 'no-holidays') return undefined;
  const key = formatCalendarDate(date);
  return usFederalHolidays(date.year).find((h) => formatCalendarDate(h.date) === key);
}

/** True when `date` is a business day on `calendar`: Monday–Friday and not a holiday of that calendar. */
export function isBusinessDay(calendar: HolidayCalendarName, date: CalendarDate): boolean {
  return !isWeekendDay(date) && holidayOn(calendar, date) === undefined;
}
