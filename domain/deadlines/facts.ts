import { z } from 'zod';
import { DeadlineInputError, spellFieldPath } from './errors';
import { INSTANT_HELP, parseInstant } from './instant';
import { canonicalTimeZone, isKnownTimeZone } from './time-zone';
import { entityTypeSchema, usJurisdictionSchema, type UsJurisdiction } from './vocabulary';

/** An ISO 8601 instant with its offset; stays a string (JSON-friendly) once validated. */
export const instantTextSchema = z.string().refine((text) => parseInstant(text) !== undefined, {
  error: (issue) => `"${String(issue.input)}" is not ${INSTANT_HELP}`,
});

/** A statement by a law-enforcement official that notice would impede an investigation (45 CFR 164.412). */
export const lawEnforcementDelaySchema = z
  .strictObject({
    type: z.literal('law-enforcement-delay'),
    /** `written` delays for the stated period; `oral` for at most 30 days unless made written in that time. */
    form: z.enum(['written', 'oral']),
    /** When the official made the statement. */
    statedAt: instantTextSchema,
    /** The end of the delay the official stated (required for a written statement). */
    until: instantTextSchema.optional(),
    /** Only these obligation (rule or obligation) ids are delayed; absent: every obligation the delay can toll. */
    obligations: z.array(z.string().min(1)).min(1).optional(),
  })
  .superRefine((event, ctx) => {
    if (event.form === 'written' && event.until === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['until'],
        message: 'a written statement must give the end of the delay it asks for (164.412(a))',
      });
    const stated = parseInstant(event.statedAt);
    const until = event.until === undefined ? undefined : parseInstant(event.until);
    if (stated !== undefined && until !== undefined && until < stated)
      ctx.addIssue({
        code: 'custom',
        path: ['until'],
        message: 'is before statedAt: a delay ends after it is stated',
      });
  });

/** Something that happened since discovery and bears on the deadlines. */
export const deadlineEventSchema = z.discriminatedUnion('type', [
  lawEnforcementDelaySchema,
  /** Notice went to every affected individual: meets every obligation whose recipient is `individuals`. */
  z.strictObject({ type: z.literal('individuals-notified'), at: instantTextSchema }),
  /** HHS was notified: meets every obligation whose recipient is `hhs`. */
  z.strictObject({ type: z.literal('hhs-notified'), at: instantTextSchema }),
  /** One obligation (by obligation id, e.g. `hipaa-media:CA`, or rule id for all its obligations) was met. */
  z.strictObject({ type: z.literal('obligation-met'), obligation: z.string().min(1), at: instantTextSchema }),
]);
/** See {@link deadlineEventSchema}. */
export type DeadlineEvent = z.infer<typeof deadlineEventSchema>;
/** See {@link lawEnforcementDelaySchema}. */
export type LawEnforcementDelay = z.infer<typeof lawEnforcementDelaySchema>;

/** How many individuals are affected: the total, and per jurisdiction when known. */
export const affectedSchema = z
  .strictObject({
    total: z.number().int().nonnegative(),
    /**
     * Affected residents per US jurisdiction. When given, it lists every jurisdiction with affected residents
     * (an unlisted one has none; the rest of `total` lives outside them). When absent, per-jurisdiction rules
     * that cannot be decided from the total are reported as needing these counts.
     */
    byJurisdiction: z.record(z.string(), z.number().int().nonnegative()).optional(),
  })
  .superRefine((affected, ctx) => {
    const entries = Object.entries(affected.byJurisdiction ?? {});
    for (const [code] of entries) {
      const result = usJurisdictionSchema.safeParse(code);
      if (!result.success)
        ctx.addIssue({
          code: 'custom',
          path: ['byJurisdiction', code],
          message: result.error.issues[0].message,
        });
    }
    const sum = entries.reduce((n, [, v]) => n + v, 0);
    if (sum > affected.total)
      ctx.addIssue({
        code: 'custom',
        path: ['total'],
        message: `is ${affected.total}, fewer than the ${sum} residents listed per jurisdiction; give the total of everyone affected`,
      });
  });

/** Everything the evaluator needs to know about an incident, as plain JSON (instants as ISO strings). */
export const deadlineFactsSchema = z.strictObject({
  /** When the breach was discovered. */
  discoveredAt: instantTextSchema,
  /** IANA zone whose calendar and clock count the days, e.g. `America/New_York`. */
  timeZone: z
    .string()
    .refine(isKnownTimeZone, {
      error: (issue) =>
        `"${String(issue.input)}" is not a known IANA time zone; use a name such as America/New_York or UTC`,
    })
    .transform(canonicalTimeZone),
  entityType: entityTypeSchema,
  affected: affectedSchema,
  /** The entity is an SEC registrant. */
  publicCompany: z.boolean().default(false),
  /** When the incident was determined to be material (SEC Item 1.05). */
  materialityDeterminedAt: instantTextSchema.optional(),
  /** Personal data of people in the EU is affected. */
  euDataSubjects: z.boolean().default(false),
  /** When the entity became aware of the personal data breach (GDPR Art. 33). */
  awareAt: instantTextSchema.optional(),
  /** When the entity determined that a breach occurred (State laws counting from determination). */
  determinedAt: instantTextSchema.optional(),
  /** Answers to the packs' yes/no attributes, e.g. `{ "ca-licensed-health-facility": true }`. */
  attributes: z.record(z.string(), z.boolean()).default({}),
  events: z.array(deadlineEventSchema).default([]),
  /** The evaluation's "now": statuses (overdue, due soon) are relative to it. */
  now: instantTextSchema,
  /** Obligations due within this many hours of `now` are `due-soon`. */
  dueSoonWithinHours: z.number().positive().default(72),
});

/** The facts as a caller writes them (optional fields may be left out). */
export type DeadlineFactsInput = z.input<typeof deadlineFactsSchema>;
/** The facts after validation, defaults applied and the zone's name canonical. */
export type DeadlineFacts = z.output<typeof deadlineFactsSchema>;

/** Affected residents of `jurisdiction`, or `undefined` when per-jurisdiction counts were not given. */
export function residentsOf(facts: DeadlineFacts, jurisdiction: UsJurisdiction): number | undefined {
  if (!facts.affected.byJurisdiction) return undefined;
  return facts.affected.byJurisdiction[jurisdiction] ?? 0;
}

/** Validates evaluator input; throws {@link DeadlineInputError} naming every bad field and what it expects. */
export function parseDeadlineFacts(input: unknown): DeadlineFacts {
  const result = deadlineFactsSchema.safeParse(input);
  if (result.success) return result.data;
  throw new DeadlineInputError(
    result.error.issues.map((issue) => ({ field: spellFieldPath(issue.path), message: issue.message })),
  );
}

/** The instant an ISO string validated by {@link instantTextSchema} stands for. */
export function instantOf(text: string): number {
  const instant = parseInstant(text);
  if (instant === undefined) throw new RangeError(`not a validated instant: ${text}`);
  return instant;
}
