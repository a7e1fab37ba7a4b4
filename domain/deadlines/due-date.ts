import { addBusinessDays } from './business-days';
import { addCalendarDays, formatCalendarDate } from './calendar-date';
import { HOUR_MS, type EpochMs } from './instant';
import {
  formatLocal,
  instantOfLocal,
  localDateTimeOf,
  type LocalDateTime,
  type LocalResolution,
} from './time-zone';
import type { HolidayCalendarName } from './vocabulary';

/** A computed instant and the sentence that explains it. */
export interface ExplainedInstant {
  instant: EpochMs;
  explanation: string;
}

function resolutionNote(resolution: LocalResolution): string {
  if (resolution === 'repeated')
    return ' (that clock time happens twice as the clocks go back: the first is used)';
  if (resolution === 'skipped')
    return ' (the clocks jump over that time: the first instant after the jump is used)';
  return '';
}

/**
 * "N calendar days after" `trigger`: the same local clock time in `zone`, N days later on the calendar — DST
 * changes in between do not move it. This is the earlier of the two readings of "N days" (the other runs to
 * the end of the Nth day), the one counsel wants.
 */
export function afterCalendarDays(trigger: EpochMs, days: number, zone: string): ExplainedInstant {
  const local = localDateTimeOf(trigger, zone);
  const target: LocalDateTime = { ...local, ...addCalendarDays(local, days) };
  const { instant, resolution } = instantOfLocal(target, zone);
  return {
    instant,
    explanation:
      `${days} calendar days, to the same local clock time (the earlier reading of "${days} days"; the later ` +
      `would run to the end of that day): ${formatLocal(instant, zone)}${resolutionNote(resolution)}.`,
  };
}

/**
 * "N business days after" `trigger` on `calendar`: counting starts the day after the trigger's local date,
 * skipping weekends and the calendar's holidays, and ends at the trigger's local clock time on the Nth business
 * day (the earlier reading, as for calendar days).
 */
export function afterBusinessDays(
  trigger: EpochMs,
  days: number,
  calendar: HolidayCalendarName,
  zone: string,
): ExplainedInstant {
  const local = localDateTimeOf(trigger, zone);
  const { date, skipped } = addBusinessDays(calendar, local, days);
  const { instant, resolution } = instantOfLocal({ ...local, ...date }, zone);
  const weekendDays = skipped.filter((s) => s.reason === 'Sat' || s.reason === 'Sun').length;
  const holidays = skipped.filter((s) => s.reason !== 'Sat' && s.reason !== 'Sun');
  const passed = [
    `${weekendDays} weekend day${weekendDays === 1 ? '' : 's'}`,
    ...holidays.map((h) => `${formatCalendarDate(h.date)} (${h.reason})`),
  ].join(', ');
  const calendarText =
    calendar === 'us-federal'
      ? 'the US federal holiday calendar (observed dates)'
      : 'Monday–Friday with no holidays (the earliest reading)';
  return {
    instant,
    explanation:
      `${days} business days on ${calendarText}, not counting the trigger's own day and skipping ${passed}, ` +
      `to the same local clock time: ${formatLocal(instant, zone)}${resolutionNote(resolution)}.`,
  };
}

/** "N hours after" `trigger`: elapsed time, so clock changes do not matter. */
export function afterHours(trigger: EpochMs, hours: number, zone: string): ExplainedInstant {
  const instant = trigger + hours * HOUR_MS;
  return {
    instant,
    explanation: `${hours} hours of elapsed time: ${formatLocal(instant, zone)}.`,
  };
}

/** The last millisecond of 31 December, local time in `zone`, of the calendar year `instant` falls in. */
export function endOfCalendarYear(instant: EpochMs, zone: string): EpochMs {
  const { year } = localDateTimeOf(instant, zone);
  return instantOfLocal(
    { year, month: 12, day: 31, hour: 23, minute: 59, second: 59, millisecond: 999 },
    zone,
  ).instant;
}

/**
 * "N days after the end of the calendar year" in which `trigger` falls: the year ends with 31 December (local),
 * and the count runs to the end of the Nth day after it — 60 days gives 1 March, or 29 February in a leap year.
 */
export function afterCalendarYearEnd(trigger: EpochMs, days: number, zone: string): ExplainedInstant {
  const yearEnd = endOfCalendarYear(trigger, zone);
  const { instant } = afterCalendarDays(yearEnd, days, zone);
  return {
    instant,
    explanation:
      `${days} days after the end of calendar year ${localDateTimeOf(trigger, zone).year} ` +
      `(${formatLocal(yearEnd, zone)}), to the end of that day: ${formatLocal(instant, zone)}.`,
  };
}
