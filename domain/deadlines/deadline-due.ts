import type { MissingFact } from './conditions';
import { afterBusinessDays, afterCalendarDays, afterCalendarYearEnd, afterHours } from './due-date';
import type { EpochMs } from './instant';
import type { Deadline } from './rule-schema';
import { formatLocal } from './time-zone';
import type { DependencyOutcome } from './triggers';

/** A rule's due instant before tolling, or why it cannot be computed. */
export type DeadlineDue =
  | { kind: 'due'; instant: EpochMs; explanation: string }
  | { kind: 'missing'; missing: MissingFact[] }
  | { kind: 'not-applicable'; reason: string };

/**
 * The due instant `deadline` gives for a clock started at `trigger`, in `zone`. A `contemporaneous` deadline is
 * the instant the other obligation was met, or at the latest that obligation's own (tolled) due instant.
 */
export function dueBeforeTolling(
  deadline: Deadline,
  trigger: EpochMs,
  zone: string,
  outcomes: ReadonlyMap<string, DependencyOutcome>,
): DeadlineDue {
  switch (deadline.type) {
    case 'calendar-days':
      return { kind: 'due', ...afterCalendarDays(trigger, deadline.days, zone) };
    case 'business-days':
      return { kind: 'due', ...afterBusinessDays(trigger, deadline.days, deadline.calendar, zone) };
    case 'hours':
      return { kind: 'due', ...afterHours(trigger, deadline.hours, zone) };
    case 'days-after-calendar-year-end':
      return { kind: 'due', ...afterCalendarYearEnd(trigger, deadline.days, zone) };
    case 'contemporaneous':
      return contemporaneous(deadline.with, outcomes.get(deadline.with), zone);
  }
}

function contemporaneous(other: string, outcome: DependencyOutcome | undefined, zone: string): DeadlineDue {
  if (!outcome || outcome.kind === 'not-applicable')
    return { kind: 'not-applicable', reason: `it goes with ${other}, which does not apply` };
  if (outcome.kind === 'unknown')
    return {
      kind: 'missing',
      missing: outcome.missing.map((m) => ({
        ...m,
        description: `${m.description} (to compute ${other} first)`,
      })),
    };
  if (outcome.kind === 'met-without-due')
    return {
      kind: 'due',
      instant: outcome.metAt,
      explanation: `at the same time as ${other}, which was met at ${formatLocal(outcome.metAt, zone)}.`,
    };
  if (outcome.metAt !== undefined && outcome.metAt <= outcome.due)
    return {
      kind: 'due',
      instant: outcome.metAt,
      explanation: `at the same time as ${other}, which was met at ${formatLocal(outcome.metAt, zone)}.`,
    };
  const met =
    outcome.metAt === undefined ? 'not met yet' : `met late, at ${formatLocal(outcome.metAt, zone)}`;
  return {
    kind: 'due',
    instant: outcome.due,
    explanation: `at the same time as ${other} (${met}), so at the latest its deadline ${formatLocal(outcome.due, zone)}.`,
  };
}
