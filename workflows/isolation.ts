import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { IntegrationLockResult } from '../activities/salesforce';
import { removedAssignmentsOf, type ActionResult } from '../domain/salesforce/results';
import type { RemovedAssignment } from '../domain/salesforce/action-inputs';

/** Salesforce actions a runbook step can run. */
export type ContainmentStepAction =
  | 'freezeUsers'
  | 'endSessions'
  | 'revokeConnectedAppTokens'
  | 'lockIntegrationUser'
  | 'deactivateUsers'
  | 'removePermissionSetAssignments';

/** How to undo exactly what one step changed. */
export interface CompensationEntry {
  stepId: string;
  action: 'unfreezeUsers' | 'reactivateUsers' | 'restorePermissionSetAssignments';
  /** Users to unfreeze/reactivate (only those the step changed). */
  userIds?: string[];
  /** Assignments to re-insert (only those the step removed). */
  assignments?: RemovedAssignment[];
  description: string;
}

/** Input of {@link isolationWorkflow}. */
export interface IsolationRequest {
  incidentId: string;
  org: string;
  mode: 'live' | 'dry-run';
  operation:
    | { kind: 'apply'; stepId: string; action: ContainmentStepAction; input: Record<string, unknown> }
    | { kind: 'compensate'; entries: CompensationEntry[] };
}

/** The result of one applied step: the action's result and how to undo it. */
export interface AppliedStep {
  kind: 'applied';
  stepId: string;
  action: ContainmentStepAction;
  /** Every Salesforce result of the step (one, or four for an integration lock). */
  results: ActionResult[];
  /** Users the step targeted, and those it changed (or would change, in dry-run). */
  userIds: string[];
  changedUserIds: string[];
  removedAssignments: RemovedAssignment[];
  compensation: CompensationEntry[];
  irreversible: boolean;
}

/** The result of a compensation run. */
export interface CompensatedSteps {
  kind: 'compensated';
  results: Array<{ entry: CompensationEntry; result: ActionResult }>;
}

// Containment can run long on big orgs: a generous start-to-close, a short heartbeat so a dead worker's
// attempt is retried on another within seconds (the activity resumes from its last heartbeat).
const sf = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '15 seconds',
  retry: {
    initialInterval: '2 seconds',
    maximumInterval: '1 minute',
    maximumAttempts: 20,
    nonRetryableErrorTypes: ['INVALID_INPUT'],
  },
});

const changed = (r: ActionResult) =>
  r.targets.filter((t) => t.outcome === 'changed' || t.outcome === 'planned');
const unique = (ids: string[]) => [...new Set(ids)].sort();

function applied(
  stepId: string,
  action: ContainmentStepAction,
  results: ActionResult[],
  extra: Partial<AppliedStep> = {},
): AppliedStep {
  return {
    kind: 'applied',
    stepId,
    action,
    results,
    userIds: unique(
      results.flatMap((r) => [...r.targets.map((t) => t.userId), ...r.unmatched.map((u) => u.userId)]),
    ),
    changedUserIds: unique(results.flatMap((r) => changed(r).map((t) => t.userId))),
    removedAssignments: [],
    compensation: [],
    irreversible: results.some((r) => r.irreversible),
    ...extra,
  };
}

