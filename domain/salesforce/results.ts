import type { RemovedAssignment } from './action-inputs';

/** A field value as read from Salesforce and recorded in results. */
export type FieldValue = string | number | boolean | null;

/** What happened to one target record. */
export type TargetOutcome =
  /** Live: the change was made. */
  | 'changed'
  /** Dry-run: the change would be made. */
  | 'planned'
  /** Already in the target state: nothing to do (this is what makes a second run change nothing). */
  | 'already'
  /** The change failed; see `error`. */
  | 'failed';

/** One target record: its state before and after, and what happened. */
export interface TargetResult {
  object: 'User' | 'UserLogin' | 'AuthSession' | 'OauthToken' | 'PermissionSetAssignment';
  /** The record's 18-character id (for a user without a UserLogin row: the user id). */
  id: string;
  /** The user the record belongs to. */
  userId: string;
  /** Relevant fields before; never secrets (no token values). `null` when the record did not exist. */
  before: Record<string, FieldValue> | null;
  /** Relevant fields after (planned, for dry-run); `null` when the record is gone. */
  after: Record<string, FieldValue> | null;
  outcome: TargetOutcome;
  error?: { code: string; message: string; attempts: number };
}

/** The containment actions. */
export type ContainmentActionName =
  | 'freezeUsers'
  | 'unfreezeUsers'
  | 'endSessions'
  | 'revokeConnectedAppTokens'
  | 'removePermissionSetAssignments'
  | 'restorePermissionSetAssignments'
  | 'deactivateUsers'
  | 'reactivateUsers';

/** The structured result every containment action returns. */
export interface ActionResult {
  action: ContainmentActionName;
  org: string;
  /** `live` writes; `dry-run` performs the same reads and returns the plan. */
  mode: 'live' | 'dry-run';
  /** `planned` (dry-run), `completed`, `partial` (some targets failed), `failed` (none succeeded). */
  status: 'planned' | 'completed' | 'partial' | 'failed';
  /** True when the change cannot be undone through the API (revoked tokens must be re-authorised). */
  irreversible: boolean;
  /** Salesforce behaviour a responder must know about (e.g. sharing lost on deactivation). */
  notes: string[];
  targets: TargetResult[];
  summary: Record<TargetOutcome, number> & { total: number };
  /** Users named by the targets that had nothing to act on, with the reason. */
  unmatched: Array<{ userId: string; reason: string }>;
  apiCalls: number;
  startedAt: number;
  finishedAt: number;
}

/** Counts outcomes and derives the overall status. */
export function summarise(
  targets: readonly TargetResult[],
  mode: 'live' | 'dry-run',
): Pick<ActionResult, 'summary' | 'status'> {
  const summary = { total: targets.length, changed: 0, planned: 0, already: 0, failed: 0 };
  for (const t of targets) summary[t.outcome]++;
  const status =
    mode === 'dry-run'
      ? 'planned'
      : summary.failed === 0
        ? 'completed'
        : summary.failed === summary.total
          ? 'failed'
          : 'partial';
  return { summary, status };
}

/**
 * The permission set assignments a removal took away (or, with `'planned'` included, would take away), in the
 * form restorePermissionSetAssignments accepts.
 */
export function removedAssignmentsOf(
  result: ActionResult,
  outcomes: readonly TargetOutcome[] = ['changed'],
): RemovedAssignment[] {
  return result.targets
    .filter((t) => t.object === 'PermissionSetAssignment' && outcomes.includes(t.outcome) && t.before)
    .map((t) => ({
      AssigneeId: t.userId,
      PermissionSetId: String(t.before!.PermissionSetId),
      PermissionSetName: (t.before!.PermissionSetName as string | null) ?? undefined,
      ExpirationDate: (t.before!.ExpirationDate as string | null) ?? null,
    }));
}
