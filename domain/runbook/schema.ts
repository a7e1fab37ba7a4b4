import { z } from 'zod';
import { parseAffectedText } from '../deadlines/affected-text';
import { isKnownTimeZone } from '../deadlines/time-zone';
import { entityTypeSchema } from '../deadlines/vocabulary';
import {
  connectedAppNameSchema,
  permissionSetNameSchema,
  salesforceIdSchema,
  userTargetsSchema,
} from '../salesforce/targets';

/** Roles an actor can hold (from the roles file). */
export const roleSchema = z.enum(['commander', 'approver', 'legal', 'observer']);
/** See {@link roleSchema}. */
export type Role = z.infer<typeof roleSchema>;

/** Every action a step can name. `manual` is a task a person does and confirms. */
export const stepActionSchema = z.enum([
  'salesforce.freezeUsers',
  'salesforce.endSessions',
  'salesforce.revokeConnectedAppTokens',
  'salesforce.lockIntegrationUser',
  'salesforce.deactivateUsers',
  'salesforce.removePermissionSetAssignments',
  'timeline.build',
  'deadlines.start',
  'notify',
  'manual',
]);
/** See {@link stepActionSchema}. */
export type StepAction = z.infer<typeof stepActionSchema>;

/** Salesforce actions that cannot be undone through the API: they need an approval and `reversible: false`. */
export const IRREVERSIBLE_ACTIONS: ReadonlySet<StepAction> = new Set([
  'salesforce.revokeConnectedAppTokens',
  'salesforce.lockIntegrationUser',
  'salesforce.endSessions',
]);

/** Parameter types a runbook can declare; each has a zod schema for the value given at declaration. */
export const parameterTypeSchema = z.enum([
  'org',
  'userTargets',
  'userId',
  'connectedAppNames',
  'permissionSetNames',
  'duration',
  'text',
  'entityType',
  'timeZone',
  'affectedCounts',
]);
/** See {@link parameterTypeSchema}. */
export type ParameterType = z.infer<typeof parameterTypeSchema>;

/** A duration like `90s`, `15m`, `4h`, `2d`. */
export const durationSchema = z
  .string()
  .regex(/^\d+(s|m|h|d)$/, "a duration such as '90s', '15m', '4h' or '2d'");

/** Validators of parameter values by type (also used when `--param k=v` values are parsed). */
export const PARAMETER_VALUE_SCHEMAS: Record<ParameterType, z.ZodType> = {
  org: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be the name of a configured Salesforce org'),
  userTargets: userTargetsSchema,
  userId: salesforceIdSchema,
  connectedAppNames: z.array(connectedAppNameSchema).min(1),
  permissionSetNames: z.array(permissionSetNameSchema).min(1),
  duration: durationSchema,
  text: z.string().min(1).max(2000),
  entityType: entityTypeSchema,
  timeZone: z.string().refine(isKnownTimeZone, {
    error: (issue) =>
      `"${String(issue.input)}" is not a known IANA time zone; use a name such as America/New_York`,
  }),
  affectedCounts: z.string().superRefine((text, ctx) => {
    const parsed = parseAffectedText(text, 'affected');
    if (!parsed.ok) for (const message of parsed.problems) ctx.addIssue({ code: 'custom', message });
  }),
};

const idSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,62}$/, 'use lower-case letters, digits and dashes, starting with a letter');

/** Converts a {@link durationSchema} string to milliseconds. */
export function durationMs(duration: string): number {
  const n = Number(duration.slice(0, -1));
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[
    duration.slice(-1) as 's' | 'm' | 'h' | 'd'
  ];
  return n * unit;
}

/** Where a step input comes from: a runbook parameter, an earlier step's output, or a literal value. */
export const inputSourceSchema = z.union([
  z.object({ param: idSchema.or(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/)) }).strict(),
  z.object({ step: idSchema, output: z.enum(['userIds', 'changedUserIds', 'removedAssignments']) }).strict(),
  z.object({ value: z.unknown() }).strict(),
]);
/** See {@link inputSourceSchema}. */
export type InputSource = z.infer<typeof inputSourceSchema>;

/** Who must approve a step before it runs. `two-person`: two distinct approvers, neither the requester. */
export const approvalSchema = z.discriminatedUnion('policy', [
  z.object({ policy: z.literal('none') }).strict(),
  z.object({ policy: z.literal('one'), role: roleSchema }).strict(),
  z.object({ policy: z.literal('two-person'), role: roleSchema }).strict(),
]);
/** See {@link approvalSchema}. */
export type ApprovalPolicy = z.infer<typeof approvalSchema>;

/** One runbook step. */
export const stepSchema = z
  .object({
    id: idSchema,
    title: z.string().min(1),
    action: stepActionSchema,
    /** What a person does, for `manual` steps (and shown for every step). */
    instructions: z.string().optional(),
    /** Action inputs by name; see the README's runbook section for each action's inputs. */
    inputs: z.record(z.string(), inputSourceSchema).default({}),
    approval: approvalSchema.default({ policy: 'none' }),
    /** Longest wait for approvals or a manual task before the step fails (its onFailure policy applies). */
    timeout: durationSchema.optional(),
    /** When still waiting after this long, notify the roles listed once. */
    escalation: z
      .object({ after: durationSchema, notify: z.array(roleSchema).min(1) })
      .strict()
      .optional(),
    /** Must be false for actions that cannot be undone (revoking tokens, ending sessions, locking integrations). */
    reversible: z.boolean(),
    onFailure: z.enum(['stop', 'continue', 'compensate']).default('stop'),
  })
  .strict();
/** See {@link stepSchema}. */
export type RunbookStep = z.infer<typeof stepSchema>;

/** A runbook: typed parameters and phases of steps. */
export const runbookSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9-]{2,80}$/, 'lower-case letters, digits and dashes'),
    version: z.number().int().positive(),
    description: z.string().min(1),
    parameters: z.record(
      z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, 'parameter names are camelCase identifiers'),
      z
        .object({
          type: parameterTypeSchema,
          description: z.string().min(1),
          required: z.boolean().default(true),
          default: z.unknown().optional(),
        })
        .strict(),
    ),
    phases: z
      .array(z.object({ id: idSchema, title: z.string().min(1), steps: z.array(stepSchema).min(1) }).strict())
      .min(1),
  })
  .strict();
/** A validated runbook. */
export type Runbook = z.infer<typeof runbookSchema>;
