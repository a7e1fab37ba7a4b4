import { DeadlineInputError } from './errors';
import type { DeadlineFacts } from './facts';
import type { RuleSet } from './rule-set';
import { isUsJurisdiction } from './vocabulary';

/** True when `id` names a rule of the set, or `ruleId:XX` for a per-jurisdiction rule. */
export function isKnownObligationId(ruleSet: RuleSet, id: string): boolean {
  const [ruleId, jurisdiction, ...rest] = id.split(':');
  const rule = ruleSet.rules.find((r) => r.id === ruleId);
  if (!rule || rest.length > 0) return false;
  if (jurisdiction === undefined) return true;
  return rule.conditions.residents?.jurisdiction === 'each' && isUsJurisdiction(jurisdiction);
}

/**
 * Checks what the schema cannot: every obligation id an event names exists in the rule set, and every attribute
 * answered is declared by a pack. Throws {@link DeadlineInputError} naming each offending field.
 */
export function checkFactsAgainstRules(ruleSet: RuleSet, facts: DeadlineFacts): void {
  const issues: Array<{ field: string; message: string }> = [];
  const known = () =>
    ruleSet.rules
      .map((r) => (r.conditions.residents?.jurisdiction === 'each' ? `${r.id}[:XX]` : r.id))
      .join(', ');
  facts.events.forEach((event, i) => {
    const ids =
      event.type === 'obligation-met'
        ? [['obligation', event.obligation] as const]
        : event.type === 'law-enforcement-delay'
          ? (event.obligations ?? []).map((id, j) => [`obligations[${j}]`, id] as const)
          : [];
    for (const [field, id] of ids)
      if (!isKnownObligationId(ruleSet, id))
        issues.push({ field: `events[${i}].${field}`, message: `no obligation '${id}'; known: ${known()}` });
  });
  for (const name of Object.keys(facts.attributes))
    if (!(name in ruleSet.attributes))
      issues.push({
        field: `attributes.${name}`,
        message: `no rule pack declares this attribute; known: ${Object.keys(ruleSet.attributes).join(', ') || 'none'}`,
      });
  if (issues.length > 0) throw new DeadlineInputError(issues);
}
