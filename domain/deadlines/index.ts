/**
 * Regulatory notification deadlines: rule packs as data, and a pure evaluator that turns the facts of an
 * incident into obligations with due instants, the basis of each computation, and a status.
 */
export { addBusinessDays, type SkippedDay } from './business-days';
export type { CalendarDate } from './calendar-date';
export {
  checkConditions,
  decideForRange,
  describeThreshold,
  meetsThreshold,
  type Applicability,
  type MissingFact,
} from './conditions';
export {
  afterBusinessDays,
  afterCalendarDays,
  afterCalendarYearEnd,
  afterHours,
  endOfCalendarYear,
  type ExplainedInstant,
} from './due-date';
export {
  DEADLINE_INPUT_INVALID,
  DeadlineInputError,
  RULE_PACK_INVALID,
  RulePackInvalidError,
  TIME_ZONE_UNKNOWN,
  UnknownTimeZoneError,
  type RulePackIssue,
} from './errors';
export { evaluateDeadlines } from './evaluate';
export {
  deadlineEventSchema,
  deadlineFactsSchema,
  instantTextSchema,
  parseDeadlineFacts,
  type DeadlineEvent,
  type DeadlineFacts,
  type DeadlineFactsInput,
  type LawEnforcementDelay,
} from './facts';
export { isKnownObligationId } from './facts-check';
export { holidayOn, isBusinessDay, usFederalHolidays, type Holiday } from './holidays';
export { formatDuration, formatUtc, INSTANT_HELP, parseInstant, type EpochMs } from './instant';
export type { DeadlineEvaluation, ObligationResult, UncomputedObligation } from './result';
export {
  countThresholdSchema,
  deadlineSchema,
  ruleConditionsSchema,
  rulePackSchema,
  ruleSchema,
  tollingRuleSchema,
  triggerSchema,
  type CountThreshold,
  type Deadline,
  type Rule,
  type RuleConditions,
  type RulePack,
  type RulePackInput,
  type TollingRule,
  type Trigger,
} from './rule-schema';
export { buildRuleSet, compileRuleSet, parseRulePack, type RuleSet } from './rule-set';
export { applyLawEnforcementDelays, type TollingResult } from './tolling';
export {
  canonicalTimeZone,
  formatLocal,
  instantOfLocal,
  isKnownTimeZone,
  localDateTimeOf,
  offsetMinutesAt,
  type LocalDateTime,
  type LocalResolution,
} from './time-zone';
export * from './vocabulary';
