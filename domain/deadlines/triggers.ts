import type { MissingFact } from './conditions';
import { endOfCalendarYear } from './due-date';
import { instantOf, type DeadlineFacts } from './facts';
import type { EpochMs } from './instant';
import type { Trigger } from './rule-schema';
import { formatLocal } from './time-zone';

/** What became of an obligation another rule may depend on. */
export type DependencyOutcome =
  | { kind: 'due'; due: EpochMs; metAt?: EpochMs }
  | { kind: 'met-without-due'; metAt: EpochMs }
  | { kind: 'not-applicable' }
  | { kind: 'unknown'; missing: MissingFact[] };

/** When a rule's clock started, or why it cannot be said yet. */
export type TriggerResolution =
  | { kind: 'at'; instant: EpochMs; explanation: string }
  | { kind: 'missing'; missing: MissingFact[] }
  | { kind: 'not-applicable'; reason: string };

function fromFact(
  label: string,
  given: string | undefined,
  whenUnknown: 'cannot-compute' | 'use-discovery',
  missing: MissingFact,
  facts: DeadlineFacts,
): TriggerResolution {
  const zone = facts.timeZone;
  if (given !== undefined)
    return {
      kind: 'at',
      instant: instantOf(given),
      explanation: `${label} at ${formatLocal(instantOf(given), zone)}`,
    };
  if (whenUnknown === 'use-discovery') {
    const discovery = instantOf(facts.discoveredAt);
    return {
      kind: 'at',
      instant: discovery,
      explanation: `${label} — not given, so discovery at ${formatLocal(discovery, zone)} is used (the earliest it can be)`,
    };
  }
  return { kind: 'missing', missing: [missing] };
}

/**
 * Resolves a trigger against the facts and the outcomes of the obligations evaluated before (for
 * `obligation-met`). `outcomes` is keyed by rule id.
 */
export function resolveTrigger(
  trigger: Trigger,
  facts: DeadlineFacts,
  outcomes: ReadonlyMap<string, DependencyOutcome>,
): TriggerResolution {
  const zone = facts.timeZone;
  switch (trigger.type) {
    case 'discovery': {
      const instant = instantOf(facts.discoveredAt);
      return { kind: 'at', instant, explanation: `discovery at ${formatLocal(instant, zone)}` };
    }
    case 'determination':
      return fromFact(
        'determination that a breach occurred',
        facts.determinedAt,
        trigger.whenUnknown,
        {
          fact: 'determinedAt',
          description: 'when the breach was determined to have occurred',
        },
        facts,
      );
    case 'awareness':
      return fromFact(
        'awareness of the personal data breach',
        facts.awareAt,
        trigger.whenUnknown,
        {
          fact: 'awareAt',
          description: 'when the entity became aware of the personal data breach',
        },
        facts,
      );
    case 'materiality-determination':
      return fromFact(
        'materiality determination',
        facts.materialityDeterminedAt,
        'cannot-compute',
        {
          fact: 'materialityDeterminedAt',
          description: 'when the incident was determined to be material (SEC Item 1.05 counts from then)',
        },
        facts,
      );
    case 'end-of-calendar-year': {
      const instant = endOfCalendarYear(instantOf(facts.discoveredAt), zone);
      return {
        kind: 'at',
        instant,
        explanation: `end of the calendar year of discovery, ${formatLocal(instant, zone)}`,
      };
    }
    case 'obligation-met':
      return resolveObligationMet(trigger.obligations, outcomes, zone);
  }
}

function resolveObligationMet(
  ids: readonly string[],
  outcomes: ReadonlyMap<string, DependencyOutcome>,
  zone: string,
): TriggerResolution {
  const met = ids
    .flatMap((id) => {
      const outcome = outcomes.get(id);
      return outcome &&
        (outcome.kind === 'due' || outcome.kind === 'met-without-due') &&
        outcome.metAt !== undefined
        ? [{ id, metAt: outcome.metAt }]
        : [];
    })
    .sort((a, b) => a.metAt - b.metAt);
  if (met.length > 0)
    return {
      kind: 'at',
      instant: met[0].metAt,
      explanation: `${met[0].id} met at ${formatLocal(met[0].metAt, zone)}`,
    };
  const open = ids.filter((id) => outcomes.get(id)?.kind !== 'not-applicable');
  if (open.length === 0)
    return { kind: 'not-applicable', reason: `it follows ${ids.join(' or ')}, which does not apply` };
  const dues = open.flatMap((id) => {
    const outcome = outcomes.get(id);
    return outcome?.kind === 'due' ? [`${id} is due ${formatLocal(outcome.due, zone)}`] : [];
  });
  return {
    kind: 'missing',
    missing: [
      {
        fact: 'obligation-met',
        obligations: open,
        description: `when ${open.join(' or ')} is met${dues.length > 0 ? ` (${dues.join('; ')})` : ''}`,
      },
    ],
  };
}
