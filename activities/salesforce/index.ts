import type { IncidentMode } from '../../domain/mode';
import {
  lockIntegrationUserInputSchema,
  removeAssignmentsInputSchema,
  restoreAssignmentsInputSchema,
  revokeTokensInputSchema,
  unlockIntegrationUserInputSchema,
  userActionInputSchema,
  type LockIntegrationUserInput,
  type RemoveAssignmentsInput,
  type RemovedAssignment,
  type RestoreAssignmentsInput,
  type RevokeTokensInput,
  type UnlockIntegrationUserInput,
  type UserActionInput,
} from '../../domain/salesforce/action-inputs';
import { removedAssignmentsOf, type ActionResult } from '../../domain/salesforce/results';
import {
  changeField,
  endSessions,
  removeAssignments,
  restoreAssignments,
  revokeTokens,
  type FieldChangeSpec,
} from './actions';
import * as path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { formatZodIssues } from '../../domain/zod-issues';
import { SalesforceApi } from './api';
import { collectEvidence, collectInputSchema, type CollectInput, type EvidenceManifest } from './collect';
import type { ConnectionProvider } from './connection-provider';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';
import { ActionRun, type RunDeps } from './run';

/** What the Salesforce activities need; tests pass a provider pointed at the simulator. */
export interface SalesforceActivityDeps {
  connections: ConnectionProvider;
  retryPolicy?: RetryPolicy;
  /** TOURNIQUET_MODE (default live): anything else turns every write into a dry-run. */
  workerMode?: IncidentMode;
  now?: () => number;
  /** Folder under which each incident's evidence is collected (`<root>/<incidentId>/collection-<time>`). */
  evidenceRoot?: string;
}

/** The result of locking an integration user: each step's result, and the assignments to restore on unlock. */
export interface IntegrationLockResult {
  action: 'lockIntegrationUser';
  org: string;
  mode: 'live' | 'dry-run';
  userId: string;
  status: ActionResult['status'];
  irreversible: true;
  steps: {
    freeze: ActionResult;
    endSessions: ActionResult;
    revokeTokens: ActionResult;
    removeAssignments: ActionResult;
  };
  /** Pass these to unlockIntegrationUser to re-insert exactly what was removed. */
  removedAssignments: RemovedAssignment[];
}

/** The result of unlocking an integration user. */
export interface IntegrationUnlockResult {
  action: 'unlockIntegrationUser';
  org: string;
  mode: 'live' | 'dry-run';
  userId: string;
  status: ActionResult['status'];
  steps: { unfreeze: ActionResult; restoreAssignments?: ActionResult };
  notes: string[];
}

const FREEZE_NOTE =
  'Freezing blocks new logins only; live sessions and OAuth tokens stay valid until ended or revoked.';
const SHARING_NOTE =
  'Manual and team sharing of a deactivated user is removed and does not come back on reactivation.';

const FIELD_SPECS = {
  freezeUsers: {
    action: 'freezeUsers',
    object: 'UserLogin',
    userField: 'UserId',
    field: 'IsFrozen',
    value: true,
    unmatchedReason: 'no UserLogin record for this user',
    notes: [FREEZE_NOTE],
  },
  unfreezeUsers: {
    action: 'unfreezeUsers',
    object: 'UserLogin',
    userField: 'UserId',
    field: 'IsFrozen',
    value: false,
    unmatchedReason: 'no UserLogin record for this user',
    notes: [],
  },
  deactivateUsers: {
    action: 'deactivateUsers',
    object: 'User',
    userField: 'Id',
    field: 'IsActive',
    value: false,
    unmatchedReason: 'no such user',
    notes: [
      SHARING_NOTE,
      'Salesforce refuses to deactivate a default lead or case owner, the sole recipient of an email alert, a user in a custom hierarchy field, or a portal admin: freeze those users instead.',
    ],
  },
  reactivateUsers: {
    action: 'reactivateUsers',
    object: 'User',
    userField: 'Id',
    field: 'IsActive',
    value: true,
    unmatchedReason: 'no such user',
    notes: [SHARING_NOTE],
  },
} satisfies Record<string, FieldChangeSpec>;

function overall(results: readonly ActionResult[], mode: 'live' | 'dry-run'): ActionResult['status'] {
  if (mode === 'dry-run') return 'planned';
  if (results.every((r) => r.status === 'completed')) return 'completed';
  return results.every((r) => r.status === 'failed') ? 'failed' : 'partial';
}

/**
 * Builds the Salesforce containment activities. Every action validates its input with zod, reads the current
 * state, plans, and (in live mode) writes in batches of 200 with retries; it returns per-target before/after
 * state. Dry-run performs the same reads and returns the same plan, marked planned, writing nothing.
 */
