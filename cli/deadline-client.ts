import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { TourniquetError } from '../domain/errors';
import {
  closeDeadlinesUpdate,
  deadlinesQuery,
  deadlineWorkflowId,
  markNotifiedUpdate,
  requestLawEnforcementDelayUpdate,
  setAffectedUpdate,
  setFactUpdate,
} from '../workflows/deadline';
import type {
  CloseDeadlinesRequest,
  DeadlineStatus,
  LawEnforcementDelayRequest,
  MarkNotifiedRequest,
  SetAffectedRequest,
  SetFactRequest,
} from '../workflows/deadline-types';
import { DecisionRefusedError } from './incident-client';

/** The incident has no deadline tracking (its `deadlines.start` step has not run). */
export class DeadlinesNotFoundError extends TourniquetError {
  constructor(incidentId: string) {
    super(
      'DEADLINES_NOT_FOUND',
      `Incident ${incidentId} has no deadline tracking (workflow ${deadlineWorkflowId(incidentId)}): its runbook's deadlines.start step has not run yet. For a calculation without an incident: tourniquet deadlines --discovered … --entity … --affected …`,
    );
  }
}

/** Client-side deadline commands, shared by the CLI and the Slack bot: typed results, typed errors. */
export class DeadlineCommands {
  constructor(private readonly client: Client) {}

  private handle(incidentId: string) {
    return this.client.workflow.getHandle(deadlineWorkflowId(incidentId));
  }

  private async call<T>(incidentId: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure)
        throw new DecisionRefusedError(err.cause.type ?? 'REFUSED', err.cause.message);
      if (err instanceof WorkflowNotFoundError) throw new DeadlinesNotFoundError(incidentId);
      throw err;
    }
  }

  /** The deadlines, reminders to come and the log (also once tracking is closed). */
  status(incidentId: string): Promise<DeadlineStatus> {
    return this.call(incidentId, async () => {
      const handle = this.handle(incidentId);
      const description = await handle.describe();
      if (description.status.name === 'RUNNING') return handle.query(deadlinesQuery);
      return (await handle.result()) as DeadlineStatus;
    });
  }

  /** Records that an obligation's notice went out. */
  markNotified(incidentId: string, req: MarkNotifiedRequest): Promise<DeadlineStatus> {
    return this.call(incidentId, () =>
      this.handle(incidentId).executeUpdate(markNotifiedUpdate, { args: [req] }),
    );
  }

  /** Records a law-enforcement delay (45 CFR 164.412). */
  delay(incidentId: string, req: LawEnforcementDelayRequest): Promise<DeadlineStatus> {
    return this.call(incidentId, () =>
      this.handle(incidentId).executeUpdate(requestLawEnforcementDelayUpdate, { args: [req] }),
    );
  }

  /** Sets the affected counts. */
  setAffected(incidentId: string, req: SetAffectedRequest): Promise<DeadlineStatus> {
    return this.call(incidentId, () =>
      this.handle(incidentId).executeUpdate(setAffectedUpdate, { args: [req] }),
    );
  }

  /** Records a determination (materiality, awareness, breach). */
  setFact(incidentId: string, req: SetFactRequest): Promise<DeadlineStatus> {
    return this.call(incidentId, () => this.handle(incidentId).executeUpdate(setFactUpdate, { args: [req] }));
  }

  /** Ends the tracking. */
  close(incidentId: string, req: CloseDeadlinesRequest): Promise<DeadlineStatus> {
    return this.call(incidentId, () =>
      this.handle(incidentId).executeUpdate(closeDeadlinesUpdate, { args: [req] }),
    );
  }
}
