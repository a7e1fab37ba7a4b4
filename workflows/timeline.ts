import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { IncidentTimelineResult } from '../activities/timeline/activity';
import type { IncidentLogExport } from '../domain/incident-log';
import type { UserTargetsInput } from '../domain/salesforce/targets';

/** Input of {@link timelineWorkflow}. */
export interface TimelineRequest {
  incidentId: string;
  /** The org to collect from (a name from the orgs file). */
  org: string;
  /** Window, epoch ms. */
  from: number;
  to: number;
  /**
   * Users whose LoginHistory and real-time events to collect (IDs and selectors, resolved by the collection);
   * absent, or matching nobody: every user. The resolved users are also marked suspicious.
   */
  users?: UserTargetsInput;
  suspiciousIps: string[];
  suspiciousUsers: string[];
  /** The incident log when the build was requested: the orchestrator's own actions become timeline events. */
  incidentLog: IncidentLogExport;
}

/** What {@link timelineWorkflow} produced: where the evidence is, what could not be collected, the timeline. */
export interface TimelineOutcome {
  evidenceDir: string;
  collectedFiles: number;
  /** Sources the org could not provide, with the reason. */
  unavailable: Array<{ source: string; reason: string }>;
  timeline: IncidentTimelineResult;
}

// Collection downloads whole days of EventLogFiles and the build sorts them: generous limits. Both write into a
// fresh folder per attempt, so a retry never mixes files of two attempts.
const { collectEvidence } = proxyActivities<Activities>({
  startToCloseTimeout: '2 hours',
  retry: {
    initialInterval: '5 seconds',
    maximumInterval: '2 minutes',
    maximumAttempts: 5,
    // An unknown org or refused login will not fix itself between attempts.
    nonRetryableErrorTypes: ['INVALID_INPUT', 'NO_EVIDENCE_ROOT', 'UnknownOrgError', 'SalesforceAuthError'],
  },
});
const { buildIncidentTimeline } = proxyActivities<Activities>({
  startToCloseTimeout: '4 hours',
  heartbeatTimeout: '2 minutes',
  retry: {
    initialInterval: '5 seconds',
    maximumInterval: '2 minutes',
    maximumAttempts: 3,
    nonRetryableErrorTypes: ['INVALID_INPUT', 'NO_EVIDENCE_ROOT', 'NO_EVIDENCE_MANIFEST'],
  },
});

/**
 * Collects an incident's audit evidence from its org (hashed into a manifest as it is written) and rebuilds the
 * timeline from it, with the incident log as one more source. Read-only towards Salesforce, so it runs the same
 * in every mode.
 */
export async function timelineWorkflow(req: TimelineRequest): Promise<TimelineOutcome> {
  const collected = await collectEvidence({
    org: req.org,
    incidentId: req.incidentId,
    from: new Date(req.from).toISOString(),
    to: new Date(req.to).toISOString(),
    ...(req.users ? { users: req.users } : {}),
  });
  const resolvedUsers = collected.userIds === 'all' ? [] : collected.userIds;
  const timeline = await buildIncidentTimeline({
    incidentId: req.incidentId,
    evidenceDir: collected.evidenceDir,
    incidentLog: req.incidentLog,
    suspiciousIps: req.suspiciousIps,
    suspiciousUsers: [...new Set([...req.suspiciousUsers, ...resolvedUsers])],
  });
  return {
    evidenceDir: collected.evidenceDir,
    collectedFiles: collected.files.length,
    unavailable: collected.unavailable,
    timeline,
  };
}
