import { loadRegulations } from '../../../activities/deadlines/regulations';
import {
  evaluateDeadlines,
  type DeadlineEvaluation,
  type DeadlineFactsInput,
  type ObligationResult,
  type RuleSet,
  type UncomputedObligation,
} from '../../../domain/deadlines';

let shipped: RuleSet | undefined;

/** The rule set of the shipped `templates/regulations` packs. */
export function shippedRules(): RuleSet {
  return (shipped ??= loadRegulations().ruleSet);
}

/** Facts of a small covered-entity breach discovered 2 March 2026 09:00 UTC, evaluated at discovery. */
export function facts(overrides: Partial<DeadlineFactsInput> = {}): DeadlineFactsInput {
  return {
    discoveredAt: '2026-03-02T09:00:00Z',
    timeZone: 'UTC',
    entityType: 'covered-entity',
    affected: { total: 100 },
    now: '2026-03-02T09:00:00Z',
    ...overrides,
  };
}

/** Evaluates `facts(overrides)` against the shipped rule packs. */
export function evaluate(
  overrides: Partial<DeadlineFactsInput> = {},
  rules: RuleSet = shippedRules(),
): DeadlineEvaluation {
  return evaluateDeadlines(rules, facts(overrides));
}

/** The obligation with this id; fails the test when it is missing or could not be computed. */
export function obligation(evaluation: DeadlineEvaluation, id: string): ObligationResult {
  const found = evaluation.obligations.find((o) => o.id === id);
  if (!found) {
    const waiting = evaluation.cannotCompute.find((u) => u.id === id);
    throw new Error(
      waiting
        ? `${id} could not be computed: ${waiting.basis}`
        : `no obligation ${id}; have ${evaluation.obligations.map((o) => o.id).join(', ')}`,
    );
  }
  return found;
}

/** The not-yet-computable obligation with this id; fails the test when it is missing. */
export function waiting(evaluation: DeadlineEvaluation, id: string): UncomputedObligation {
  const found = evaluation.cannotCompute.find((u) => u.id === id);
  if (!found) throw new Error(`${id} is not among those that cannot be computed`);
  return found;
}

/** Ids of the obligations that apply (any status but not-applicable). */
export function applicableIds(evaluation: DeadlineEvaluation): string[] {
  return evaluation.obligations.filter((o) => o.status !== 'not-applicable').map((o) => o.id);
}
