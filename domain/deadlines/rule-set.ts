import { RulePackInvalidError, type RulePackIssue } from './errors';
import { rulePackSchema, type Rule, type RulePack, type TollingRule } from './rule-schema';

/**
 * Rule packs checked together and ready for the evaluator. Plain data (no classes, no maps), so a workflow can
 * keep it in its state; rebuilding it from the packs is cheap and deterministic.
 */
export interface RuleSet {
  packs: RulePack[];
  /** Every rule of every pack, each after the rules it depends on (pack order otherwise). */
  rules: Rule[];
  tolling: TollingRule[];
  /** Every attribute the packs declare: name → the question it answers. */
  attributes: Record<string, string>;
}

interface Located<T> {
  item: T;
  pack: number;
  path: Array<string | number>;
}

/** The obligation ids a rule's trigger or deadline refers to. */
export function dependenciesOf(rule: Rule): string[] {
  const deps: string[] = [];
  if (rule.trigger.type === 'obligation-met') deps.push(...rule.trigger.obligations);
  if (rule.deadline.type === 'contemporaneous') deps.push(rule.deadline.with);
  return deps;
}

function checkReferences(
  packs: readonly RulePack[],
  rules: ReadonlyArray<Located<Rule>>,
  issues: RulePackIssue[],
): void {
  const byId = new Map(rules.map((r) => [r.item.id, r]));
  const tollingIds = new Set(packs.flatMap((p) => p.tolling.map((t) => t.id)));
  const attributes = new Set(packs.flatMap((p) => Object.keys(p.attributes)));
  const issue = (at: Located<Rule>, path: Array<string | number>, message: string) =>
    issues.push({ pack: at.pack, packName: packs[at.pack].pack, path: [...at.path, ...path], message });

  for (const located of rules) {
    const rule = located.item;
    rule.tolledBy.forEach((id, i) => {
      if (!tollingIds.has(id))
        issue(
          located,
          ['tolledBy', i],
          `no tolling rule '${id}' in any pack; known: ${[...tollingIds].join(', ') || 'none'}`,
        );
    });
    if (rule.deadline.type === 'contemporaneous' && rule.tolledBy.length > 0)
      issue(
        located,
        ['tolledBy'],
        `a contemporaneous deadline inherits the tolling of '${rule.deadline.with}'; remove tolledBy`,
      );
    (rule.conditions.attributes ?? []).forEach((name, i) => {
      if (!attributes.has(name))
        issue(
          located,
          ['conditions', 'attributes', i],
          `attribute '${name}' is not declared in any pack's attributes`,
        );
    });
    const refs: Array<[string, Array<string | number>]> = [];
    if (rule.trigger.type === 'obligation-met')
      rule.trigger.obligations.forEach((id, i) => refs.push([id, ['trigger', 'obligations', i]]));
    if (rule.deadline.type === 'contemporaneous') refs.push([rule.deadline.with, ['deadline', 'with']]);
    for (const [id, path] of refs) {
      const target = byId.get(id);
      if (id === rule.id) issue(located, path, 'a rule cannot refer to itself');
      else if (!target) issue(located, path, `no rule '${id}' in any pack`);
      else if (target.item.conditions.residents?.jurisdiction === 'each')
        issue(
          located,
          path,
          `'${id}' gives one obligation per jurisdiction; refer to a rule with a single obligation`,
        );
    }
  }
}

/** Orders rules so each comes after the rules it depends on; reports cycles. */
function dependencyOrder(
  packs: readonly RulePack[],
  rules: ReadonlyArray<Located<Rule>>,
  issues: RulePackIssue[],
): Rule[] {
  const byId = new Map(rules.map((r) => [r.item.id, r]));
  const state = new Map<string, 'visiting' | 'done'>();
  const ordered: Rule[] = [];
  const visit = (located: Located<Rule>, chain: string[]): void => {
    const id = located.item.id;
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      issues.push({
        pack: located.pack,
        packName: packs[located.pack].pack,
        path: [...located.path, 'id'],
        message: `rules depend on each other in a cycle: ${[...chain.slice(chain.indexOf(id)), id].join(' → ')}`,
      });
      return;
    }
    state.set(id, 'visiting');
    for (const dep of dependenciesOf(located.item)) {
      const target = dep === id ? undefined : byId.get(dep);
      if (target) visit(target, [...chain, id]);
    }
    state.set(id, 'done');
    ordered.push(located.item);
  };
  for (const located of rules) visit(located, []);
  return ordered;
}

