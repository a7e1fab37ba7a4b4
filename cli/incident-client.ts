import { randomBytes } from 'node:crypto';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Actor } from '../domain/actor';
import { TourniquetError } from '../domain/errors';
import { hashValue } from '../domain/hash';
import { formatIncidentId, isIncidentId } from '../domain/incident-id';
import type { IncidentLogExport } from '../domain/incident-log';
import type { IncidentMode } from '../domain/mode';
import type { RoleDirectory } from '../domain/roles';
import type { Runbook } from '../domain/runbook/schema';
import {
  abortUpdate,
  approveUpdate,
  closeUpdate,
  completeManualTaskUpdate,
  incidentWorkflow,
  logQuery,
  rejectUpdate,
  rollbackUpdate,
  setDiscoveredAtUpdate,
  statusQuery,
  type IncidentStatus,
  type RollbackOutcome,
} from '../workflows/incident';

/** The incident does not exist (or the id is malformed). */
export class IncidentNotFoundError extends TourniquetError {
  constructor(incidentId: string) {
    super(
      'INCIDENT_NOT_FOUND',
      `No incident ${incidentId}. List incidents in the Temporal Web UI, or check the id (form INC-YYYYMMDD-XXXXXX).`,
    );
  }
}

/** The incident has ended: it takes no further decisions. */
export class IncidentClosedError extends TourniquetError {
  constructor(incidentId: string) {
    super(
      'INCIDENT_CLOSED',
      `Incident ${incidentId} is closed: it accepts no further decisions. Its status and log can still be read.`,
    );
  }
}

/** The workflow refused a decision; `reason` is its code (TWO_PERSON_RULE, ROLE_REQUIRED, …). */
export class DecisionRefusedError extends TourniquetError {
  constructor(
    public readonly reason: string,
    message: string,
  ) {
    super(`REFUSED_${reason}`, message);
  }
}

/** The declaring actor is not a commander in the roles file. */
export class NotACommanderError extends TourniquetError {
  constructor(actor: Actor) {
    super(
      'ROLE_REQUIRED',
      `${actor.id} may not declare incidents: only actors with the commander role in the roles file (TOURNIQUET_ROLES) can.`,
    );
  }
}

/** What `declare` needs. */
export interface DeclareOptions {
  runbook: Runbook;
  params: Record<string, unknown>;
  mode: IncidentMode;
  actor: Actor;
  roles: RoleDirectory;
  title?: string;
  discoveredAt?: number;
  /** Fixed id (tests, replays); normally generated. */
  incidentId?: string;
  reviewIntervalMs?: number;
}

/**
 * Client-side incident commands shared by the CLI and the Slack bot: typed results, typed errors (the
 * workflow's refusals become {@link DecisionRefusedError} with the workflow's own reason).
 */
