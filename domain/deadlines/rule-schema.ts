import { z } from 'zod';
import {
  entityTypeSchema,
  holidayCalendarSchema,
  recipientSchema,
  isUsJurisdiction,
  regimeSchema,
  type UsJurisdiction,
} from './vocabulary';

/** An obligation, tolling or pack id: lower-case letters, digits and dashes. */
export const ruleIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,79}$/, 'use lower-case letters, digits and dashes, starting with a letter');

/** A yes/no fact about the entity that a rule depends on, e.g. `ca-licensed-health-facility`. */
export const attributeNameSchema = ruleIdSchema;

const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((s) => new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a real date');

const count = z.number().int().nonnegative();

const thresholdShape = {
  /** Holds when the count is ≥ this (inclusive). */
  atLeast: count.optional(),
  /** Holds when the count is > this (exclusive). */
  moreThan: count.optional(),
  /** Holds when the count is ≤ this (inclusive). */
  atMost: count.optional(),
  /** Holds when the count is < this (exclusive). */
  fewerThan: count.optional(),
};

type Threshold = { atLeast?: number; moreThan?: number; atMost?: number; fewerThan?: number };

function checkThreshold(t: Threshold, ctx: z.RefinementCtx): void {
  if (
    t.atLeast === undefined &&
    t.moreThan === undefined &&
    t.atMost === undefined &&
    t.fewerThan === undefined
  )
    ctx.addIssue({ code: 'custom', message: 'give a bound: atLeast, moreThan, atMost or fewerThan' });
  if (t.atLeast !== undefined && t.moreThan !== undefined)
    ctx.addIssue({ code: 'custom', message: 'give atLeast (inclusive) or moreThan (exclusive), not both' });
  if (t.atMost !== undefined && t.fewerThan !== undefined)
    ctx.addIssue({ code: 'custom', message: 'give atMost (inclusive) or fewerThan (exclusive), not both' });
}

/**
 * A bound on a count, with its inclusiveness in its name: `atLeast: 500` is 500 or more, `moreThan: 500` is
 * 501 or more, `fewerThan: 500` is 499 or fewer, `atMost: 500` is 500 or fewer. Bounds combine (between).
 */
export const countThresholdSchema = z.strictObject(thresholdShape).superRefine(checkThreshold);
/** See {@link countThresholdSchema}. */
export type CountThreshold = z.infer<typeof countThresholdSchema>;

/**
 * A bound on the affected residents of one jurisdiction, or of `each` jurisdiction: then the rule gives one
 * obligation per jurisdiction that meets the bound (e.g. HIPAA media notice in every State with more than 500).
 */
export const residentsConditionSchema = z
  .strictObject({
    jurisdiction: z.custom<UsJurisdiction | 'each'>(
      (value) => value === 'each' || (typeof value === 'string' && isUsJurisdiction(value)),
      {
        error: (issue) =>
          `"${String(issue.input)}" is not a US State or jurisdiction code; use a two-letter code such as TX, or each`,
      },
    ),
    ...thresholdShape,
  })
  .superRefine(checkThreshold);
/** See {@link residentsConditionSchema}. */
export type ResidentsCondition = z.infer<typeof residentsConditionSchema>;

/** When every stated condition holds, the rule applies; an absent condition does not restrict. */
export const ruleConditionsSchema = z.strictObject({
  /** The entity must be one of these. */
  entityTypes: z.array(entityTypeSchema).min(1).optional(),
  /** Bound on the total number of affected individuals. */
  totalAffected: countThresholdSchema.optional(),
  /** Bound on the affected residents of a jurisdiction. */
  residents: residentsConditionSchema.optional(),
  /** The entity must be an SEC registrant. */
  publicCompany: z.literal(true).optional(),
  /** Personal data of people in the EU must be affected. */
  euDataSubjects: z.literal(true).optional(),
  /** Each named attribute (declared in a pack's `attributes`) must be true. */
  attributes: z.array(attributeNameSchema).min(1).optional(),
});
/** See {@link ruleConditionsSchema}. */
export type RuleConditions = z.infer<typeof ruleConditionsSchema>;

/**
 * What to do when a trigger time the facts may not yet hold is missing: `cannot-compute` lists the obligation
 * as waiting for it; `use-discovery` uses the discovery time instead (the earliest it can be, so the earliest
 * due date) and says so in the basis.
 */
export const whenUnknownSchema = z.enum(['cannot-compute', 'use-discovery']);

/** What starts the clock. */
export const triggerSchema = z.discriminatedUnion('type', [
  /** Discovery of the breach (HIPAA: first known, or by reasonable diligence would have been known). */
  z.strictObject({ type: z.literal('discovery') }),
  /** The determination that a breach occurred (several States). */
  z.strictObject({
    type: z.literal('determination'),
    whenUnknown: whenUnknownSchema.default('cannot-compute'),
  }),
  /** Becoming aware of a personal data breach (GDPR Art. 33). */
  z.strictObject({ type: z.literal('awareness'), whenUnknown: whenUnknownSchema.default('cannot-compute') }),
  /** The determination that a cybersecurity incident is material (SEC Item 1.05); never assumed. */
  z.strictObject({ type: z.literal('materiality-determination') }),
  /** The end (last millisecond of 31 December, local) of the calendar year of discovery. */
  z.strictObject({ type: z.literal('end-of-calendar-year') }),
  /** The first of these obligations (of those that apply) being met, e.g. HHS notified. */
  z.strictObject({ type: z.literal('obligation-met'), obligations: z.array(ruleIdSchema).min(1) }),
]);
/** See {@link triggerSchema}. */
export type Trigger = z.infer<typeof triggerSchema>;

/** How the due instant follows from the trigger. */
export const deadlineSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('calendar-days'), days: z.number().int().min(1).max(3660) }),
  z.strictObject({
    type: z.literal('business-days'),
    days: z.number().int().min(1).max(366),
    calendar: holidayCalendarSchema,
  }),
  z.strictObject({ type: z.literal('hours'), hours: z.number().int().min(1).max(87_840) }),
  /**
   * At the same time as another obligation: when that one is met, or at the latest that one's due instant.
   * It inherits that obligation's tolling.
   */
  z.strictObject({ type: z.literal('contemporaneous'), with: ruleIdSchema }),
  /** N days after the end of the calendar year in which the trigger falls. */
  z.strictObject({ type: z.literal('days-after-calendar-year-end'), days: z.number().int().min(1).max(366) }),
]);
/** See {@link deadlineSchema}. */
export type Deadline = z.infer<typeof deadlineSchema>;

