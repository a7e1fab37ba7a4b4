import { buildRuleSet, RulePackInvalidError, type RulePackInput } from '../../../domain/deadlines';
import { shippedRules } from './support';

const rule = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  title: `Rule ${id}`,
  regime: 'HIPAA',
  recipient: 'individuals',
  trigger: { type: 'discovery' },
  deadline: { type: 'calendar-days', days: 60 },
  outerLimit: 'no later than 60 days',
  citation: '45 CFR 164.404(b)',
  verifiedOn: '2026-12-04',
  verifiedAgainst: 'test',
  ...extra,
});
const pack = (name: string, rules: unknown[], extra: Record<string, unknown> = {}) => ({
  pack: name,
  title: `Pack ${name}`,
  rules,
  ...extra,
});

function problems(packs: unknown[]): string[] {
  try {
    buildRuleSet(packs);
  } catch (err) {
    expect(err).toBeInstanceOf(RulePackInvalidError);
    expect((err as RulePackInvalidError).code).toBe('RULE_PACK_INVALID');
    return (err as RulePackInvalidError).message
      .split('\n')
      .slice(1)
      .map((l) => l.trim());
  }
  throw new Error('expected the packs to be refused');
}

describe('rule packs: schema', () => {
  test('a field error names the pack and the field', () => {
    expect(problems([pack('p', [rule('a', { deadline: { type: 'calendar-days', days: 0 } })])])).toEqual([
      expect.stringMatching(/^pack p rules\[0\]\.deadline\.days: .*>=1/),
    ]);
  });

  test('thresholds say inclusive or exclusive, one of each side', () => {
    const bad = rule('a', { conditions: { totalAffected: { atLeast: 500, moreThan: 500 } } });
    expect(problems([pack('p', [bad])])).toEqual([
      'pack p rules[0].conditions.totalAffected: give atLeast (inclusive) or moreThan (exclusive), not both',
    ]);
    expect(problems([pack('p', [rule('a', { conditions: { totalAffected: {} } })])])).toEqual([
      'pack p rules[0].conditions.totalAffected: give a bound: atLeast, moreThan, atMost or fewerThan',
    ]);
  });

  test('regimes and jurisdictions are checked', () => {
    expect(problems([pack('p', [rule('a', { regime: 'US-ZZ' })])])).toEqual([
      expect.stringContaining('rules[0].regime: "US-ZZ" is not a regime'),
    ]);
    expect(
      problems([pack('p', [rule('a', { conditions: { residents: { jurisdiction: 'XX', atLeast: 1 } } })])]),
    ).toEqual([
      expect.stringContaining('rules[0].conditions.residents.jurisdiction: "XX" is not a US State'),
    ]);
  });

  test('unknown keys and a bad verifiedOn date are refused', () => {
    expect(problems([pack('p', [rule('a', { verifiedOn: '2026-02-30', colour: 'red' })])])).toEqual(
      expect.arrayContaining([
        expect.stringContaining('rules[0]: Unrecognized key: "colour"'),
        'pack p rules[0].verifiedOn: not a real date',
      ]),
    );
  });
});

