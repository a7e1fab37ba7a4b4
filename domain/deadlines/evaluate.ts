import { checkConditions, describeThreshold, type Applicability, type MissingFact } from './conditions';
import { dueBeforeTolling } from './deadline-due';
import {
  instantOf,
  parseDeadlineFacts,
  type DeadlineFacts,
  type DeadlineFactsInput,
  type LawEnforcementDelay,
} from './facts';
import { checkFactsAgainstRules } from './facts-check';
import { formatUtc, type EpochMs } from './instant';
import type { DeadlineEvaluation, ObligationResult, UncomputedObligation } from './result';
import type { Rule } from './rule-schema';
import type { RuleSet } from './rule-set';
import { statusAt } from './status';
import { formatLocal } from './time-zone';
import { applyLawEnforcementDelays } from './tolling';
import { resolveTrigger, type DependencyOutcome } from './triggers';
import { isUsJurisdiction, type UsJurisdiction } from './vocabulary';

/** One obligation a rule gives: the rule itself, or the rule for one jurisdiction. */
interface Instance {
  rule: Rule;
  id: string;
  jurisdiction?: UsJurisdiction;
  applicability: Applicability;
}

type InstanceResult =
  | { kind: 'obligation'; obligation: ObligationResult; outcome: DependencyOutcome }
  | { kind: 'uncomputed'; uncomputed: UncomputedObligation; outcome: DependencyOutcome };

/** The obligations a rule gives for these facts: one, or one per jurisdiction for a rule over `each`. */
function instancesOf(rule: Rule, facts: DeadlineFacts, attributes: Record<string, string>): Instance[] {
  const single = (applicability: Applicability): Instance[] => [{ rule, id: rule.id, applicability }];
  const residents = rule.conditions.residents;
  const byJurisdiction = facts.affected.byJurisdiction;
  if (residents?.jurisdiction !== 'each' || !byJurisdiction)
    return single(checkConditions(rule, facts, attributes));
  const base = checkConditions(rule, facts, attributes, { ignoreResidents: true });
  if (base.kind === 'not-applicable') return single(base);
  const codes = Object.keys(byJurisdiction).filter(isUsJurisdiction).sort();
  const perJurisdiction = codes
    .map((jurisdiction) => ({
      jurisdiction,
      applicability: checkConditions(rule, facts, attributes, { jurisdiction }),
    }))
    .filter((x) => x.applicability.kind !== 'not-applicable');
  if (perJurisdiction.length === 0) {
    const largest = [...codes].sort((a, b) => (byJurisdiction[b] ?? 0) - (byJurisdiction[a] ?? 0))[0];
    return single({
      kind: 'not-applicable',
      reason:
        `no State or jurisdiction has ${describeThreshold(residents)} affected residents` +
        (largest ? ` (largest: ${largest} with ${byJurisdiction[largest]})` : ' (none listed)'),
    });
  }
  return perJurisdiction.map(({ jurisdiction, applicability }) => ({
    rule,
    id: `${rule.id}:${jurisdiction}`,
    jurisdiction,
    applicability,
  }));
}

/** The earliest instant an event says this obligation was met. */
function metAtOf(instance: Instance, facts: DeadlineFacts): EpochMs | undefined {
  const times = facts.events.flatMap((event) => {
    if (event.type === 'individuals-notified' && instance.rule.recipient === 'individuals')
      return [instantOf(event.at)];
    if (event.type === 'hhs-notified' && instance.rule.recipient === 'hhs') return [instantOf(event.at)];
    if (
      event.type === 'obligation-met' &&
      (event.obligation === instance.id || event.obligation === instance.rule.id)
    )
      return [instantOf(event.at)];
    return [];
  });
  return times.length > 0 ? Math.min(...times) : undefined;
}

function delaysFor(instance: Instance, facts: DeadlineFacts): LawEnforcementDelay[] {
  return facts.events.filter(
    (e): e is LawEnforcementDelay =>
      e.type === 'law-enforcement-delay' &&
      (e.obligations === undefined ||
        e.obligations.includes(instance.id) ||
        e.obligations.includes(instance.rule.id)),
  );
}

function common(instance: Instance) {
  const { rule } = instance;
  return {
    id: instance.id,
    ruleId: rule.id,
    ...(instance.jurisdiction ? { jurisdiction: instance.jurisdiction } : {}),
    title: instance.jurisdiction ? `${rule.title} (${instance.jurisdiction})` : rule.title,
    regime: rule.regime,
    recipient: rule.recipient,
    citation: rule.citation,
    outerLimit: rule.outerLimit,
    ...(rule.notes ? { notes: rule.notes } : {}),
    verifiedOn: rule.verifiedOn,
  };
}

function notApplicable(instance: Instance, reason: string): InstanceResult {
  return {
    kind: 'obligation',
    outcome: { kind: 'not-applicable' },
    obligation: {
      ...common(instance),
      due: null,
      dueLocal: null,
      triggeredAt: null,
      basis: `Does not apply: ${reason}.`,
      status: 'not-applicable',
      statusReason: reason,
      tolled: false,
    },
  };
}