export function createSalesforceActivities(deps: SalesforceActivityDeps) {
  const runDeps: RunDeps = {
    connections: deps.connections,
    retryPolicy: deps.retryPolicy ?? DEFAULT_RETRY_POLICY,
    workerMode: deps.workerMode ?? 'live',
    now: deps.now ?? Date.now,
  };
  const fieldAction = (spec: FieldChangeSpec) => async (input: UserActionInput) => {
    const run = await ActionRun.start(spec.action, userActionInputSchema, input, runDeps);
    return changeField(run, spec, run.input.targets);
  };

  return {
    /** Freezes users (UserLogin.IsFrozen = true). Reversible with unfreezeUsers. */
    freezeUsers: fieldAction(FIELD_SPECS.freezeUsers),
    /** Unfreezes users (UserLogin.IsFrozen = false). */
    unfreezeUsers: fieldAction(FIELD_SPECS.unfreezeUsers),
    /** Deactivates users (User.IsActive = false); see the result's notes for Salesforce's side effects. */
    deactivateUsers: fieldAction(FIELD_SPECS.deactivateUsers),
    /** Reactivates users (User.IsActive = true). */
    reactivateUsers: fieldAction(FIELD_SPECS.reactivateUsers),

    /** Ends every session of the targeted users. */
    async endSessions(input: UserActionInput): Promise<ActionResult> {
      const run = await ActionRun.start('endSessions', userActionInputSchema, input, runDeps);
      return endSessions(run, run.input.targets);
    },

    /** Revokes connected-app tokens by app and/or user. Irreversible. */
    async revokeConnectedAppTokens(input: RevokeTokensInput): Promise<ActionResult> {
      const run = await ActionRun.start('revokeConnectedAppTokens', revokeTokensInputSchema, input, runDeps);
      return revokeTokens(run, run.input.targets.appNames, run.input.targets.users);
    },

    /** Removes permission set assignments, recording each for restore. */
    async removePermissionSetAssignments(input: RemoveAssignmentsInput): Promise<ActionResult> {
      const run = await ActionRun.start(
        'removePermissionSetAssignments',
        removeAssignmentsInputSchema,
        input,
        runDeps,
      );
      return removeAssignments(run, run.input.targets, run.input.permissionSets);
    },

    /** Re-inserts permission set assignments that a removal recorded. */
    async restorePermissionSetAssignments(input: RestoreAssignmentsInput): Promise<ActionResult> {
      const run = await ActionRun.start(
        'restorePermissionSetAssignments',
        restoreAssignmentsInputSchema,
        input,
        runDeps,
      );
      return restoreAssignments(run, run.input.assignments);
    },

    /** Locks an integration user: freeze, end sessions, revoke its tokens, remove its permission set assignments. */
    async lockIntegrationUser(input: LockIntegrationUserInput): Promise<IntegrationLockResult> {
      const run = await ActionRun.start(
        'lockIntegrationUser',
        lockIntegrationUserInputSchema,
        input,
        runDeps,
      );
      const targets = { userIds: [run.input.userId], selectors: [] };
      const freeze = await changeField(run, FIELD_SPECS.freezeUsers, targets);
      const sessions = await endSessions(run, targets);
      const tokens = await revokeTokens(run, run.input.appNames ?? [], targets);
      const assignments = await removeAssignments(run, targets, run.input.permissionSets);
      return {
        action: 'lockIntegrationUser',
        org: run.input.org,
        mode: run.mode,
        userId: run.input.userId,
        status: overall([freeze, sessions, tokens, assignments], run.mode),
        irreversible: true,
        steps: { freeze, endSessions: sessions, revokeTokens: tokens, removeAssignments: assignments },
        removedAssignments: removedAssignmentsOf(assignments),
      };
    },

    /**
     * Collects audit evidence (EventLogFiles, SetupAuditTrail, LoginHistory, Real-Time Event Monitoring) for a
     * window into a new folder of the incident's evidence, with a SHA-256 manifest.
     */
    async collectEvidence(input: CollectInput): Promise<EvidenceManifest & { evidenceDir: string }> {
      const parsed = collectInputSchema.safeParse(input);
      if (!parsed.success)
        throw ApplicationFailure.nonRetryable(
          `collectEvidence: invalid input:\n${formatZodIssues(parsed.error)}`,
          'INVALID_INPUT',
        );
      if (!deps.evidenceRoot)
        throw ApplicationFailure.nonRetryable(
          'collectEvidence: this worker has no evidence folder configured.',
          'NO_EVIDENCE_ROOT',
        );
      const org = await deps.connections(parsed.data.org);
      const stamp = new Date(runDeps.now()).toISOString().replace(/[:.]/g, '');
      const evidenceDir = path.join(deps.evidenceRoot, parsed.data.incidentId, `collection-${stamp}`);
      const manifest = await collectEvidence(
        new SalesforceApi(org, runDeps.retryPolicy),
        org,
        parsed.data,
        evidenceDir,
      );
      return { ...manifest, evidenceDir };
    },

    /** Unlocks an integration user: unfreeze and re-insert the removed assignments. Revoked tokens stay revoked. */
    async unlockIntegrationUser(input: UnlockIntegrationUserInput): Promise<IntegrationUnlockResult> {
      const run = await ActionRun.start(
        'unlockIntegrationUser',
        unlockIntegrationUserInputSchema,
        input,
        runDeps,
      );
      const unfreeze = await changeField(run, FIELD_SPECS.unfreezeUsers, {
        userIds: [run.input.userId],
        selectors: [],
      });
      const restore = run.input.restoreAssignments.length
        ? await restoreAssignments(run, run.input.restoreAssignments)
        : undefined;
      const results = restore ? [unfreeze, restore] : [unfreeze];
      return {
        action: 'unlockIntegrationUser',
        org: run.input.org,
        mode: run.mode,
        userId: run.input.userId,
        status: overall(results, run.mode),
        steps: { unfreeze, ...(restore ? { restoreAssignments: restore } : {}) },
        notes: ['Revoked connected-app tokens cannot be restored: the integration must be re-authorised.'],
      };
    },
  };
}

/** The Salesforce activity functions. */
export type SalesforceActivities = ReturnType<typeof createSalesforceActivities>;
