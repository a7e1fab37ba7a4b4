import type { Actor } from '../../domain/actor';
import { hashValue } from '../../domain/hash';
import type { RoleDirectory } from '../../domain/roles';
import { runbookSchema, type Runbook } from '../../domain/runbook/schema';
import type { DeclareIncidentInput } from '../../workflows/incident';

/** Roles used across workflow tests: alice declares (commander), bob and carol approve, dana is legal. */
export const TEST_ROLES: RoleDirectory = {
  alice: { displayName: 'alice', roles: ['commander'] },
  bob: { displayName: 'bob', roles: ['commander', 'approver'] },
  carol: { displayName: 'carol', roles: ['approver'] },
  dana: { displayName: 'dana', roles: ['legal'] },
  olga: { displayName: 'olga', roles: ['observer'] },
};

/** A one-step runbook (a manual confirmation), for tests about the incident itself rather than its steps. */
export const MINIMAL_RUNBOOK: Runbook = runbookSchema.parse({
  name: 'minimal-check',
  version: 1,
  description: 'One manual step.',
  parameters: {},
  phases: [
    {
      id: 'check',
      title: 'Check',
      steps: [
        { id: 'confirm', title: 'Confirm', action: 'manual', instructions: 'Confirm.', reversible: false },
      ],
    },
  ],
});

/** A declaration of `runbook` (default: the minimal one) by alice, with the test roles. */
export function declaration(
  incidentId: string,
  overrides: Partial<DeclareIncidentInput> = {},
): DeclareIncidentInput {
  const runbook = overrides.runbook ?? MINIMAL_RUNBOOK;
  const declaredBy: Actor = { id: 'alice', displayName: 'alice', surface: 'cli' };
  return {
    incidentId,
    title: 'test incident',
    mode: 'dry-run',
    declaredBy,
    runbook,
    runbookSha256: hashValue(runbook),
    params: {},
    roles: TEST_ROLES,
    ...overrides,
  };
}

/** A containment runbook exercising approvals, step outputs, compensation and a manual step. */
export const CONTAINMENT_RUNBOOK: Runbook = runbookSchema.parse({
  name: 'test-containment',
  version: 1,
  description: 'Freeze, end sessions, remove PHI permission sets, confirm.',
  parameters: {
    org: { type: 'org', description: 'org' },
    compromisedUsers: { type: 'userTargets', description: 'who' },
    phiPermissionSets: { type: 'permissionSetNames', description: 'which sets' },
  },
  phases: [
    {
      id: 'contain',
      title: 'Contain',
      steps: [
        {
          id: 'freeze',
          title: 'Freeze',
          action: 'salesforce.freezeUsers',
          inputs: { org: { param: 'org' }, targets: { param: 'compromisedUsers' } },
          approval: { policy: 'one', role: 'approver' },
          reversible: true,
        },
        {
          id: 'end-sessions',
          title: 'End sessions',
          action: 'salesforce.endSessions',
          inputs: { org: { param: 'org' }, targets: { step: 'freeze', output: 'userIds' } },
          approval: { policy: 'two-person', role: 'approver' },
          reversible: false,
        },
        {
          id: 'remove-phi',
          title: 'Remove PHI permission sets',
          action: 'salesforce.removePermissionSetAssignments',
          inputs: {
            org: { param: 'org' },
            targets: { param: 'compromisedUsers' },
            permissionSets: { param: 'phiPermissionSets' },
          },
          approval: { policy: 'two-person', role: 'approver' },
          reversible: true,
          onFailure: 'compensate',
        },
      ],
    },
    {
      id: 'wrap',
      title: 'Wrap up',
      steps: [
        {
          id: 'confirm',
          title: 'Confirm containment with the privacy officer',
          action: 'manual',
          instructions: 'Call the privacy officer.',
          reversible: false,
        },
      ],
    },
  ],
});

/** Freeze the targeted users (no approval), then a manual confirmation: for crash and load tests. */
export const FREEZE_RUNBOOK: Runbook = runbookSchema.parse({
  name: 'test-freeze',
  version: 1,
  description: 'Freeze users, then confirm.',
  parameters: {
    org: { type: 'org', description: 'org' },
    users: { type: 'userTargets', description: 'who' },
  },
  phases: [
    {
      id: 'contain',
      title: 'Contain',
      steps: [
        {
          id: 'freeze',
          title: 'Freeze',
          action: 'salesforce.freezeUsers',
          inputs: { org: { param: 'org' }, targets: { param: 'users' } },
          reversible: true,
        },
        { id: 'confirm', title: 'Confirm', action: 'manual', instructions: 'Confirm.', reversible: false },
      ],
    },
  ],
});
