import { afterCalendarDays } from './due-date';
import { instantOf, type LawEnforcementDelay } from './facts';
import type { EpochMs } from './instant';
import type { TollingRule } from './rule-schema';
import { formatLocal } from './time-zone';

/** A deadline after law-enforcement delays, and how they moved it. */
export interface TollingResult {
  due: EpochMs;
  /** True when a delay moved the deadline. */
  tolled: boolean;
  explanation: string[];
}

interface ActiveDelay {
  form: 'written' | 'oral';
  statedAt: EpochMs;
  end: EpochMs;
  /** For an oral statement: the end of the window in which a written statement replaces it. */
  oralWindowEnd?: EpochMs;
}

/**
 * Applies law-enforcement delay statements to a deadline (45 CFR 164.412 and rules copying it).
 *
 * Reading (the earlier of the defensible ones): a delay postpones the notice, it does not stop the clock — the
 * deadline becomes the later of the original deadline and the end of the delay; the delay's length is not added.
 * A written statement delays until the end it states. An oral one delays until the end it states, but never
 * past `oralMaxDays` after the statement; a written statement made within that window replaces it (even with
 * an earlier end). A statement made after the deadline (as extended so far) had already passed cannot revive
 * it and is ignored. A delay never makes a deadline earlier than it was without delays.
 */
export function applyLawEnforcementDelays(
  untolledDue: EpochMs,
  statements: readonly LawEnforcementDelay[],
  rule: TollingRule,
  zone: string,
): TollingResult {
  const explanation: string[] = [];
  const sorted = [...statements].sort((a, b) => instantOf(a.statedAt) - instantOf(b.statedAt));
  let active: ActiveDelay[] = [];
  let due = untolledDue;
  const at = (instant: EpochMs) => formatLocal(instant, zone);
  for (const statement of sorted) {
    const statedAt = instantOf(statement.statedAt);
    if (statedAt > due) {
      explanation.push(
        `${statement.form} statement at ${at(statedAt)} ignored: made after the deadline (${at(due)}) had passed.`,
      );
      continue;
    }
    if (statement.form === 'written') {
      const end = instantOf(statement.until!);
      const replaced = active.filter((d) => d.form === 'oral' && statedAt <= d.oralWindowEnd!);
      active = active.filter((d) => !replaced.includes(d));
      active.push({ form: 'written', statedAt, end });
      explanation.push(
        `written statement at ${at(statedAt)} delays notice until ${at(end)} (${rule.citation})` +
          (replaced.length > 0
            ? `; it replaces the oral statement made within the last ${rule.oralMaxDays} days`
            : '') +
          '.',
      );
    } else {
      const windowEnd = afterCalendarDays(statedAt, rule.oralMaxDays, zone).instant;
      const stated = statement.until === undefined ? undefined : instantOf(statement.until);
      const end = stated === undefined ? windowEnd : Math.min(stated, windowEnd);
      active.push({ form: 'oral', statedAt, end, oralWindowEnd: windowEnd });
      explanation.push(
        `oral statement at ${at(statedAt)} delays notice until ${at(end)} ` +
          `(${stated !== undefined && stated <= windowEnd ? 'the end it stated' : `at most ${rule.oralMaxDays} days after the statement`}, ${rule.citation}).`,
      );
    }
    const delayEnd = Math.max(...active.map((d) => d.end));
    due = Math.max(untolledDue, delayEnd);
  }
  if (sorted.length === 0) explanation.push(`no law-enforcement delay recorded (${rule.citation}).`);
  else if (due === untolledDue) explanation.push('the delays end before the deadline: it does not move.');
  else explanation.push(`deadline moved from ${at(untolledDue)} to ${at(due)}, the end of the delay.`);
  return { due, tolled: due !== untolledDue, explanation };
}