function uncomputed(
  instance: Instance,
  known: string[],
  missing: MissingFact[],
  facts: DeadlineFacts,
): InstanceResult {
  const metAt = metAtOf(instance, facts);
  const basis = [...known, `Needs: ${missing.map((m) => m.description).join('; ')}.`];
  if (metAt !== undefined && instance.applicability.kind === 'applies') {
    const { status, statusReason } = statusAt(
      null,
      metAt,
      instantOf(facts.now),
      facts.dueSoonWithinHours,
      facts.timeZone,
    );
    return {
      kind: 'obligation',
      outcome: { kind: 'met-without-due', metAt },
      obligation: {
        ...common(instance),
        due: null,
        dueLocal: null,
        triggeredAt: null,
        basis: [...basis, 'It was met before its due date could be computed.'].join(' '),
        status,
        statusReason,
        metAt: formatUtc(metAt),
        tolled: false,
      },
    };
  }
  return {
    kind: 'uncomputed',
    outcome: { kind: 'unknown', missing },
    uncomputed: { ...common(instance), missing, basis: basis.join(' ') },
  };
}

function evaluateInstance(
  instance: Instance,
  facts: DeadlineFacts,
  ruleSet: RuleSet,
  outcomes: ReadonlyMap<string, DependencyOutcome>,
): InstanceResult {
  const { rule, applicability } = instance;
  const zone = facts.timeZone;
  if (applicability.kind === 'not-applicable') return notApplicable(instance, applicability.reason);
  const known = [`Applies if the conditions hold: ${applicability.reasons.join('; ')}.`];
  if (applicability.kind === 'unknown') return uncomputed(instance, known, applicability.missing, facts);
  known[0] = `Applies: ${applicability.reasons.join('; ')}.`;

  const trigger = resolveTrigger(rule.trigger, facts, outcomes);
  if (trigger.kind === 'not-applicable') return notApplicable(instance, trigger.reason);
  if (trigger.kind === 'missing') return uncomputed(instance, known, trigger.missing, facts);
  const steps = [...known, `Trigger: ${trigger.explanation}.`];

  const untolled = dueBeforeTolling(rule.deadline, trigger.instant, zone, outcomes);
  if (untolled.kind === 'not-applicable') return notApplicable(instance, untolled.reason);
  if (untolled.kind === 'missing') return uncomputed(instance, steps, untolled.missing, facts);
  steps.push(`Rule: ${untolled.explanation}`);

  let due = untolled.instant;
  let tolled = false;
  for (const tollingId of rule.tolledBy) {
    const tolling = ruleSet.tolling.find((t) => t.id === tollingId)!;
    const result = applyLawEnforcementDelays(due, delaysFor(instance, facts), tolling, zone);
    steps.push(`Tolling: ${result.explanation.join(' ')}`);
    due = result.due;
    tolled ||= result.tolled;
  }
  if (rule.deadline.type === 'contemporaneous') steps.push(`Tolling: as for ${rule.deadline.with}.`);
  steps.push(`Due ${formatUtc(due)} (${formatLocal(due, zone)}).`);

  const metAt = metAtOf(instance, facts);
  const { status, statusReason } = statusAt(due, metAt, instantOf(facts.now), facts.dueSoonWithinHours, zone);
  return {
    kind: 'obligation',
    outcome: { kind: 'due', due, ...(metAt === undefined ? {} : { metAt }) },
    obligation: {
      ...common(instance),
      due: formatUtc(due),
      dueLocal: formatLocal(due, zone),
      triggeredAt: formatUtc(trigger.instant),
      basis: steps.join(' '),
      status,
      statusReason,
      ...(metAt === undefined ? {} : { metAt: formatUtc(metAt) }),
      tolled,
    },
  };
}

function byDue(a: ObligationResult, b: ObligationResult): number {
  const rank = (o: ObligationResult) => (o.status === 'not-applicable' ? 2 : o.due === null ? 1 : 0);
  return rank(a) - rank(b) || (a.due ?? '').localeCompare(b.due ?? '') || a.id.localeCompare(b.id);
}

/**
 * Evaluates every rule of `ruleSet` against the facts: which obligations apply, when each is due (UTC and local),
 * how that was computed, and where each stands at `facts.now`. Pure and deterministic — no clock, no I/O — so
 * a Temporal workflow can call it with the rule packs as JSON (see `buildRuleSet`) and facts it keeps.
 * The facts are validated at run time too (they may come from JSON): throws `DeadlineInputError` when they are
 * invalid or name unknown obligations or attributes.
 */
export function evaluateDeadlines(ruleSet: RuleSet, input: DeadlineFactsInput): DeadlineEvaluation {
  const facts = parseDeadlineFacts(input);
  checkFactsAgainstRules(ruleSet, facts);
  const outcomes = new Map<string, DependencyOutcome>();
  const obligations: ObligationResult[] = [];
  const cannotCompute: UncomputedObligation[] = [];
  for (const rule of ruleSet.rules) {
    for (const instance of instancesOf(rule, facts, ruleSet.attributes)) {
      const result = evaluateInstance(instance, facts, ruleSet, outcomes);
      if (instance.id === rule.id) outcomes.set(rule.id, result.outcome);
      if (result.kind === 'obligation') obligations.push(result.obligation);
      else cannotCompute.push(result.uncomputed);
    }
  }
  return {
    evaluatedAt: formatUtc(instantOf(facts.now)),
    timeZone: facts.timeZone,
    dueSoonWithinHours: facts.dueSoonWithinHours,
    obligations: obligations.sort(byDue),
    cannotCompute,
  };
}
