import {
  allHandlersFinished,
  condition,
  defineQuery,
  defineUpdate,
  executeChild,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  startChild,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Activities } from '../activities';
import { SYSTEM_ACTOR, type Actor } from '../domain/actor';
import {
  appendLogEntry,
  type IncidentLogEntry,
  type IncidentLogExport,
  type IncidentLogType,
} from '../domain/incident-log';
import { GENESIS_HASH } from '../domain/hash-chain';
import { durationMs, type RunbookStep } from '../domain/runbook/schema';
import type { RemovedAssignment } from '../domain/salesforce/action-inputs';
import type { UserSelectorInput, UserTargetsInput } from '../domain/salesforce/targets';
import {
  approvalsNeeded,
  checkApproval,
  mayApprove,
  refuse,
  requireActor,
  requireText,
} from './incident-rules';
import type {
  ApproveRequest,
  CompleteTaskRequest,
  DeclareIncidentInput,
  EndIncidentRequest,
  IncidentStatus,
  RejectRequest,
  RollbackOutcome,
  RollbackRequest,
  SetDiscoveredAtRequest,
  StepStatus,
} from './incident-types';
import {
  isolationWorkflow,
  type AppliedStep,
  type CompensatedSteps,
  type CompensationEntry,
  type ContainmentStepAction,
} from './isolation';
import { timelineWorkflow } from './timeline';
import { deadlineWorkflow, deadlineWorkflowId, discoveredAtChangedSignal } from './deadline';
import { parseAffectedText } from '../domain/deadlines/affected-text';
import type { EntityType } from '../domain/deadlines/vocabulary';

export type * from './incident-types';

/** Current state of an incident. */
export const statusQuery = defineQuery<IncidentStatus>('status');
/** The incident log with its hash chain. */
export const logQuery = defineQuery<IncidentLogExport>('log');
/** Approves a step (validated: role, two-person rule, no double approval). */
export const approveUpdate = defineUpdate<IncidentStatus, [ApproveRequest]>('approve');
/** Rejects a step: it will not run. */
export const rejectUpdate = defineUpdate<IncidentStatus, [RejectRequest]>('reject');
/** Confirms a manual task is done. */
export const completeManualTaskUpdate = defineUpdate<IncidentStatus, [CompleteTaskRequest]>(
  'completeManualTask',
);
/** Corrects the discovery time (the HIPAA clock start); old and new values are logged. */
export const setDiscoveredAtUpdate = defineUpdate<IncidentStatus, [SetDiscoveredAtRequest]>(
  'setDiscoveredAt',
);
/** Stops the runbook: no further step runs; the incident ends as aborted. */
export const abortUpdate = defineUpdate<IncidentStatus, [EndIncidentRequest]>('abort');
/** Closes the incident. */
export const closeUpdate = defineUpdate<IncidentStatus, [EndIncidentRequest]>('close');
/** Undoes one step, or every step, in reverse order: exactly what each changed. */
export const rollbackUpdate = defineUpdate<RollbackOutcome, [RollbackRequest]>('rollback');

/** A text input (org names, messages were validated as text when the runbook was loaded). */
const asText = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The innermost message of a failure chain (child workflow → activity → the activity's own error). */
function rootMessage(err: unknown): string {
  let e = err;
  while (e instanceof Error && e.cause instanceof Error) e = e.cause;
  return e instanceof Error ? e.message : String(e);
}

const DEFAULT_REVIEW_INTERVAL_MS = 24 * 60 * 60 * 1000;
const CONTAINMENT: Record<string, ContainmentStepAction> = {
  'salesforce.freezeUsers': 'freezeUsers',
  'salesforce.endSessions': 'endSessions',
  'salesforce.revokeConnectedAppTokens': 'revokeConnectedAppTokens',
  'salesforce.lockIntegrationUser': 'lockIntegrationUser',
  'salesforce.deactivateUsers': 'deactivateUsers',
  'salesforce.removePermissionSetAssignments': 'removePermissionSetAssignments',
};
/**
 * Steps a person confirms. Timeline and deadline steps were too before `timeline-build-runs` and
 * `deadlines-start-runs` (incidents started earlier keep that behaviour on replay).
 */
const MANUAL_ACTIONS = new Set(['manual', 'timeline.build', 'deadlines.start']);
/** How far before discovery a timeline step collects when its runbook gives no `lookback`. */
const DEFAULT_TIMELINE_LOOKBACK = '7d';

const { notifyIncidentChannel } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 10 },
});

