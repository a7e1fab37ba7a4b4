import { residentsOf, type DeadlineFacts } from './facts';
import type { CountThreshold, Rule } from './rule-schema';
import type { UsJurisdiction } from './vocabulary';

/** A fact the evaluator needs before it can decide or compute an obligation. */
export type MissingFact =
  | { fact: 'residents'; jurisdiction: UsJurisdiction | 'each'; description: string }
  | { fact: 'determinedAt' | 'awareAt' | 'materialityDeterminedAt'; description: string }
  | { fact: 'attribute'; attribute: string; description: string }
  | { fact: 'obligation-met'; obligations: string[]; description: string };

/** Whether a rule applies, from its conditions and the facts. */
export type Applicability =
  | { kind: 'applies'; reasons: string[] }
  | { kind: 'not-applicable'; reason: string }
  | { kind: 'unknown'; reasons: string[]; missing: MissingFact[] };

/** The counts a threshold accepts, as an inclusive range. */
function rangeOf(t: CountThreshold): { min: number; max: number } {
  return {
    min: t.atLeast ?? (t.moreThan === undefined ? 0 : t.moreThan + 1),
    max: t.atMost ?? (t.fewerThan === undefined ? Infinity : t.fewerThan - 1),
  };
}

/** A threshold in words: `at least 500`, `more than 500`, `fewer than 500 and at least 1`. */
export function describeThreshold(t: CountThreshold): string {
  const parts: string[] = [];
  if (t.atLeast !== undefined) parts.push(`at least ${t.atLeast}`);
  if (t.moreThan !== undefined) parts.push(`more than ${t.moreThan}`);
  if (t.atMost !== undefined) parts.push(`at most ${t.atMost}`);
  if (t.fewerThan !== undefined) parts.push(`fewer than ${t.fewerThan}`);
  return parts.join(' and ');
}

/** True when `n` meets the threshold. */
export function meetsThreshold(n: number, t: CountThreshold): boolean {
  const { min, max } = rangeOf(t);
  return n >= min && n <= max;
}

/**
 * Whether every count in `[low, high]` meets the threshold (`true`), none does (`false`), or it depends on the
 * exact count (`undefined`). Thresholds are intervals, so the two ends decide.
 */
export function decideForRange(low: number, high: number, t: CountThreshold): boolean | undefined {
  const { min, max } = rangeOf(t);
  if (low >= min && high <= max) return true;
  if (high < min || low > max) return false;
  return undefined;
}

type Check =
  | { holds: true; reason: string }
  | { holds: false; reason: string }
  | { holds: undefined; reason: string; missing: MissingFact };

function checkResidents(
  rule: Rule,
  facts: DeadlineFacts,
  jurisdiction: UsJurisdiction | undefined,
): Check | undefined {
  const condition = rule.conditions.residents;
  if (!condition) return undefined;
  const where = condition.jurisdiction === 'each' ? jurisdiction : condition.jurisdiction;
  const bound = describeThreshold(condition);
  if (where !== undefined) {
    const n = residentsOf(facts, where);
    if (n !== undefined)
      return meetsThreshold(n, condition)
        ? { holds: true, reason: `${n} affected residents of ${where} is ${bound}` }
        : { holds: false, reason: `${n} affected residents of ${where} is not ${bound}` };
  }
  const label = where ?? 'any one State or jurisdiction';
  const decided = decideForRange(0, facts.affected.total, condition);
  if (decided === false)
    return {
      holds: false,
      reason: `with ${facts.affected.total} affected in total, residents of ${label} cannot be ${bound}`,
    };
  if (decided === true)
    return {
      holds: true,
      reason: `with ${facts.affected.total} affected in total, residents of ${label} are ${bound}`,
    };
  return {
    holds: undefined,
    reason: `needs the number of affected residents of ${label} (${bound})`,
    missing: {
      fact: 'residents',
      jurisdiction: where ?? 'each',
      description:
        where === undefined
          ? `affected residents per State or jurisdiction, to find those with ${bound}`
          : `the number of affected residents of ${where}`,
    },
  };
}

/** Which jurisdiction a per-jurisdiction rule is checked for; `ignoreResidents` leaves the residents bound out. */
export interface ConditionScope {
  jurisdiction?: UsJurisdiction;
  ignoreResidents?: boolean;
}

function checks(
  rule: Rule,
  facts: DeadlineFacts,
  attributes: Record<string, string>,
  scope: ConditionScope,
): Check[] {
  const c = rule.conditions;
  const out: Check[] = [];
  if (c.entityTypes)
    out.push(
      c.entityTypes.includes(facts.entityType)
        ? { holds: true, reason: `the entity is a ${facts.entityType}` }
        : {
            holds: false,
            reason: `the entity is a ${facts.entityType}, and the rule reaches only ${c.entityTypes.join(', ')}`,
          },
    );
  if (c.totalAffected) {
    const bound = describeThreshold(c.totalAffected);
    out.push(
      meetsThreshold(facts.affected.total, c.totalAffected)
        ? { holds: true, reason: `${facts.affected.total} affected in total is ${bound}` }
        : { holds: false, reason: `${facts.affected.total} affected in total is not ${bound}` },
    );
  }
  const residents = scope.ignoreResidents ? undefined : checkResidents(rule, facts, scope.jurisdiction);
  if (residents) out.push(residents);
  if (c.publicCompany)
    out.push(
      facts.publicCompany
        ? { holds: true, reason: 'the entity is an SEC registrant' }
        : { holds: false, reason: 'the entity is not an SEC registrant (publicCompany is false)' },
    );
  if (c.euDataSubjects)
    out.push(
      facts.euDataSubjects
        ? { holds: true, reason: 'personal data of people in the EU is affected' }
        : {
            holds: false,
            reason: 'no personal data of people in the EU is affected (euDataSubjects is false)',
          },
    );
  for (const name of c.attributes ?? []) {
    const answer = facts.attributes[name];
    const question = attributes[name] ?? name;
    if (answer === true) out.push({ holds: true, reason: `${name}: yes (${question})` });
    else if (answer === false) out.push({ holds: false, reason: `${name}: no (${question})` });
    else
      out.push({
        holds: undefined,
        reason: `needs attribute ${name}`,
        missing: {
          fact: 'attribute',
          attribute: name,
          description: `whether ${question} (attribute ${name})`,
        },
      });
  }
  return out;
}

/**
 * Decides whether `rule` applies to the facts (for `scope.jurisdiction` when the rule counts residents of
 * `each`): not applicable as soon as one condition fails, unknown when none fails but one needs a fact not
 * given. `attributes` are the rule set's declared attributes (name → question), for messages.
 */
export function checkConditions(
  rule: Rule,
  facts: DeadlineFacts,
  attributes: Record<string, string>,
  scope: ConditionScope = {},
): Applicability {
  const results = checks(rule, facts, attributes, scope);
  const failed = results.find((r) => r.holds === false);
  if (failed) return { kind: 'not-applicable', reason: failed.reason };
  const reasons = results.filter((r) => r.holds === true).map((r) => r.reason);
  const missing = results.flatMap((r) => (r.holds === undefined ? [r.missing] : []));
  if (missing.length > 0) return { kind: 'unknown', reasons, missing };
  return { kind: 'applies', reasons: reasons.length > 0 ? reasons : ['no conditions'] };
}