describe('rule packs: checked together', () => {
  test('ids are unique across packs', () => {
    expect(problems([pack('one', [rule('a')]), pack('two', [rule('a')])])).toEqual([
      "pack two rules[0].id: rule id 'a' is already used in pack one; rule ids must be unique across packs",
    ]);
  });

  test('every reference resolves', () => {
    const packs = [
      pack('p', [
        rule('a', { tolledBy: ['nope'] }),
        rule('b', { trigger: { type: 'obligation-met', obligations: ['missing'] } }),
        rule('c', { deadline: { type: 'contemporaneous', with: 'c' } }),
        rule('d', { conditions: { attributes: ['undeclared'] } }),
      ]),
    ];
    expect(problems(packs)).toEqual([
      "pack p rules[0].tolledBy[0]: no tolling rule 'nope' in any pack; known: none",
      "pack p rules[1].trigger.obligations[0]: no rule 'missing' in any pack",
      'pack p rules[2].deadline.with: a rule cannot refer to itself',
      "pack p rules[3].conditions.attributes[0]: attribute 'undeclared' is not declared in any pack's attributes",
    ]);
  });

  test('a contemporaneous deadline inherits tolling; per-jurisdiction rules cannot be referred to', () => {
    const packs = [
      pack(
        'p',
        [
          rule('each-state', { conditions: { residents: { jurisdiction: 'each', moreThan: 500 } } }),
          rule('b', { deadline: { type: 'contemporaneous', with: 'each-state' }, tolledBy: ['delay'] }),
        ],
        {
          tolling: [
            {
              id: 'delay',
              kind: 'law-enforcement-delay',
              oralMaxDays: 30,
              citation: '45 CFR 164.412',
              verifiedOn: '2026-12-04',
              verifiedAgainst: 'test',
            },
          ],
        },
      ),
    ];
    expect(problems(packs)).toEqual([
      "pack p rules[1].tolledBy: a contemporaneous deadline inherits the tolling of 'each-state'; remove tolledBy",
      "pack p rules[1].deadline.with: 'each-state' gives one obligation per jurisdiction; refer to a rule with a single obligation",
    ]);
  });

  test('dependency cycles are refused', () => {
    const packs = [
      pack('p', [
        rule('a', { deadline: { type: 'contemporaneous', with: 'b' } }),
        rule('b', { trigger: { type: 'obligation-met', obligations: ['a'] } }),
      ]),
    ];
    expect(problems(packs)).toEqual(['pack p rules[0].id: rules depend on each other in a cycle: a → b → a']);
  });

  test('rules come out after the rules they depend on, across packs', () => {
    const packs: RulePackInput[] = [
      pack('later', [
        rule('follower', { trigger: { type: 'obligation-met', obligations: ['leader'] } }),
      ]) as RulePackInput,
      pack('earlier', [rule('leader')]) as RulePackInput,
    ];
    expect(buildRuleSet(packs).rules.map((r) => r.id)).toEqual(['leader', 'follower']);
  });
});

describe('the shipped rule packs', () => {
  test('load and hold exactly the rules of issue 6', () => {
    const ids = shippedRules()
      .rules.map((r) => r.id)
      .sort();
    expect(ids).toEqual([
      'ftc-hbnr-ftc-500-or-more',
      'ftc-hbnr-ftc-under-500',
      'ftc-hbnr-individuals',
      'ftc-hbnr-media',
      'gdpr-art-33',
      'hipaa-business-associate',
      'hipaa-hhs-500-or-more',
      'hipaa-hhs-under-500',
      'hipaa-individuals',
      'hipaa-media',
      'sec-8k-item-1-05',
      'us-ca-attorney-general',
      'us-ca-cdph',
      'us-ca-cdph-patient',
      'us-ca-individuals',
      'us-co-attorney-general',
      'us-co-individuals',
      'us-fl-individuals',
      'us-fl-legal-affairs',
      'us-ny-attorney-general-after-hhs',
      'us-ny-individuals',
      'us-tx-attorney-general',
      'us-tx-individuals',
      'us-wa-attorney-general',
      'us-wa-individuals',
    ]);
    expect(shippedRules().tolling.map((t) => t.citation)).toEqual(['16 CFR 318.4(c)', '45 CFR 164.412']);
  });

  test('every rule carries a citation, an outer limit, a verification date and what it was verified against', () => {
    for (const r of shippedRules().rules) {
      expect(r.citation).not.toBe('');
      expect(r.outerLimit).not.toBe('');
      expect(r.verifiedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r.verifiedAgainst).not.toBe('');
    }
  });

  test('HIPAA 164.412 is tolling, not an obligation, and tolls the HIPAA notices', () => {
    const rules = shippedRules().rules;
    expect(rules.some((r) => r.citation.includes('164.412'))).toBe(false);
    for (const id of ['hipaa-individuals', 'hipaa-media', 'hipaa-hhs-under-500', 'hipaa-business-associate'])
      expect(rules.find((r) => r.id === id)!.tolledBy).toEqual(['hipaa-law-enforcement-delay']);
  });
});
