import { ApplicationFailure } from '@temporalio/workflow';
import { actorSchema, type Actor } from '../domain/actor';
import { hasRole, type RoleDirectory } from '../domain/roles';
import type { Role, RunbookStep } from '../domain/runbook/schema';
import type { StepStatus } from './incident-types';

/** Refuses an update with a reason the caller shows; `type` is a stable code. */
export function refuse(message: string, type: string): never {
  throw ApplicationFailure.nonRetryable(message, type);
}

/** Checks that `actor` is well-formed, in the pinned roles file, and (when given) holds one of `roles`. */
export function requireActor(roles: RoleDirectory, actor: unknown, allowed?: readonly Role[]): Actor {
  const parsed = actorSchema.safeParse(actor);
  if (!parsed.success) refuse(`actor is invalid: ${parsed.error.issues[0]?.message}`, 'INVALID_REQUEST');
  const entry = roles[parsed.data.id];
  if (!entry)
    refuse(
      `Unknown actor '${parsed.data.id}': not in the roles file pinned to this incident.`,
      'UNKNOWN_ACTOR',
    );
  if (allowed && !allowed.some((role) => hasRole(roles, parsed.data.id, role))) {
    refuse(
      `${entry.displayName} (${parsed.data.id}) lacks the role for this: needs ${allowed.join(' or ')}, has ${entry.roles.join(', ')}.`,
      'ROLE_REQUIRED',
    );
  }
  return parsed.data;
}

/** Refuses empty text fields (reasons and notes are part of the record). */
export function requireText(value: unknown, field: string, why: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    refuse(`${field} is required (${why}).`, 'INVALID_REQUEST');
  return value.trim();
}

/** Approvals a step needs under its policy. */
export function approvalsNeeded(step: RunbookStep): number {
  return step.approval.policy === 'none' ? 0 : step.approval.policy === 'one' ? 1 : 2;
}

/** Actor ids who may still approve `step`. */
export function mayApprove(
  roles: RoleDirectory,
  step: RunbookStep,
  status: StepStatus,
  requesterId: string,
): string[] {
  if (step.approval.policy === 'none') return [];
  const role = step.approval.role;
  const approved = new Set(status.approvals.map((a) => a.actor.id));
  return Object.keys(roles)
    .filter((id) => hasRole(roles, id, role) && !approved.has(id))
    .filter((id) => step.approval.policy !== 'two-person' || id !== requesterId)
    .sort();
}

/**
 * Validates an approval at the engine: the step must need and still await approval, the actor must hold the
 * role, the requester may not approve under the two-person rule, and nobody approves twice.
 */
export function checkApproval(
  roles: RoleDirectory,
  step: RunbookStep,
  status: StepStatus,
  actor: unknown,
  requester: Actor,
): Actor {
  if (step.approval.policy === 'none') refuse(`Step '${step.id}' needs no approval.`, 'APPROVAL_NOT_NEEDED');
  if (status.state !== 'pending' && status.state !== 'awaiting-approval') {
    refuse(
      `Step '${step.id}' is ${status.state}: it can no longer be approved or rejected.`,
      'STEP_NOT_AWAITING_APPROVAL',
    );
  }
  const who = requireActor(roles, actor, [step.approval.role]);
  if (step.approval.policy === 'two-person' && who.id === requester.id) {
    refuse(
      `You cannot approve your own request: under the two-person rule the requester (${requester.displayName}) is excluded from approving '${step.id}'.`,
      'TWO_PERSON_RULE',
    );
  }
  if (status.approvals.some((a) => a.actor.id === who.id)) {
    refuse(
      `${who.displayName} has already approved '${step.id}'; a second, different approver is needed.`,
      'ALREADY_APPROVED',
    );
  }
  if (status.approvals.length >= approvalsNeeded(step))
    refuse(`Step '${step.id}' is already fully approved.`, 'ALREADY_APPROVED');
  return who;
}
