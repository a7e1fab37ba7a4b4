import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { SYSTEM_ACTOR, type Actor } from '../domain/actor';
import {
  buildRuleSet,
  evaluateDeadlines,
  formatDuration,
  parseInstant,
  type DeadlineEvaluation,
  type DeadlineEvent,
  type RuleSet,
} from '../domain/deadlines';
import {
  DEFAULT_REMINDER_POLICY,
  planReminders,
  type ReminderNotice,
  type ReminderPolicy,
  type ReminderState,
} from '../domain/deadlines/reminder-schedule';
import { TourniquetError } from '../domain/errors';
import { chainLink, GENESIS_HASH } from '../domain/hash-chain';
import { durationMs } from '../domain/runbook/schema';
import { refuse, requireActor } from './incident-rules';
import type {
  CloseDeadlinesRequest,
  DeadlineLogEntry,
  DeadlineLogType,
  DeadlineStatus,
  DeadlineWorkflowInput,
  DiscoveredAtChangedSignal,
  LawEnforcementDelayRequest,
  MarkNotifiedRequest,
  PinnedRulePacks,
  SetAffectedRequest,
  SetDeadlineDiscoveredAtRequest,
  SetFactRequest,
  TrackedFacts,
} from './deadline-types';

/** The deadlines, their reminders and the log. */
export const deadlinesQuery = defineQuery<DeadlineStatus>('deadlines');
/** An obligation was met: a notice went out. */
export const markNotifiedUpdate = defineUpdate<DeadlineStatus, [MarkNotifiedRequest]>('markNotified');
/** Law enforcement asked for a delay (45 CFR 164.412): tolls the affected deadlines. */
export const requestLawEnforcementDelayUpdate = defineUpdate<DeadlineStatus, [LawEnforcementDelayRequest]>(
  'requestLawEnforcementDelay',
);
/** A corrected discovery time: every clock counting from discovery moves. */
export const setDeadlineDiscoveredAtUpdate = defineUpdate<DeadlineStatus, [SetDeadlineDiscoveredAtRequest]>(
  'setDiscoveredAt',
);
/** New affected counts: crossing a threshold creates (or removes) obligations. */
export const setAffectedUpdate = defineUpdate<DeadlineStatus, [SetAffectedRequest]>('setAffected');
/** A determination some regimes count from (SEC materiality, GDPR awareness, a State's determination). */
export const setFactUpdate = defineUpdate<DeadlineStatus, [SetFactRequest]>('setFact');
/** Counsel ends the tracking: reminders stop. */
export const closeDeadlinesUpdate = defineUpdate<DeadlineStatus, [CloseDeadlinesRequest]>('close');
/** The incident's discovery time was corrected (sent by the incident workflow). */
export const discoveredAtChangedSignal = defineSignal<[DiscoveredAtChangedSignal]>('discoveredAtChanged');

/** The deadline workflow of an incident. */
export function deadlineWorkflowId(incidentId: string): string {
  return `${incidentId}.deadlines`;
}

const { loadRulePacks, notifyIncidentChannel } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 10 },
});

/** History events after which a run continues as new (the server also suggests it). */
const HISTORY_LIMIT = 2_000;

/** An input problem as a failure that is not retried, named by its stable code. */
function inputFailure(err: unknown): ApplicationFailure {
  if (err instanceof TourniquetError) return ApplicationFailure.nonRetryable(err.message, err.code);
  return ApplicationFailure.nonRetryable(err instanceof Error ? err.message : String(err), 'DEADLINE_FAILED');
}

/** Parses an instant given to an update; `fallback` when absent. Throws a message the caller shows. */
function instantArg(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const at = parseInstant(text);
  if (at === undefined)
    refuse(`${name}: "${text}" is not an ISO 8601 instant with its offset`, 'INVALID_REQUEST');
  return at;
}

function reminderPolicy(input: DeadlineWorkflowInput): ReminderPolicy {
  return {
    offsetsMs: input.reminderOffsets?.map(durationMs) ?? DEFAULT_REMINDER_POLICY.offsetsMs,
    escalateEveryMs: input.escalateEvery
      ? durationMs(input.escalateEvery)
      : DEFAULT_REMINDER_POLICY.escalateEveryMs,
  };
}