export class IncidentCommands {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  /** Declares an incident: starts its workflow with the runbook and roles pinned. Returns the incident id. */
  async declare(options: DeclareOptions): Promise<string> {
    if (!options.roles[options.actor.id]?.roles.includes('commander'))
      throw new NotACommanderError(options.actor);
    const incidentId = options.incidentId ?? formatIncidentId(Date.now(), randomBytes(6));
    const actor: Actor = { ...options.actor, displayName: options.roles[options.actor.id].displayName };
    try {
      await this.client.workflow.start(incidentWorkflow, {
        workflowId: incidentId,
        taskQueue: this.taskQueue,
        args: [
          {
            incidentId,
            title: options.title ?? `${options.runbook.name} (${options.mode})`,
            mode: options.mode,
            declaredBy: actor,
            ...(options.discoveredAt !== undefined ? { discoveredAt: options.discoveredAt } : {}),
            runbook: options.runbook,
            runbookSha256: hashValue(options.runbook),
            params: options.params,
            roles: options.roles,
            ...(options.reviewIntervalMs !== undefined ? { reviewIntervalMs: options.reviewIntervalMs } : {}),
          },
        ],
      });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError)
        throw new TourniquetError('INCIDENT_EXISTS', `Incident ${incidentId} already exists.`);
      throw err;
    }
    return incidentId;
  }

  private handle(incidentId: string) {
    if (!isIncidentId(incidentId) && !/^[A-Za-z0-9._-]{1,100}$/.test(incidentId))
      throw new IncidentNotFoundError(incidentId);
    return this.client.workflow.getHandle<typeof incidentWorkflow>(incidentId);
  }

  private async call<T>(incidentId: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
        throw new DecisionRefusedError(err.cause.type ?? 'REFUSED', err.cause.message);
      }
      if (err instanceof WorkflowNotFoundError) {
        if (/already completed/i.test(err.message) || (await this.hasEnded(incidentId)))
          throw new IncidentClosedError(incidentId);
        throw new IncidentNotFoundError(incidentId);
      }
      throw err;
    }
  }

  /**
   * Whether the incident's workflow exists and has ended. The server words "update on a
   * finished workflow" differently depending on timing, so the message alone is not enough.
   */
  private async hasEnded(incidentId: string): Promise<boolean> {
    try {
      const description = await this.client.workflow.getHandle(incidentId).describe();
      return description.status.name !== 'RUNNING';
    } catch {
      return false;
    }
  }

  /** The incident's status (works on closed incidents too). */
  status(incidentId: string): Promise<IncidentStatus> {
    return this.call(incidentId, async () => {
      const handle = this.handle(incidentId);
      const description = await handle.describe();
      return description.status.name === 'RUNNING' ? handle.query(statusQuery) : handle.result();
    });
  }

  /** The incident log with its hash chain (works on closed incidents too). */
  log(incidentId: string): Promise<IncidentLogExport> {
    return this.call(incidentId, () => this.handle(incidentId).query(logQuery));
  }

  /** Approves a step. */
  approve(incidentId: string, stepId: string, actor: Actor, comment?: string): Promise<IncidentStatus> {
    return this.call(incidentId, () =>
      this.handle(incidentId).executeUpdate(approveUpdate, {
        args: [{ stepId, actor, ...(comment ? { comment } : {}) }],
      }),
    );
  }

  /** Rejects a step. */
  reject(incidentId: string, stepId: string, actor: Actor, reason: string): Promise<IncidentStatus> {
    return this.call(incidentId, () =>
      this.handle(incidentId).executeUpdate(rejectUpdate, { args: [{ stepId, actor, reason }] }),
    );
  }

  /** Confirms a manual task. */
  complete(incidentId: string, stepId: string, actor: Actor, note: string): Promise<IncidentStatus> {
    return this.call(incidentId, () =>
      this.handle(incidentId).executeUpdate(completeManualTaskUpdate, { args: [{ stepId, actor, note }] }),
    );
  }

  /** Corrects the discovery time. */
  setDiscoveredAt(incidentId: string, at: number, actor: Actor, reason: string): Promise<IncidentStatus> {
    return this.call(incidentId, () =>
      this.handle(incidentId).executeUpdate(setDiscoveredAtUpdate, { args: [{ at, actor, reason }] }),
    );
  }

  /** Undoes one step, or all. */
  rollback(incidentId: string, actor: Actor, stepId?: string): Promise<RollbackOutcome> {
    return this.call(incidentId, () =>
      this.handle(incidentId).executeUpdate(rollbackUpdate, {
        args: [{ actor, ...(stepId ? { stepId } : {}) }],
      }),
    );
  }

  /** Aborts the incident. */
  abort(incidentId: string, actor: Actor, reason: string): Promise<IncidentStatus> {
    return this.call(incidentId, () =>
      this.handle(incidentId).executeUpdate(abortUpdate, { args: [{ actor, reason }] }),
    );
  }

  /** Closes the incident. */
  close(incidentId: string, actor: Actor, reason: string): Promise<IncidentStatus> {
    return this.call(incidentId, () =>
      this.handle(incidentId).executeUpdate(closeUpdate, { args: [{ actor, reason }] }),
    );
  }
}
