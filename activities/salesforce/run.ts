import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { z } from 'zod';
import type { IncidentMode } from '../../domain/mode';
import {
  summarise,
  type ActionResult,
  type ContainmentActionName,
  type TargetResult,
} from '../../domain/salesforce/results';
import { formatZodIssues } from '../../domain/zod-issues';
import { SalesforceApi } from './api';
import type { ConnectionProvider } from './connection-provider';
import type { RetryPolicy } from './retry';

/** What an attempt records in its heartbeat so a retried attempt knows what the first one planned. */
export interface PlanDetails {
  /** Per action: targets planned for change (field changes store IDs only, to keep heartbeats small). */
  plans: Partial<Record<ContainmentActionName, TargetResult[] | string[]>>;
  progress?: { action: ContainmentActionName; done: number; total: number };
}

function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined; // called directly (tests, CLI), not as a Temporal activity
  }
}

/** Shared dependencies of the Salesforce activities. */
export interface RunDeps {
  connections: ConnectionProvider;
  retryPolicy: RetryPolicy;
  /** TOURNIQUET_MODE: a worker that is not `live` never writes, whatever the input asks. */
  workerMode: IncidentMode;
  now: () => number;
}

/**
 * One execution of a containment action: the validated input, the org's API, the effective mode, and the
 * heartbeat plumbing (progress, and the plan recorded by an earlier attempt of the same activity).
 */
export class ActionRun<I extends { org: string; mode: 'live' | 'dry-run' }> {
  readonly startedAt: number;
  readonly notes: string[] = [];
  private readonly details: PlanDetails;
  private readonly context = activityContext();

  private constructor(
    readonly input: I,
    readonly api: SalesforceApi,
    readonly mode: 'live' | 'dry-run',
    private readonly deps: RunDeps,
  ) {
    this.startedAt = deps.now();
    const prior = this.context?.info.heartbeatDetails as PlanDetails | undefined;
    this.details = { plans: { ...(prior?.plans ?? {}) } };
    if (mode !== input.mode)
      this.notes.push(
        `This worker runs with TOURNIQUET_MODE=${deps.workerMode}: the live request was run as a dry-run and nothing was written.`,
      );
  }

  /** Validates `raw` with `schema` (a non-retryable failure naming every bad field) and connects to its org. */
  static async start<S extends z.ZodType<{ org: string; mode: 'live' | 'dry-run' }>>(
    action: string,
    schema: S,
    raw: unknown,
    deps: RunDeps,
  ): Promise<ActionRun<z.infer<S>>> {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      throw ApplicationFailure.nonRetryable(
        `${action}: invalid input:\n${formatZodIssues(parsed.error)}`,
        'INVALID_INPUT',
      );
    }
    const input = parsed.data;
    const org = await deps.connections(input.org);
    const mode = deps.workerMode === 'live' ? input.mode : 'dry-run';
    return new ActionRun(input, new SalesforceApi(org, deps.retryPolicy), mode, deps);
  }

  /** The retry policy for per-record retries. */
  get policy(): RetryPolicy {
    return this.deps.retryPolicy;
  }

  /** The plan an earlier attempt of this activity recorded for `action` (empty on a first attempt). */
  priorPlan<T extends TargetResult[] | string[]>(action: ContainmentActionName): T | undefined {
    return this.details.plans[action] as T | undefined;
  }

  /** Records the plan before writing, so a retried attempt can tell its own earlier changes apart. */
  recordPlan(action: ContainmentActionName, plan: TargetResult[] | string[]): void {
    this.details.plans[action] = plan;
    this.context?.heartbeat(this.details);
  }

  /** Reports progress (a heartbeat, so Temporal knows the worker is alive and where it got to). */
  progress(action: ContainmentActionName, done: number, total: number): void {
    this.details.progress = { action, done, total };
    this.context?.heartbeat(this.details);
  }

  /** Assembles the result. */
  finish(
    action: ContainmentActionName,
    targets: TargetResult[],
    extra: { irreversible?: boolean; notes?: string[]; unmatched?: ActionResult['unmatched'] } = {},
  ): ActionResult {
    return {
      action,
      org: this.input.org,
      mode: this.mode,
      ...summarise(targets, this.mode),
      irreversible: extra.irreversible ?? false,
      notes: [...this.notes, ...(extra.notes ?? [])],
      targets,
      unmatched: extra.unmatched ?? [],
      apiCalls: this.api.calls,
      startedAt: this.startedAt,
      finishedAt: this.deps.now(),
    };
  }
}
