import { DeadlineInputError, evaluateDeadlines, type DeadlineFactsInput } from '../../../domain/deadlines';
import { facts, shippedRules } from './support';

function problems(input: unknown): string[] {
  try {
    evaluateDeadlines(shippedRules(), input as DeadlineFactsInput);
  } catch (err) {
    expect(err).toBeInstanceOf(DeadlineInputError);
    expect((err as DeadlineInputError).code).toBe('DEADLINE_INPUT_INVALID');
    return (err as DeadlineInputError).issues.map((i) => `${i.field}: ${i.message}`);
  }
  throw new Error('expected the facts to be refused');
}

test('instants must carry an offset; the message shows the form', () => {
  expect(problems(facts({ discoveredAt: '2026-03-10T09:00:00' }))).toEqual([
    'discoveredAt: "2026-03-10T09:00:00" is not an ISO 8601 instant with a UTC offset and at most millisecond precision, e.g. 2026-03-10T09:00:00-05:00 or 2026-03-10T14:00:00Z',
  ]);
});

test('time zone, entity type and counts are checked, each naming its field', () => {
  expect(
    problems(
      facts({
        timeZone: 'Eastern',
        entityType: 'hospital' as never,
        affected: { total: 10, byJurisdiction: { CA: 8, ZZ: 4 } },
      }),
    ),
  ).toEqual([
    'timeZone: "Eastern" is not a known IANA time zone; use a name such as America/New_York or UTC',
    expect.stringMatching(/^entityType: Invalid option: expected one of "covered-entity"/),
    'affected.byJurisdiction.ZZ: "ZZ" is not a US State or jurisdiction code; use a two-letter USPS code such as CA, TX or DC',
    'affected.total: is 10, fewer than the 12 residents listed per jurisdiction; give the total of everyone affected',
  ]);
});

test('a written law-enforcement statement needs its end, and a delay cannot end before it is stated', () => {
  expect(
    problems(
      facts({
        events: [
          { type: 'law-enforcement-delay', form: 'written', statedAt: '2026-04-01T00:00:00Z' },
          {
            type: 'law-enforcement-delay',
            form: 'oral',
            statedAt: '2026-04-01T00:00:00Z',
            until: '2026-03-01T00:00:00Z',
          },
        ],
      }),
    ),
  ).toEqual([
    'events[0].until: a written statement must give the end of the delay it asks for (164.412(a))',
    'events[1].until: is before statedAt: a delay ends after it is stated',
  ]);
});

test('events and attributes must name what the rule packs know', () => {
  expect(
    problems(
      facts({
        events: [
          { type: 'obligation-met', obligation: 'hipaa-individual', at: '2026-04-01T00:00:00Z' },
          { type: 'obligation-met', obligation: 'hipaa-media:ZZ', at: '2026-04-01T00:00:00Z' },
          { type: 'obligation-met', obligation: 'hipaa-media:CA', at: '2026-04-01T00:00:00Z' },
        ],
        attributes: { 'licensed-in-mars': true },
      }),
    ),
  ).toEqual([
    expect.stringMatching(
      /^events\[0\]\.obligation: no obligation 'hipaa-individual'; known: .*hipaa-media\[:XX\]/,
    ),
    expect.stringMatching(/^events\[1\]\.obligation: no obligation 'hipaa-media:ZZ'/),
    'attributes.licensed-in-mars: no rule pack declares this attribute; known: ca-licensed-health-facility',
  ]);
});

test('valid facts come back with the zone canonical and defaults applied', () => {
  const result = evaluateDeadlines(shippedRules(), facts({ timeZone: 'america/chicago' }));
  expect(result.timeZone).toBe('America/Chicago');
  expect(result.dueSoonWithinHours).toBe(72);
  expect(result.evaluatedAt).toBe('2026-03-02T09:00:00.000Z');
});
