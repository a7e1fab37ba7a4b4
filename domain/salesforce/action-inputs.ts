import { z } from 'zod';
import {
  connectedAppNameSchema,
  permissionSetNameSchema,
  salesforceIdSchema,
  tokenTargetsSchema,
  userTargetsSchema,
} from './targets';

/** A configured org's name. */
export const orgNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "must be the name of a configured org (letters, digits, '_' or '-')");

/** `live` writes; `dry-run` reads and plans only. */
export const actionModeSchema = z.enum(['live', 'dry-run']);

/** Input of freezeUsers, unfreezeUsers, endSessions, deactivateUsers, reactivateUsers. */
export const userActionInputSchema = z.object({
  org: orgNameSchema,
  mode: actionModeSchema,
  targets: userTargetsSchema,
});
/** See {@link userActionInputSchema}. */
export type UserActionInput = z.input<typeof userActionInputSchema>;

/** Input of revokeConnectedAppTokens. */
export const revokeTokensInputSchema = z.object({
  org: orgNameSchema,
  mode: actionModeSchema,
  targets: tokenTargetsSchema,
});
/** See {@link revokeTokensInputSchema}. */
export type RevokeTokensInput = z.input<typeof revokeTokensInputSchema>;

/** Input of removePermissionSetAssignments; without `permissionSets`, every assignment not owned by a profile. */
export const removeAssignmentsInputSchema = z.object({
  org: orgNameSchema,
  mode: actionModeSchema,
  targets: userTargetsSchema,
  permissionSets: z.array(permissionSetNameSchema).min(1).optional(),
});
/** See {@link removeAssignmentsInputSchema}. */
export type RemoveAssignmentsInput = z.input<typeof removeAssignmentsInputSchema>;

/** A permission set assignment as removed, so it can be re-inserted exactly. */
export const removedAssignmentSchema = z.object({
  AssigneeId: salesforceIdSchema,
  PermissionSetId: salesforceIdSchema,
  PermissionSetName: z.string().optional(),
  ExpirationDate: z.string().nullable().optional(),
});
/** See {@link removedAssignmentSchema}. */
export type RemovedAssignment = z.infer<typeof removedAssignmentSchema>;

/** Input of restorePermissionSetAssignments. */
export const restoreAssignmentsInputSchema = z.object({
  org: orgNameSchema,
  mode: actionModeSchema,
  assignments: z
    .array(removedAssignmentSchema)
    .min(1, 'list the assignments to restore (from the removal result)'),
});
/** See {@link restoreAssignmentsInputSchema}. */
export type RestoreAssignmentsInput = z.input<typeof restoreAssignmentsInputSchema>;

/** Input of lockIntegrationUser: freeze, end sessions, revoke tokens (all, or of the named apps), remove assignments. */
export const lockIntegrationUserInputSchema = z.object({
  org: orgNameSchema,
  mode: actionModeSchema,
  userId: salesforceIdSchema,
  permissionSets: z.array(permissionSetNameSchema).min(1).optional(),
  appNames: z.array(connectedAppNameSchema).min(1).optional(),
});
/** See {@link lockIntegrationUserInputSchema}. */
export type LockIntegrationUserInput = z.input<typeof lockIntegrationUserInputSchema>;

/** Input of unlockIntegrationUser: unfreeze and re-insert the assignments the lock removed. */
export const unlockIntegrationUserInputSchema = z.object({
  org: orgNameSchema,
  mode: actionModeSchema,
  userId: salesforceIdSchema,
  restoreAssignments: z.array(removedAssignmentSchema).default([]),
});
/** See {@link unlockIntegrationUserInputSchema}. */
export type UnlockIntegrationUserInput = z.input<typeof unlockIntegrationUserInputSchema>;