/** One notification obligation as the law states it. */
export const ruleSchema = z.strictObject({
  id: ruleIdSchema,
  /** Short name for people, e.g. "Notice to each affected individual". */
  title: z.string().trim().min(1),
  regime: regimeSchema,
  recipient: recipientSchema,
  trigger: triggerSchema,
  conditions: ruleConditionsSchema.default({}),
  deadline: deadlineSchema,
  /** Ids of tolling rules (in any pack) that can extend this deadline. */
  tolledBy: z.array(ruleIdSchema).default([]),
  /** The law's own wording of the limit, e.g. "without unreasonable delay and in no case later than 60 calendar days after discovery". */
  outerLimit: z.string().trim().min(1),
  citation: z.string().trim().min(1),
  /** Ambiguities, readings chosen, and what to verify. */
  notes: z.string().trim().min(1).optional(),
  /** When the rule was last checked. */
  verifiedOn: isoDateSchema,
  /** What it was checked against (primary text, or which secondary sources). */
  verifiedAgainst: z.string().trim().min(1),
});
/** See {@link ruleSchema}. */
export type Rule = z.infer<typeof ruleSchema>;

/**
 * A rule that extends deadlines instead of creating one. `law-enforcement-delay` (45 CFR 164.412 and its
 * copies): a written statement delays notice for the period it states; an oral one for at most
 * `oralMaxDays` from the statement unless a written statement arrives within that time.
 */
export const tollingRuleSchema = z.strictObject({
  id: ruleIdSchema,
  kind: z.literal('law-enforcement-delay'),
  oralMaxDays: z.number().int().min(1).max(365),
  citation: z.string().trim().min(1),
  notes: z.string().trim().min(1).optional(),
  verifiedOn: isoDateSchema,
  verifiedAgainst: z.string().trim().min(1),
});
/** See {@link tollingRuleSchema}. */
export type TollingRule = z.infer<typeof tollingRuleSchema>;

/** A rule pack: the rules of one body of law (a `templates/regulations/*.yaml` file, or the same as JSON). */
export const rulePackSchema = z.strictObject({
  pack: ruleIdSchema,
  title: z.string().trim().min(1),
  /** Yes/no facts the rules of this pack depend on: name → the question, for people. */
  attributes: z.record(attributeNameSchema, z.string().trim().min(1)).default({}),
  tolling: z.array(tollingRuleSchema).default([]),
  rules: z.array(ruleSchema).min(1, 'list at least one rule'),
});
/** A validated rule pack. */
export type RulePack = z.infer<typeof rulePackSchema>;
/** A rule pack as written (defaults not yet applied) — what a YAML file or JSON document holds. */
export type RulePackInput = z.input<typeof rulePackSchema>;