async function apply(
  req: IsolationRequest,
  op: Extract<IsolationRequest['operation'], { kind: 'apply' }>,
): Promise<AppliedStep> {
  const base = { org: req.org, mode: req.mode };
  const live = req.mode === 'live';
  switch (op.action) {
    case 'freezeUsers': {
      const r = await sf.freezeUsers({ ...base, targets: op.input.targets as never });
      const ids = live ? changed(r).map((t) => t.userId) : [];
      return applied(op.stepId, op.action, [r], {
        compensation: ids.length
          ? [
              {
                stepId: op.stepId,
                action: 'unfreezeUsers',
                userIds: ids,
                description: `unfreeze the ${ids.length} user(s) this step froze`,
              },
            ]
          : [],
      });
    }
    case 'deactivateUsers': {
      const r = await sf.deactivateUsers({ ...base, targets: op.input.targets as never });
      const ids = live ? changed(r).map((t) => t.userId) : [];
      return applied(op.stepId, op.action, [r], {
        compensation: ids.length
          ? [
              {
                stepId: op.stepId,
                action: 'reactivateUsers',
                userIds: ids,
                description: `reactivate the ${ids.length} user(s) this step deactivated (their manual sharing is not restored)`,
              },
            ]
          : [],
      });
    }
    case 'endSessions':
      return applied(op.stepId, op.action, [
        await sf.endSessions({ ...base, targets: op.input.targets as never }),
      ]);
    case 'revokeConnectedAppTokens':
      return applied(op.stepId, op.action, [
        await sf.revokeConnectedAppTokens({
          ...base,
          targets: {
            appNames: (op.input.appNames as string[] | undefined) ?? [],
            users: op.input.users as never,
          },
        }),
      ]);
    case 'removePermissionSetAssignments': {
      const r = await sf.removePermissionSetAssignments({
        ...base,
        targets: op.input.targets as never,
        permissionSets: op.input.permissionSets as string[] | undefined,
      });
      const removed = removedAssignmentsOf(r, ['changed', 'planned']);
      return applied(op.stepId, op.action, [r], {
        removedAssignments: removed,
        compensation:
          live && removed.length
            ? [
                {
                  stepId: op.stepId,
                  action: 'restorePermissionSetAssignments',
                  assignments: removed,
                  description: `re-insert the ${removed.length} permission set assignment(s) this step removed`,
                },
              ]
            : [],
      });
    }
    case 'lockIntegrationUser': {
      const lock: IntegrationLockResult = await sf.lockIntegrationUser({
        ...base,
        userId: op.input.userId as string,
        permissionSets: op.input.permissionSets as string[] | undefined,
        appNames: op.input.appNames as string[] | undefined,
      });
      const { freeze, endSessions, revokeTokens, removeAssignments } = lock.steps;
      const frozen = live ? changed(freeze).map((t) => t.userId) : [];
      const removed = removedAssignmentsOf(removeAssignments, ['changed', 'planned']);
      // Entries in the order the changes were made; compensation runs them in reverse (assignments, then unfreeze).
      const compensation: CompensationEntry[] = [];
      if (frozen.length)
        compensation.push({
          stepId: op.stepId,
          action: 'unfreezeUsers',
          userIds: frozen,
          description: 'unfreeze the integration user (revoked tokens stay revoked)',
        });
      if (live && removed.length)
        compensation.push({
          stepId: op.stepId,
          action: 'restorePermissionSetAssignments',
          assignments: removed,
          description: `re-insert the ${removed.length} permission set assignment(s) the lock removed`,
        });
      return applied(op.stepId, op.action, [freeze, endSessions, revokeTokens, removeAssignments], {
        removedAssignments: removed,
        compensation,
      });
    }
  }
}

/**
 * Runs one containment step against Salesforce and returns what it changed and how to undo it; or, for a
 * compensation, undoes recorded changes in reverse order — exactly the users it froze, exactly the assignments
 * it removed, nothing else.
 */
export async function isolationWorkflow(req: IsolationRequest): Promise<AppliedStep | CompensatedSteps> {
  if (req.operation.kind === 'apply') return apply(req, req.operation);
  const results: CompensatedSteps['results'] = [];
  for (const entry of [...req.operation.entries].reverse()) {
    const base = { org: req.org, mode: req.mode };
    let result: ActionResult;
    if (entry.action === 'restorePermissionSetAssignments') {
      result = await sf.restorePermissionSetAssignments({ ...base, assignments: entry.assignments ?? [] });
    } else {
      const run = entry.action === 'unfreezeUsers' ? sf.unfreezeUsers : sf.reactivateUsers;
      result = await run({ ...base, targets: { userIds: entry.userIds ?? [] } });
    }
    results.push({ entry, result });
  }
  return { kind: 'compensated', results };
}
