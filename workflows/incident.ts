import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  defineQuery,
  defineUpdate,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { actorSchema, type Actor } from '../domain/actor';
import type { IncidentMode } from '../domain/mode';

/** Input of {@link incidentWorkflow}; the workflow id is the incident id. */
export interface DeclareIncidentInput {
  incidentId: string;
  title: string;
  mode: IncidentMode;
  declaredBy: Actor;
  /** When the breach was discovered (HIPAA 164.404(a)(2)), UTC epoch ms; defaults to declaration time. */
  discoveredAt?: number;
  /** How often an open incident reminds its channel that it needs review (default 24 h). */
  reviewIntervalMs?: number;
}

/** Request of the `close` update. */
export interface CloseIncidentRequest {
  actor: Actor;
  reason: string;
}

/** What the `status` query answers. */
export interface IncidentStatus {
  incidentId: string;
  title: string;
  mode: IncidentMode;
  state: 'open' | 'closed';
  declaredBy: Actor;
  /** Workflow time at declaration, UTC epoch ms. */
  declaredAt: number;
  discoveredAt: number;
  reviewRemindersSent: number;
  closedAt?: number;
  closedBy?: Actor;
  closeReason?: string;
}

/** Current state of an incident. */
export const statusQuery = defineQuery<IncidentStatus>('status');
/** Closes an open incident; refused on a closed one. */
export const closeUpdate = defineUpdate<IncidentStatus, [CloseIncidentRequest]>('close');

const DEFAULT_REVIEW_INTERVAL_MS = 24 * 60 * 60 * 1000;

const { notifyIncidentChannel } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 10 },
});

/**
 * One incident, from declaration to close. This is the foundation skeleton: declare → `status` query →
 * `close` update, with a durable review reminder while the incident stays open.
 */
export async function incidentWorkflow(input: DeclareIncidentInput): Promise<IncidentStatus> {
  const declaredAt = Date.now(); // workflow time: deterministic on replay
  const status: IncidentStatus = {
    incidentId: input.incidentId,
    title: input.title,
    mode: input.mode,
    state: 'open',
    declaredBy: input.declaredBy,
    declaredAt,
    discoveredAt: input.discoveredAt ?? declaredAt,
    reviewRemindersSent: 0,
  };

  setHandler(statusQuery, () => ({ ...status }));
  setHandler(
    closeUpdate,
    async ({ actor, reason }) => {
      status.state = 'closed';
      status.closedAt = Date.now();
      status.closedBy = actor;
      status.closeReason = reason.trim();
      await notifyIncidentChannel({
        incidentId: input.incidentId,
        kind: 'closed',
        text: `Incident ${input.incidentId} closed by ${actor.displayName}.`,
        at: status.closedAt,
      });
      return { ...status };
    },
    {
      validator: (request: CloseIncidentRequest) => {
        if (status.state === 'closed') {
          throw ApplicationFailure.nonRetryable(
            `Incident ${input.incidentId} is already closed (by ${status.closedBy?.displayName} at ${new Date(status.closedAt!).toISOString()}).`,
            'INCIDENT_CLOSED',
          );
        }
        const actor = actorSchema.safeParse((request as Partial<CloseIncidentRequest> | undefined)?.actor);
        if (!actor.success) {
          throw ApplicationFailure.nonRetryable(
            `close: actor is invalid: ${actor.error.issues[0]?.message}`,
            'INVALID_REQUEST',
          );
        }
        if (typeof request.reason !== 'string' || request.reason.trim() === '') {
          throw ApplicationFailure.nonRetryable(
            'close: a reason is required (what was concluded, for the record).',
            'INVALID_REQUEST',
          );
        }
      },
    },
  );

  await notifyIncidentChannel({
    incidentId: input.incidentId,
    kind: 'declared',
    text: `Incident ${input.incidentId} declared by ${input.declaredBy.displayName} (${input.mode}).`,
    at: declaredAt,
  });

  const interval = input.reviewIntervalMs ?? DEFAULT_REVIEW_INTERVAL_MS;
  while (status.state === 'open') {
    if (await condition(() => status.state === 'closed', interval)) break;
    status.reviewRemindersSent += 1;
    await notifyIncidentChannel({
      incidentId: input.incidentId,
      kind: 'review-due',
      text: `Incident ${input.incidentId} is still open (reminder ${status.reviewRemindersSent}).`,
      at: Date.now(),
    });
  }
  await condition(allHandlersFinished);
  return { ...status };
}