function noticeText(incidentId: string, n: ReminderNotice, now: number): string {
  const o = n.obligation;
  const what = `${o.title} (${o.regime}, to ${o.recipient}; ${o.citation})`;
  if (n.kind === 'overdue')
    return (
      `OVERDUE — ${incidentId}: ${what} was due ${o.due} (${o.dueLocal}), ${formatDuration(now - Date.parse(o.due ?? ''))} ago. ` +
      `Escalate to privacy counsel now; once sent: tourniquet notified ${incidentId} ${o.id} --evidence REF --as YOU`
    );
  const left = n.offsetMs === 0 ? 'due now' : `${formatDuration(n.offsetMs)} left`;
  return `Deadline ${left} — ${incidentId}: ${what} is due ${o.due} (${o.dueLocal}).`;
}

/**
 * Tracks an incident's notification deadlines for as long as they matter (months): evaluates every obligation
 * from the pinned rule packs at workflow time, sends reminders at the policy's offsets before each due instant
 * and escalates while one is overdue, on durable timers. Updates record notices sent, law-enforcement delays,
 * corrected discovery times and counts; each recomputes the deadlines and goes into a hash-chained log. Continues
 * as new before its history grows large; ends when counsel closes it.
 */
export async function deadlineWorkflow(input: DeadlineWorkflowInput): Promise<DeadlineStatus> {
  const policy = reminderPolicy(input);
  let facts: TrackedFacts = input.facts;
  let rules: PinnedRulePacks | undefined = input.carried?.rules;
  let ruleSet: RuleSet | undefined;
  let reminders: ReminderState = input.carried?.reminders ?? { armed: {}, done: [] };
  const log: DeadlineLogEntry[] = input.carried?.log ?? [];
  const runs = input.carried?.runs ?? 0;
  let state: DeadlineStatus['state'] = 'tracking';
  let upcoming: DeadlineStatus['upcoming'] = [];
  let changed = false;

  const evaluate = (f: TrackedFacts, at = Date.now()): DeadlineEvaluation => {
    if (!ruleSet)
      refuse('the deadlines are still loading their rule packs; try again in a moment', 'INVALID_REQUEST');
    return evaluateDeadlines(ruleSet, { ...f, now: new Date(at).toISOString() });
  };
  const record = (type: DeadlineLogType, actor: Actor, data: Record<string, unknown>) => {
    const prev = log.length ? log[log.length - 1].hash : GENESIS_HASH;
    log.push(chainLink(prev, { seq: log.length + 1, at: Date.now(), type, actor, data }));
  };
  const dues = (e: DeadlineEvaluation) =>
    Object.fromEntries(e.obligations.filter((o) => o.due !== null).map((o) => [o.id, o.due]));
  const status = (): DeadlineStatus => ({
    incidentId: input.incidentId,
    state: ruleSet ? state : 'starting',
    facts,
    evaluation: ruleSet ? evaluate(facts) : null,
    upcoming,
    rules: rules ? { sha256: rules.sha256, files: rules.files } : null,
    log,
    runs,
  });
  /** Validates proposed facts by evaluating them (throws the evaluator's message, which names the field). */
  const check = (next: TrackedFacts): DeadlineEvaluation => {
    if (state !== 'tracking') refuse(`the deadlines of ${input.incidentId} are closed`, 'DEADLINES_CLOSED');
    try {
      return evaluate(next);
    } catch (err) {
      if (err instanceof TourniquetError) refuse(err.message, err.code);
      refuse(err instanceof Error ? err.message : String(err), 'INVALID_REQUEST');
    }
  };
  /** Counsel and incident commanders decide about notices (checked against the incident's pinned roles). */
  const mayDecide = (actor: unknown) => {
    if (input.roles) requireActor(input.roles, actor, ['legal', 'commander']);
  };
  /** Applies new facts, logs what changed in the obligations, and wakes the loop. */
  const apply = (next: TrackedFacts, type: DeadlineLogType, actor: Actor, data: Record<string, unknown>) => {
    const before = evaluate(facts);
    facts = next;
    const after = evaluate(facts);
    const was = dues(before);
    const now = dues(after);
    const moved = Object.keys(now)
      .filter((id) => was[id] !== undefined && was[id] !== now[id])
      .map((id) => ({ id, from: was[id], to: now[id] }));
    record(type, actor, {
      ...data,
      ...(moved.length ? { moved } : {}),
      added: Object.keys(now).filter((id) => was[id] === undefined),
      removed: Object.keys(was).filter((id) => now[id] === undefined),
    });
    changed = true;
    return status();
  };
  const withEvent = (event: DeadlineEvent): TrackedFacts => ({
    ...facts,
    events: [...(facts.events ?? []), event],
  });
  const knownIds = (e: DeadlineEvaluation) =>
    new Set([...e.obligations, ...e.cannotCompute].flatMap((o) => [o.id, o.ruleId]));

  setHandler(deadlinesQuery, status);

  setHandler(
    markNotifiedUpdate,
    (req) => {
      const at = instantArg('at', req.at, Date.now());
      return apply(withEvent(notifiedEvent(req.obligation, at)), 'notified', req.actor, {
        obligation: req.obligation,
        at: new Date(at).toISOString(),
        evidenceRef: req.evidenceRef,
      });
    },
    {
      validator: (req: MarkNotifiedRequest) => {
        mayDecide(req.actor);
        if (!req.evidenceRef?.trim())
          refuse(
            'evidenceRef: say where the proof of the notice is (a file, a filing number, a URL)',
            'INVALID_REQUEST',
          );
        const at = instantArg('at', req.at, Date.now());
        if (at > Date.now())
          refuse(`at: ${req.at} is in the future; record a notice once it is sent`, 'INVALID_REQUEST');
        const current = check(facts);
        if (!knownIds(current).has(req.obligation))
          throw new Error(
            `obligation: "${req.obligation}" is not an obligation of this incident; one of ${[...knownIds(current)].sort().join(', ')}`,
          );
        const o = current.obligations.find((x) => x.id === req.obligation);
        if (o?.status === 'met')
          refuse(`obligation: ${req.obligation} was already met at ${o.metAt}`, 'INVALID_REQUEST');
        check(withEvent(notifiedEvent(req.obligation, at)));
      },
    },
  );

  const delayEvent = (req: LawEnforcementDelayRequest): DeadlineEvent => ({
    type: 'law-enforcement-delay',
    form: req.form,
    statedAt: req.statedAt ?? new Date(Date.now()).toISOString(),
    ...(req.until !== undefined ? { until: req.until } : {}),
    ...(req.obligations?.length ? { obligations: req.obligations } : {}),
  });
  setHandler(
    requestLawEnforcementDelayUpdate,
    (req) =>
      apply(withEvent(delayEvent(req)), 'law-enforcement-delay', req.actor, {
        form: req.form,
        until: req.until ?? null,
        statedAt: req.statedAt ?? new Date(Date.now()).toISOString(),
        obligations: req.obligations ?? 'all that can be tolled',
        ...(req.note ? { note: req.note } : {}),
      }),
    {
      validator: (req: LawEnforcementDelayRequest) => {
        mayDecide(req.actor);
        check(withEvent(delayEvent(req)));
      },
    },
  );

  const rediscover = (discoveredAt: string, actor: Actor, reason: string) =>
    apply({ ...facts, discoveredAt }, 'discovered-at-changed', actor, {
      from: facts.discoveredAt,
      to: discoveredAt,
      reason,
    });
  setHandler(setDeadlineDiscoveredAtUpdate, (req) => rediscover(req.discoveredAt, req.actor, req.reason), {
    validator: (req: SetDeadlineDiscoveredAtRequest) => {
      mayDecide(req.actor);
      if (!req.reason?.trim())
        refuse('reason: say why the discovery time changes (it is evidence)', 'INVALID_REQUEST');
      check({ ...facts, discoveredAt: req.discoveredAt });
    },
  });
  /** A discovery correction signalled before the rule packs were loaded, applied once they are. */
  let earlyDiscovery: DiscoveredAtChangedSignal | undefined;
  setHandler(discoveredAtChangedSignal, (sig) => {
    if (!ruleSet) {
      earlyDiscovery = sig;
      return;
    }
    try {
      check({ ...facts, discoveredAt: sig.discoveredAt });
    } catch {
      return; // closed, or not an instant: the incident workflow only sends valid times
    }
    rediscover(sig.discoveredAt, sig.actor, sig.reason);
  });

  const affectedOf = (req: SetAffectedRequest) => ({
    total: req.total,
    ...(req.byJurisdiction ? { byJurisdiction: req.byJurisdiction } : {}),
  });
  setHandler(
    setAffectedUpdate,
    (req) =>
      apply({ ...facts, affected: affectedOf(req) }, 'affected-changed', req.actor, {
        from: facts.affected,
        to: affectedOf(req),
        ...(req.reason ? { reason: req.reason } : {}),
      }),
    {
      validator: (req: SetAffectedRequest) => {
        mayDecide(req.actor);
        check({ ...facts, affected: affectedOf(req) });
      },
    },
  );

  setHandler(
    setFactUpdate,
    (req) =>
      apply({ ...facts, [req.fact]: req.at }, 'fact-set', req.actor, {
        fact: req.fact,
        from: facts[req.fact] ?? null,
        to: req.at,
        ...(req.reason ? { reason: req.reason } : {}),
      }),
    {
      validator: (req: SetFactRequest) => {
        mayDecide(req.actor);
        if (!['materialityDeterminedAt', 'awareAt', 'determinedAt'].includes(req.fact))
          refuse(
            `fact: "${req.fact}" is not one of materialityDeterminedAt, awareAt, determinedAt`,
            'INVALID_REQUEST',
          );
        check({ ...facts, [req.fact]: req.at });
      },
    },
  );

  setHandler(
    closeDeadlinesUpdate,
    (req) => {
      state = 'closed';
      record('closed', req.actor, { reason: req.reason });
      changed = true;
      return status();
    },
    {
      validator: (req: CloseDeadlinesRequest) => {
        mayDecide(req.actor);
        if (state !== 'tracking')
          refuse(`the deadlines of ${input.incidentId} are already closed`, 'INVALID_REQUEST');
        if (!req.reason?.trim())
          refuse('reason: say why tracking ends (e.g. every notice sent)', 'INVALID_REQUEST');
      },
    },
  );

  // Handlers are set before loading, so a query right after the start answers (state `starting`).
  rules ??= await loadRulePacks();
  try {
    ruleSet = buildRuleSet(rules.packs);
  } catch (err) {
    throw inputFailure(err);
  }
  const pinned = rules;
  if (!input.carried) {
    let first: DeadlineEvaluation;
    try {
      first = evaluate(facts);
    } catch (err) {
      throw inputFailure(err);
    }
    record('started', input.startedBy, {
      facts,
      rules: { sha256: pinned.sha256, files: pinned.files },
      obligations: dues(first),
      cannotCompute: first.cannotCompute.map((o) => o.id),
    });
  }
  if (earlyDiscovery) rediscover(earlyDiscovery.discoveredAt, earlyDiscovery.actor, earlyDiscovery.reason);

  for (;;) {
    const evaluation = evaluate(facts);
    const plan = planReminders(evaluation.obligations, policy, reminders, Date.now());
    reminders = plan.state;
    upcoming = plan.upcoming.map((u) => ({ ...u, at: new Date(u.at).toISOString() }));
    for (const notice of plan.fire) {
      const now = Date.now();
      const text =
        (input.mode && input.mode !== 'live' ? `[${input.mode}] ` : '') +
        noticeText(input.incidentId, notice, now);
      await notifyIncidentChannel({
        incidentId: input.incidentId,
        kind: notice.kind === 'overdue' ? 'deadline-overdue' : 'deadline-reminder',
        text,
        at: now,
      });
      record(notice.kind, SYSTEM_ACTOR, {
        obligation: notice.obligation.id,
        due: notice.obligation.due,
        scheduledAt: new Date(notice.scheduledAt).toISOString(),
        text,
      });
    }
    if (state !== 'tracking') break;
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > (input.historyLimit ?? HISTORY_LIMIT)) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof deadlineWorkflow>({
        ...input,
        facts,
        carried: { rules: pinned, reminders, log, runs: runs + 1 },
      });
    }
    changed = false;
    const wait = plan.nextAt === undefined ? undefined : Math.max(1, plan.nextAt - Date.now());
    if (wait === undefined) await condition(() => changed);
    else await condition(() => changed, wait);
  }
  await condition(allHandlersFinished);
  return status();
}

/** The event that meets an obligation. */
function notifiedEvent(obligation: string, at: number): DeadlineEvent {
  return { type: 'obligation-met', obligation, at: new Date(at).toISOString() };
}