interface StepRecord {
  def: RunbookStep;
  status: StepStatus;
  applied?: AppliedStep;
  /** Compensation entries not yet run. */
  pendingCompensation: CompensationEntry[];
}

/**
 * One incident: interprets its pinned runbook step by step — approvals under the step's policy (enforced here,
 * at the engine), containment through isolation child workflows, manual tasks confirmed by people — and keeps
 * a hash-chained log of every decision and action. Runs the same code in live, dry-run and tabletop modes.
 */
export async function incidentWorkflow(input: DeclareIncidentInput): Promise<IncidentStatus> {
  const declaredAt = Date.now();
  const log: IncidentLogEntry[] = [];
  const record = (type: IncidentLogType, actor: Actor, data: Record<string, unknown> = {}, stepId?: string) =>
    appendLogEntry(log, { at: Date.now(), type, actor, ...(stepId ? { stepId } : {}), data });

  let state: IncidentStatus['state'] = 'open';
  let progress: IncidentStatus['progress'] = 'running';
  let phase = input.runbook.phases[0].id;
  let discoveredAt = input.discoveredAt ?? declaredAt;
  /** Whether this incident started its deadline workflow (discovery corrections are then passed on). */
  let deadlinesStarted = false;
  let reviewRemindersSent = 0;
  let ended: { at: number; actor: Actor; reason: string } | undefined;
  let rollbacks = 0;
  const actionMode = input.mode === 'live' ? 'live' : 'dry-run';

  const steps = new Map<string, StepRecord>();
  for (const ph of input.runbook.phases) {
    for (const def of ph.steps) {
      steps.set(def.id, {
        def,
        pendingCompensation: [],
        status: {
          id: def.id,
          phaseId: ph.id,
          title: def.title,
          action: def.action,
          ...(def.instructions ? { instructions: def.instructions } : {}),
          state: 'pending',
          approval: def.approval,
          approvals: [],
          mayApprove: [],
          reversible: def.reversible,
        },
      });
    }
  }

  // Containment and compensation never interleave: each waits for the one before it.
  let busy: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = busy.then(fn);
    busy = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  };

  const snapshot = (): IncidentStatus => {
    const stepViews = [...steps.values()].map((s) => ({
      ...s.status,
      mayApprove: mayApprove(input.roles, s.def, s.status, input.declaredBy.id),
    }));
    return {
      incidentId: input.incidentId,
      title: input.title,
      mode: input.mode,
      state,
      runbook: { name: input.runbook.name, version: input.runbook.version, sha256: input.runbookSha256 },
      phase,
      progress,
      declaredBy: input.declaredBy,
      declaredAt,
      discoveredAt,
      steps: stepViews,
      pendingApprovals: stepViews
        .filter(
          (s) =>
            s.approval.policy !== 'none' &&
            (s.state === 'awaiting-approval' || s.state === 'pending') &&
            s.approvals.length < approvalsNeeded(steps.get(s.id)!.def),
        )
        .map((s) => ({
          stepId: s.id,
          policy: s.approval.policy,
          ...(s.approval.policy !== 'none' ? { role: s.approval.role } : {}),
          approvedBy: s.approvals.map((a) => a.actor.id),
          mayApprove: s.mayApprove,
        })),
      log: { entries: log.length, rootHash: log.length ? log[log.length - 1].hash : GENESIS_HASH },
      reviewRemindersSent,
      ...(ended && state !== 'open'
        ? { closedAt: ended.at, closedBy: ended.actor, closeReason: ended.reason }
        : {}),
    };
  };

  const requireOpen = () => {
    if (state !== 'open')
      refuse(
        `Incident ${input.incidentId} is ${state}${ended ? ` (by ${ended.actor.displayName}: ${ended.reason})` : ''}: it accepts no further changes.`,
        'INCIDENT_CLOSED',
      );
  };
  const stepOf = (id: unknown): StepRecord => {
    const s = typeof id === 'string' ? steps.get(id) : undefined;
    if (!s)
      refuse(
        `Unknown step '${String(id)}'. Steps of ${input.runbook.name}: ${[...steps.keys()].join(', ')}.`,
        'UNKNOWN_STEP',
      );
    return s;
  };
  const notify = (kind: 'declared' | 'review-due' | 'closed', text: string) =>
    notifyIncidentChannel({ incidentId: input.incidentId, kind, text, at: Date.now() });

  setHandler(statusQuery, snapshot);
  const exportLog = (): IncidentLogExport => ({
    kind: 'tourniquet.incident-log',
    version: 1,
    incidentId: input.incidentId,
    runbook: { name: input.runbook.name, version: input.runbook.version, sha256: input.runbookSha256 },
    mode: input.mode,
    entries: [...log],
    rootHash: log.length ? log[log.length - 1].hash : GENESIS_HASH,
  });
  setHandler(logQuery, exportLog);

  setHandler(
    approveUpdate,
    ({ stepId, actor, comment }) => {
      const s = stepOf(stepId);
      s.status.approvals.push({ actor, at: Date.now(), ...(comment ? { comment } : {}) });
      record(
        'approved',
        actor,
        { comment: comment ?? null, approvals: s.status.approvals.length, needed: approvalsNeeded(s.def) },
        stepId,
      );
      return snapshot();
    },
    {
      validator: (req: ApproveRequest) => {
        requireOpen();
        const s = stepOf(req?.stepId);
        checkApproval(input.roles, s.def, s.status, req.actor, input.declaredBy);
      },
    },
  );

  setHandler(
    rejectUpdate,
    ({ stepId, actor, reason }) => {
      const s = stepOf(stepId);
      s.status.rejection = { actor, at: Date.now(), reason: reason.trim() };
      record('rejected', actor, { reason: reason.trim() }, stepId);
      return snapshot();
    },
    {
      validator: (req: RejectRequest) => {
        requireOpen();
        const s = stepOf(req?.stepId);
        if (s.def.approval.policy === 'none')
          refuse(
            `Step '${s.def.id}' needs no approval, so it cannot be rejected; abort the incident instead.`,
            'APPROVAL_NOT_NEEDED',
          );
        if (s.status.state !== 'pending' && s.status.state !== 'awaiting-approval')
          refuse(
            `Step '${s.def.id}' is ${s.status.state}: it can no longer be rejected.`,
            'STEP_NOT_AWAITING_APPROVAL',
          );
        requireActor(input.roles, req.actor, [s.def.approval.role]);
        requireText(req.reason, 'reason', 'why the step must not run, for the record');
      },
    },
  );

  setHandler(
    completeManualTaskUpdate,
    ({ stepId, actor, note }) => {
      const s = stepOf(stepId);
      s.status.completion = { actor, at: Date.now(), note: note.trim() };
      record('manual-completed', actor, { note: note.trim() }, stepId);
      return snapshot();
    },
    {
      validator: (req: CompleteTaskRequest) => {
        requireOpen();
        const s = stepOf(req?.stepId);
        if (!MANUAL_ACTIONS.has(s.def.action))
          refuse(
            `Step '${s.def.id}' (${s.def.action}) runs by itself; only manual tasks are completed by hand.`,
            'NOT_MANUAL',
          );
        if (s.status.state !== 'awaiting-completion')
          refuse(
            `Step '${s.def.id}' is ${s.status.state}, not awaiting completion.`,
            'STEP_NOT_AWAITING_COMPLETION',
          );
        requireActor(input.roles, req.actor, ['commander', 'approver']);
        requireText(req.note, 'note', 'what was done, for the record');
      },
    },
  );

  setHandler(
    setDiscoveredAtUpdate,
    async ({ at, actor, reason }) => {
      const old = discoveredAt;
      discoveredAt = at;
      record('discovered-at-changed', actor, { old, new: at, reason: reason.trim() });
      // The notification clocks count from discovery: move them too.
      if (deadlinesStarted)
        await getExternalWorkflowHandle(deadlineWorkflowId(input.incidentId)).signal(
          discoveredAtChangedSignal,
          {
            discoveredAt: new Date(at).toISOString(),
            actor,
            reason: reason.trim(),
          },
        );
      return snapshot();
    },
    {
      validator: (req: SetDiscoveredAtRequest) => {
        requireOpen();
        requireActor(input.roles, req?.actor, ['commander', 'legal']);
        if (typeof req.at !== 'number' || !Number.isFinite(req.at))
          refuse('at must be a UTC epoch-millisecond instant.', 'INVALID_REQUEST');
        if (req.at > Date.now()) refuse('The discovery time cannot be in the future.', 'INVALID_REQUEST');
        requireText(req.reason, 'reason', 'why the discovery time changes, for the record');
      },
    },
  );

  const end = (kind: 'aborted' | 'closed') => (req: EndIncidentRequest) => {
    state = kind;
    ended = { at: Date.now(), actor: req.actor, reason: req.reason.trim() };
    record(kind, req.actor, { reason: req.reason.trim() });
    return snapshot();
  };
  const endValidator = (req: EndIncidentRequest) => {
    requireOpen();
    requireActor(input.roles, req?.actor, ['commander']);
    requireText(req.reason, 'reason', 'what was concluded, for the record');
  };
  setHandler(abortUpdate, end('aborted'), { validator: endValidator });
  setHandler(closeUpdate, end('closed'), { validator: endValidator });

  /**
   * Undoes `records` (given in execution order): the isolation workflow runs their compensation entries in
   * reverse, so the last change is undone first. Marks each step compensated.
   */
  const compensate = async (
    records: StepRecord[],
    actor: Actor,
    reason: string,
  ): Promise<RollbackOutcome> => {
    const entries = records.flatMap((r) => r.pendingCompensation);
    const outcome: RollbackOutcome = { steps: records.map((r) => r.def.id).reverse(), results: [] };
    if (entries.length === 0) return outcome;
    record('compensation-started', actor, {
      reason,
      steps: outcome.steps,
      entries: entries.map((e) => e.description),
    });
    const n = ++rollbacks;
    const done = (await exclusive(() =>
      executeChild(isolationWorkflow, {
        workflowId: `${input.incidentId}.rollback.${n}`,
        args: [
          {
            incidentId: input.incidentId,
            org: asText(input.params.org),
            mode: actionMode,
            operation: { kind: 'compensate', entries },
          },
        ],
      }),
    )) as CompensatedSteps;
    for (const { entry, result } of done.results) {
      outcome.results.push({
        stepId: entry.stepId,
        action: entry.action,
        status: result.status,
        summary: result.summary,
      });
      record(
        'compensated',
        actor,
        {
          action: entry.action,
          description: entry.description,
          status: result.status,
          summary: result.summary,
        },
        entry.stepId,
      );
    }
    for (const r of records) {
      r.pendingCompensation = [];
      r.status.state = 'compensated';
    }
    return outcome;
  };

  setHandler(
    rollbackUpdate,
    async ({ stepId, actor }) => {
      const targets = stepId
        ? [steps.get(stepId)!]
        : [...steps.values()].filter((s) => s.pendingCompensation.length > 0);
      return compensate(targets, actor, stepId ? `rollback of step ${stepId}` : 'rollback of every step');
    },
    {
      validator: (req: RollbackRequest) => {
        requireOpen();
        requireActor(input.roles, req?.actor, ['commander']);
        if (req.stepId !== undefined) {
          const s = stepOf(req.stepId);
          if (s.pendingCompensation.length === 0) {
            refuse(
              `Step '${s.def.id}' has nothing to undo (${s.status.state}${s.applied?.irreversible ? '; its changes cannot be undone through the API' : ''}).`,
              'NOTHING_TO_ROLL_BACK',
            );
          }
        } else if (![...steps.values()].some((s) => s.pendingCompensation.length > 0)) {
          refuse('No step has changes that can be undone.', 'NOTHING_TO_ROLL_BACK');
        }
      },
    },
  );

  const finishStep = (
    s: StepRecord,
    stateName: StepStatus['state'],
    type: IncidentLogType,
    data: Record<string, unknown>,
    actor: Actor = SYSTEM_ACTOR,
  ) => {
    s.status.state = stateName;
    s.status.finishedAt = Date.now();
    record(type, actor, data, s.def.id);
  };

  /** Waits for `done`, escalating once and timing out per the step's policy. */
  const waitWithPolicy = async (s: StepRecord, done: () => boolean): Promise<'done' | 'timeout'> => {
    const started = Date.now();
    const timeout = s.def.timeout ? durationMs(s.def.timeout) : undefined;
    if (s.def.escalation) {
      if (await condition(done, durationMs(s.def.escalation.after))) return 'done';
      const holders = Object.entries(input.roles)
        .filter(([, a]) => a.roles.some((r) => s.def.escalation!.notify.includes(r)))
        .map(([id]) => id);
      record(
        'escalated',
        SYSTEM_ACTOR,
        { waitingFor: s.status.state, notify: s.def.escalation.notify, actors: holders },
        s.def.id,
      );
      await notifyIncidentChannel({
        incidentId: input.incidentId,
        kind: 'review-due',
        text: `Escalation: step '${s.def.id}' of ${input.incidentId} has been ${s.status.state} for ${s.def.escalation.after} (${s.def.escalation.notify.join(', ')}).`,
        at: Date.now(),
      });
    }
    if (timeout === undefined) {
      await condition(done);
      return 'done';
    }
    return (await condition(done, Math.max(1, timeout - (Date.now() - started)))) ? 'done' : 'timeout';
  };

  const targetsOf = (value: unknown) => value as { userIds?: string[]; selectors?: unknown[] };
  /** Resolves a step's inputs; returns a reason string when the step cannot run (its source step did not complete). */
  const resolveInputs = (def: RunbookStep): Record<string, unknown> | string => {
    const out: Record<string, unknown> = {};
    for (const [name, source] of Object.entries(def.inputs)) {
      if ('param' in source) out[name] = input.params[source.param];
      else if ('value' in source) out[name] = source.value;
      else {
        const from = steps.get(source.step);
        if (!from?.applied || (from.status.state !== 'completed' && from.status.state !== 'failed'))
          return `it needs the output of step '${source.step}', which is ${from?.status.state ?? 'unknown'}`;
        const a = from.applied;
        const value: string[] | RemovedAssignment[] =
          source.output === 'removedAssignments'
            ? a.removedAssignments
            : source.output === 'userIds'
              ? a.userIds
              : a.changedUserIds;
        if (value.length === 0) return `step '${source.step}' produced no ${source.output}`;
        out[name] = source.output === 'removedAssignments' ? value : { userIds: value };
      }
    }
    for (const key of ['targets', 'users']) {
      const t = out[key] === undefined ? undefined : targetsOf(out[key]);
      if (t && (t.userIds?.length ?? 0) + (t.selectors?.length ?? 0) === 0)
        return `its ${key} input names no user`;
    }
    return out;
  };

  /**
   * Starts the incident's deadline workflow (`<incident>.deadlines`), which outlives the incident: notification
   * duties go on after containment ends. Its facts come from the step's inputs and the incident's discovery time;
   * a workflow already running under that id (a retried step) is kept.
   */
  const startDeadlines = async (s: StepRecord, inputs: Record<string, unknown>): Promise<boolean> => {
    const affected = parseAffectedText(asText(inputs.affected) || '1', 'affected');
    if (!affected.ok) {
      s.status.reason = affected.problems.join('; ');
      finishStep(s, 'failed', 'step-failed', { reason: s.status.reason });
      return false;
    }
    const workflowId = deadlineWorkflowId(input.incidentId);
    const facts = {
      discoveredAt: new Date(discoveredAt).toISOString(),
      timeZone: asText(inputs.timeZone) || 'UTC',
      entityType: (asText(inputs.entityType) || 'covered-entity') as EntityType,
      affected: affected.value,
    };
    let note = 'started';
    try {
      await startChild(deadlineWorkflow, {
        workflowId,
        parentClosePolicy: ParentClosePolicy.ABANDON,
        args: [
          {
            incidentId: input.incidentId,
            startedBy: input.declaredBy,
            mode: input.mode,
            roles: input.roles,
            facts,
          },
        ],
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) {
        s.status.reason = `the deadline workflow did not start: ${rootMessage(err)}`;
        finishStep(s, 'failed', 'step-failed', { reason: s.status.reason });
        return false;
      }
      note = 'already running';
    }
    deadlinesStarted = true;
    s.status.deadlines = { workflowId };
    finishStep(s, 'completed', 'step-completed', { deadlineWorkflowId: workflowId, facts, note });
    return true;
  };

  /**
   * Collects evidence and rebuilds the timeline in a child workflow. The window runs from `lookback` before
   * discovery (or the earliest `since` of an IP selector, if earlier) to now. The collection resolves the users;
   * they, and the IP ranges of the selectors, are what the markers treat as suspicious.
   */
  const runTimeline = async (s: StepRecord, inputs: Record<string, unknown>): Promise<boolean> => {
    const users = inputs.users === undefined ? undefined : targetsOf(inputs.users);
    const selectors = (users?.selectors ?? []) as UserSelectorInput[];
    const ipRanges = selectors.flatMap((x) => (x.kind === 'loginFromIpRange' ? [x] : []));
    const usernames = selectors.flatMap((x) => (x.kind === 'usernames' ? x.usernames : []));
    const lookback = durationMs(asText(inputs.lookback) || DEFAULT_TIMELINE_LOOKBACK);
    const from = Math.min(discoveredAt - lookback, ...ipRanges.map((x) => Date.parse(x.since)));
    try {
      const outcome = await executeChild(timelineWorkflow, {
        workflowId: `${input.incidentId}.timeline.${s.def.id}`,
        args: [
          {
            incidentId: input.incidentId,
            org: asText(inputs.org ?? input.params.org),
            from,
            to: Date.now(),
            ...(users ? { users: users as UserTargetsInput } : {}),
            suspiciousIps: ipRanges.map((x) => x.cidr),
            suspiciousUsers: [...(users?.userIds ?? []), ...usernames],
            incidentLog: exportLog(),
          },
        ],
      });
      const t = outcome.timeline;
      const rejects = Object.values(t.rejects).reduce((a, b) => a + b, 0);
      s.status.timeline = {
        events: t.events,
        rootHash: t.rootHash,
        timelinePath: t.timelinePath,
        csvPath: t.csvPath,
        evidenceDir: outcome.evidenceDir,
        rejects,
        unavailable: outcome.unavailable.map((u) => u.source),
      };
      finishStep(s, 'completed', 'step-completed', {
        window: { from: new Date(from).toISOString(), to: new Date(Date.now()).toISOString() },
        evidenceDir: outcome.evidenceDir,
        evidenceFiles: t.evidenceFiles,
        unavailable: outcome.unavailable,
        timeline: t.timelinePath,
        events: t.events,
        eventsPerSource: t.eventsPerSource,
        duplicatesMerged: t.duplicatesMerged,
        markers: t.markers,
        rootHash: t.rootHash,
        rejects,
        rejectsFile: t.rejectsPath,
        rejectSample: t.rejectSample,
      });
      return true;
    } catch (err) {
      s.status.reason = rootMessage(err);
      finishStep(s, 'failed', 'step-failed', { reason: s.status.reason });
      return false;
    }
  };

  const runContainment = async (
    s: StepRecord,
    action: ContainmentStepAction,
    inputs: Record<string, unknown>,
  ) => {
    const org = asText(inputs.org ?? input.params.org);
    const applied = (await exclusive(() =>
      executeChild(isolationWorkflow, {
        workflowId: `${input.incidentId}.isolation.${s.def.id}`,
        args: [
          {
            incidentId: input.incidentId,
            org,
            mode: actionMode,
            operation: { kind: 'apply', stepId: s.def.id, action, input: inputs },
          },
        ],
      }),
    )) as AppliedStep;
    s.applied = applied;
    s.pendingCompensation = applied.compensation;
    s.status.results = applied.results.map((r) => ({
      action: r.action,
      status: r.status,
      summary: r.summary,
      irreversible: r.irreversible,
      mode: r.mode,
    }));
    s.status.outputs = {
      userIds: applied.userIds,
      changedUserIds: applied.changedUserIds,
      removedAssignments: applied.removedAssignments.length,
    };
    s.status.compensation = applied.compensation.map((c) => c.description);
    const failed = applied.results.some((r) => r.status === 'failed' || r.status === 'partial');
    const data = {
      action: s.def.action,
      mode: actionMode,
      results: s.status.results,
      changedUsers: applied.changedUserIds.length,
      irreversible: applied.irreversible,
    };
    if (failed) {
      const failures = applied.results.flatMap((r) =>
        r.targets.filter((t) => t.outcome === 'failed').map((t) => `${t.userId}: ${t.error?.code}`),
      );
      s.status.reason = `${failures.length} target(s) failed: ${failures.slice(0, 5).join('; ')}${failures.length > 5 ? '; …' : ''}`;
      finishStep(s, 'failed', 'step-failed', { ...data, reason: s.status.reason });
      return false;
    }
    finishStep(s, 'completed', 'step-completed', data);
    return true;
  };

  /** Runs one step; returns false when the runbook must halt. */
  const runStep = async (s: StepRecord): Promise<boolean> => {
    const def = s.def;
    const halted = () => state !== 'open';
    if (def.approval.policy !== 'none') {
      s.status.state = 'awaiting-approval';
      const outcome = await waitWithPolicy(
        s,
        () =>
          halted() || s.status.rejection !== undefined || s.status.approvals.length >= approvalsNeeded(def),
      );
      if (halted()) return false;
      if (s.status.rejection) {
        s.status.state = 'rejected';
        s.status.finishedAt = Date.now();
        return true;
      }
      if (outcome === 'timeout') {
        s.status.reason = `no approval within ${def.timeout}`;
        finishStep(s, 'timed-out', 'step-timed-out', { reason: s.status.reason });
        return def.onFailure === 'continue';
      }
    }
    const inputs = resolveInputs(def);
    if (typeof inputs === 'string') {
      s.status.reason = `skipped: ${inputs}`;
      finishStep(s, 'skipped', 'step-skipped', { reason: s.status.reason });
      return true;
    }
    s.status.state = 'running';
    s.status.startedAt = Date.now();
    record(
      'step-started',
      SYSTEM_ACTOR,
      { action: def.action, mode: actionMode, approvals: s.status.approvals.map((a) => a.actor.id) },
      def.id,
    );

    const containment = CONTAINMENT[def.action];
    if (containment) {
      let ok: boolean;
      try {
        ok = await runContainment(s, containment, inputs);
      } catch (err) {
        s.status.reason =
          err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
        finishStep(s, 'failed', 'step-failed', { reason: s.status.reason });
        ok = false;
      }
      if (ok) return true;
      if (def.onFailure === 'compensate') {
        await compensate(
          [...steps.values()].filter((r) => r.pendingCompensation.length > 0),
          SYSTEM_ACTOR,
          `step ${def.id} failed (onFailure: compensate)`,
        );
      }
      return def.onFailure === 'continue';
    }
    if (def.action === 'notify') {
      const text = (typeof inputs.message === 'string' ? inputs.message : def.title)
        .replace(/\{\{incidentId\}\}/g, input.incidentId)
        .replace(/\{\{runbook\}\}/g, input.runbook.name)
        .replace(/\{\{mode\}\}/g, input.mode);
      await notifyIncidentChannel({ incidentId: input.incidentId, kind: 'review-due', text, at: Date.now() });
      finishStep(s, 'completed', 'step-completed', { notified: true });
      return true;
    }
    if (def.action === 'timeline.build' && patched('timeline-build-runs')) {
      if (await runTimeline(s, inputs)) return true;
      if (def.onFailure === 'compensate') {
        await compensate(
          [...steps.values()].filter((r) => r.pendingCompensation.length > 0),
          SYSTEM_ACTOR,
          `step ${def.id} failed (onFailure: compensate)`,
        );
      }
      return def.onFailure === 'continue';
    }
    if (def.action === 'deadlines.start' && patched('deadlines-start-runs')) {
      if (await startDeadlines(s, inputs)) return true;
      return def.onFailure === 'continue';
    }
    // Manual tasks (and, in incidents started before the patches, timeline and deadline steps): a person confirms.
    s.status.state = 'awaiting-completion';
    const outcome = await waitWithPolicy(s, () => halted() || s.status.completion !== undefined);
    if (halted()) return false;
    if (outcome === 'timeout') {
      s.status.reason = `not completed within ${def.timeout}`;
      finishStep(s, 'timed-out', 'step-timed-out', { reason: s.status.reason });
      return def.onFailure === 'continue';
    }
    s.status.state = 'completed';
    s.status.finishedAt = Date.now();
    return true;
  };

  record('declared', input.declaredBy, {
    title: input.title,
    mode: input.mode,
    runbook: { name: input.runbook.name, version: input.runbook.version, sha256: input.runbookSha256 },
    params: input.params,
    discoveredAt,
  });
  await notify(
    'declared',
    `Incident ${input.incidentId} declared by ${input.declaredBy.displayName}: runbook ${input.runbook.name} v${input.runbook.version} (${input.mode}).`,
  );

  // While the incident is open, remind its channel once per review interval, whatever the runbook is doing.
  const interval = input.reviewIntervalMs ?? DEFAULT_REVIEW_INTERVAL_MS;
  const reminders = (async () => {
    while (!(await condition(() => state !== 'open', interval))) {
      reviewRemindersSent += 1;
      record('review-reminder', SYSTEM_ACTOR, { reminder: reviewRemindersSent });
      await notify(
        'review-due',
        `Incident ${input.incidentId} is still open (reminder ${reviewRemindersSent}).`,
      );
    }
  })();

  run: for (const ph of input.runbook.phases) {
    phase = ph.id;
    for (const def of ph.steps) {
      if (!(await runStep(steps.get(def.id)!))) {
        progress = 'halted';
        break run;
      }
    }
  }
  if (progress === 'running') progress = 'finished';
  for (const s of steps.values()) {
    if (
      s.status.state === 'pending' ||
      s.status.state === 'awaiting-approval' ||
      s.status.state === 'awaiting-completion'
    ) {
      s.status.reason =
        state === 'open'
          ? 'the runbook halted before this step'
          : `the incident was ${state as string} before this step`;
      s.status.state = 'skipped';
    }
  }

  await condition(() => state !== 'open');
  await reminders;
  await condition(allHandlersFinished);
  await busy;
  if ((state as IncidentStatus['state']) === 'closed')
    await notify('closed', `Incident ${input.incidentId} closed by ${ended!.actor.displayName}.`);
  return snapshot();
}
