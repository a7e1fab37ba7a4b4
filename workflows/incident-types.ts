import type { Actor } from '../domain/actor';
import type { IncidentMode } from '../domain/mode';
import type { RoleDirectory } from '../domain/roles';
import type { ApprovalPolicy, Runbook, StepAction } from '../domain/runbook/schema';
import type { ActionResult } from '../domain/salesforce/results';

/** Input of `incidentWorkflow`; the workflow id is the incident id. Runbook and roles are pinned here. */
export interface DeclareIncidentInput {
  incidentId: string;
  title: string;
  mode: IncidentMode;
  /** The incident commander who declared it: the requester of every step (excluded under the two-person rule). */
  declaredBy: Actor;
  /** When the breach was discovered (HIPAA 164.404(a)(2)), UTC epoch ms; defaults to declaration time. */
  discoveredAt?: number;
  /** The resolved runbook, pinned: later template edits never change a running incident. */
  runbook: Runbook;
  /** SHA-256 of the runbook's canonical JSON. */
  runbookSha256: string;
  /** Validated parameter values (defaults applied). */
  params: Record<string, unknown>;
  /** Who holds which role, pinned at declaration. */
  roles: RoleDirectory;
  /** How often an open incident reminds its channel that it needs review (default 24 h). */
  reviewIntervalMs?: number;
}

/** State of one step. */
export type StepStateName =
  | 'pending'
  | 'awaiting-approval'
  | 'running'
  | 'awaiting-completion'
  | 'completed'
  | 'failed'
  | 'rejected'
  | 'skipped'
  | 'timed-out'
  | 'compensated';

/** A step as the `status` query shows it. */
export interface StepStatus {
  id: string;
  phaseId: string;
  title: string;
  action: StepAction;
  instructions?: string;
  state: StepStateName;
  approval: ApprovalPolicy;
  approvals: Array<{ actor: Actor; at: number; comment?: string }>;
  rejection?: { actor: Actor; at: number; reason: string };
  /** Actor ids who may still approve (role holders, minus the requester under two-person, minus who approved). */
  mayApprove: string[];
  reversible: boolean;
  startedAt?: number;
  finishedAt?: number;
  /** Per Salesforce result: action, status and outcome counts. */
  results?: Array<Pick<ActionResult, 'action' | 'status' | 'summary' | 'irreversible' | 'mode'>>;
  /** Users the step targeted and changed (or would change, in dry-run). */
  outputs?: { userIds: string[]; changedUserIds: string[]; removedAssignments: number };
  /** For a timeline step: where the timeline and its evidence are, and what went into it. */
  timeline?: {
    events: number;
    rootHash: string;
    timelinePath: string;
    csvPath: string;
    evidenceDir: string;
    /** Records the parsers could not read (listed in the rejects file next to the timeline). */
    rejects: number;
    /** Sources the org could not provide. */
    unavailable: string[];
  };
  /** For a deadline step: the deadline workflow it started (`tourniquet deadlines INCIDENT` shows it). */
  deadlines?: { workflowId: string };
  /** What compensation would undo (empty: nothing reversible was changed). */
  compensation?: string[];
  reason?: string;
  completion?: { actor: Actor; at: number; note: string };
}

/** What the `status` query answers. */
export interface IncidentStatus {
  incidentId: string;
  title: string;
  mode: IncidentMode;
  state: 'open' | 'closed' | 'aborted';
  runbook: { name: string; version: number; sha256: string };
  /** The phase of the step in progress (or the last one). */
  phase: string;
  /** `running` while steps remain; `finished` when every step reached an end state; `halted` after a stop. */
  progress: 'running' | 'finished' | 'halted';
  declaredBy: Actor;
  declaredAt: number;
  discoveredAt: number;
  steps: StepStatus[];
  pendingApprovals: Array<{
    stepId: string;
    policy: ApprovalPolicy['policy'];
    role?: string;
    approvedBy: string[];
    mayApprove: string[];
  }>;
  log: { entries: number; rootHash: string };
  reviewRemindersSent: number;
  closedAt?: number;
  closedBy?: Actor;
  closeReason?: string;
}

/** Request of `approve`. */
export interface ApproveRequest {
  stepId: string;
  actor: Actor;
  comment?: string;
}
/** Request of `reject`. */
export interface RejectRequest {
  stepId: string;
  actor: Actor;
  reason: string;
}
/** Request of `completeManualTask`. */
export interface CompleteTaskRequest {
  stepId: string;
  actor: Actor;
  note: string;
}
/** Request of `setDiscoveredAt`. */
export interface SetDiscoveredAtRequest {
  at: number;
  actor: Actor;
  reason: string;
}
/** Request of `abort` and `close`. */
export interface EndIncidentRequest {
  actor: Actor;
  reason: string;
}
/** Request of `rollback`: one step, or every compensable step when `stepId` is absent. */
export interface RollbackRequest {
  stepId?: string;
  actor: Actor;
}
/** What a rollback did. */
export interface RollbackOutcome {
  steps: string[];
  results: Array<{
    stepId: string;
    action: string;
    status: ActionResult['status'];
    summary: ActionResult['summary'];
  }>;
}