/** Where an item's id is written: its `id` field, or the key itself for a pack name or an attribute. */
function idPath(path: ReadonlyArray<string | number>): Array<string | number> {
  return typeof path[path.length - 1] === 'number' ? [...path, 'id'] : [...path];
}

function checkUnique<T>(
  packs: readonly RulePack[],
  items: ReadonlyArray<Located<T>>,
  keyOf: (item: T) => string,
  what: string,
  issues: RulePackIssue[],
): void {
  const seen = new Map<string, Located<T>>();
  for (const located of items) {
    const key = keyOf(located.item);
    const first = seen.get(key);
    if (first)
      issues.push({
        pack: located.pack,
        packName: packs[located.pack].pack,
        path: idPath(located.path),
        message: `${what} '${key}' is already used in pack ${packs[first.pack].pack}; ${what}s must be unique across packs`,
      });
    else seen.set(key, located);
  }
}

/**
 * Checks validated packs against each other — unique pack names, rule and tolling ids and attribute names;
 * every `tolledBy`, `obligation-met` and `contemporaneous` reference resolves; attributes are declared; no
 * dependency cycles — and returns the {@link RuleSet}. Throws {@link RulePackInvalidError} listing every
 * problem with its pack and field.
 */
export function compileRuleSet(packs: readonly RulePack[]): RuleSet {
  const issues: RulePackIssue[] = [];
  const rules = packs.flatMap((p, pack) =>
    p.rules.map((item, i): Located<Rule> => ({ item, pack, path: ['rules', i] })),
  );
  const tolling = packs.flatMap((p, pack) =>
    p.tolling.map((item, i): Located<TollingRule> => ({ item, pack, path: ['tolling', i] })),
  );
  const attributes = packs.flatMap((p, pack) =>
    Object.keys(p.attributes).map((item): Located<string> => ({ item, pack, path: ['attributes', item] })),
  );
  checkUnique(
    packs,
    packs.map((item, pack): Located<RulePack> => ({ item, pack, path: ['pack'] })),
    (p) => p.pack,
    'pack name',
    issues,
  );
  checkUnique(
    packs,
    [...rules, ...tolling] as Array<Located<{ id: string }>>,
    (r) => r.id,
    'rule id',
    issues,
  );
  checkUnique(packs, attributes, (a) => a, 'attribute', issues);
  checkReferences(packs, rules, issues);
  const ordered = dependencyOrder(packs, rules, issues);
  if (issues.length > 0) throw new RulePackInvalidError(issues);
  return {
    packs: [...packs],
    rules: ordered,
    tolling: tolling.map((t) => t.item),
    attributes: Object.fromEntries(packs.flatMap((p) => Object.entries(p.attributes))),
  };
}

/** Validates one rule pack given as plain data (parsed JSON or YAML); `index` is its place in a list, for messages. */
export function parseRulePack(data: unknown, index = 0): RulePack {
  const result = rulePackSchema.safeParse(data);
  if (result.success) return result.data;
  const packName =
    typeof data === 'object' && data !== null && typeof (data as { pack?: unknown }).pack === 'string'
      ? (data as { pack: string }).pack
      : undefined;
  throw new RulePackInvalidError(
    result.error.issues.map((i) => ({
      pack: index,
      packName,
      path: i.path.map((seg) => (typeof seg === 'number' ? seg : String(seg))),
      message: i.message,
    })),
  );
}

/**
 * Builds a {@link RuleSet} from rule packs given as plain data, e.g. JSON a workflow received from an activity:
 * validates each pack's schema, then checks them together. Throws {@link RulePackInvalidError}.
 */
export function buildRuleSet(packs: readonly unknown[]): RuleSet {
  const issues: RulePackIssue[] = [];
  const parsed: RulePack[] = [];
  packs.forEach((data, index) => {
    try {
      parsed.push(parseRulePack(data, index));
    } catch (err) {
      if (!(err instanceof RulePackInvalidError)) throw err;
      issues.push(...err.issues);
    }
  });
  if (issues.length > 0) throw new RulePackInvalidError(issues);
  return compileRuleSet(parsed);
}
