import {
  addCalendarDays,
  formatCalendarDate,
  isWeekendDay,
  weekdayName,
  type CalendarDate,
} from './calendar-date';
import { holidayOn } from './holidays';
import type { HolidayCalendarName } from './vocabulary';

/** A day the count passed over, and why it did not count. */
export interface SkippedDay {
  date: CalendarDate;
  /** `Sat`/`Sun`, or the holiday's name. */
  reason: string;
}

/**
 * The `count`-th business day after `start` on `calendar` (`start` itself never counts, whatever day it is),
 * with every day passed over and why. `count` must be a positive integer.
 */
export function addBusinessDays(
  calendar: HolidayCalendarName,
  start: CalendarDate,
  count: number,
): { date: CalendarDate; skipped: SkippedDay[] } {
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`business-day count must be ≥ 1, got ${count}`);
  const skipped: SkippedDay[] = [];
  let date = start;
  let counted = 0;
  while (counted < count) {
    date = addCalendarDays(date, 1);
    if (isWeekendDay(date)) {
      skipped.push({ date, reason: weekdayName(date) });
      continue;
    }
    const holiday = holidayOn(calendar, date);
    if (holiday) {
      const observedNote =
        formatCalendarDate(holiday.actual) === formatCalendarDate(date) ? '' : ', observed';
      skipped.push({ date, reason: `${holiday.name}${observedNote}` });
      continue;
    }
    counted += 1;
  }
  return { date, skipped };
}
