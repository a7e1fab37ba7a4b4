import fc from 'fast-check';
import {
  ENTITY_TYPES,
  evaluateDeadlines,
  type DeadlineEvent,
  type DeadlineFactsInput,
  type UsJurisdiction,
} from '../../../domain/deadlines';
import { shippedRules } from './support';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const ZONES = [
  'America/New_York',
  'America/Los_Angeles',
  'America/Chicago',
  'Europe/Berlin',
  'Pacific/Honolulu',
  'UTC',
];
const STATES: UsJurisdiction[] = ['CA', 'TX', 'FL', 'NY', 'WA', 'CO', 'NV'];

/** Random but coherent facts: every time given is at or after discovery. */
const factsArbitrary = fc
  .record({
    discovered: fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 11, 31) }),
    zone: fc.constantFrom(...ZONES),
    entityType: fc.constantFrom(...ENTITY_TYPES),
    perState: fc.option(fc.dictionary(fc.constantFrom(...STATES), fc.integer({ min: 0, max: 800 })), {
      nil: undefined,
    }),
    extra: fc.integer({ min: 0, max: 1200 }),
    publicCompany: fc.boolean(),
    materialAfter: fc.option(fc.integer({ min: 0, max: 120 * DAY }), { nil: undefined }),
    eu: fc.boolean(),
    awareAfter: fc.option(fc.integer({ min: 0, max: 10 * DAY }), { nil: undefined }),
    determinedAfter: fc.option(fc.integer({ min: 0, max: 40 * DAY }), { nil: undefined }),
    individualsAfter: fc.option(fc.integer({ min: 0, max: 120 * DAY }), { nil: undefined }),
    hhsAfter: fc.option(fc.integer({ min: 0, max: 500 * DAY }), { nil: undefined }),
    nowAfter: fc.integer({ min: 0, max: 600 * DAY }),
  })
  .map((r): DeadlineFactsInput => {
    const sum = Object.values(r.perState ?? {}).reduce((n, v) => n + v, 0);
    const events: DeadlineEvent[] = [];
    if (r.individualsAfter !== undefined)
      events.push({ type: 'individuals-notified', at: iso(r.discovered + r.individualsAfter) });
    if (r.hhsAfter !== undefined) events.push({ type: 'hhs-notified', at: iso(r.discovered + r.hhsAfter) });
    return {
      discoveredAt: iso(r.discovered),
      timeZone: r.zone,
      entityType: r.entityType,
      affected: { total: sum + r.extra, ...(r.perState ? { byJurisdiction: r.perState } : {}) },
      publicCompany: r.publicCompany,
      ...(r.materialAfter !== undefined
        ? { materialityDeterminedAt: iso(r.discovered + r.materialAfter) }
        : {}),
      euDataSubjects: r.eu,
      ...(r.awareAfter !== undefined ? { awareAt: iso(r.discovered + r.awareAfter) } : {}),
      ...(r.determinedAfter !== undefined ? { determinedAt: iso(r.discovered + r.determinedAfter) } : {}),
      attributes: { 'ca-licensed-health-facility': r.eu },
      events,
      now: iso(r.discovered + r.nowAfter),
    };
  });

const delaysArbitrary = fc.array(
  fc
    .record({
      form: fc.constantFrom<'written' | 'oral'>('written', 'oral'),
      statedAfter: fc.integer({ min: 0, max: 120 * DAY }),
      length: fc.option(fc.integer({ min: 0, max: 150 * DAY }), { nil: undefined }),
    })
    .map((d) => ({ ...d, length: d.form === 'written' ? (d.length ?? 10 * DAY) : d.length })),
  { minLength: 1, maxLength: 3 },
);

test('property: a due instant is never before its trigger', () => {
  fc.assert(
    fc.property(factsArbitrary, (input) => {
      const result = evaluateDeadlines(shippedRules(), input);
      for (const o of result.obligations) {
        if (o.due === null || o.triggeredAt === null) continue;
        expect(Date.parse(o.due)).toBeGreaterThanOrEqual(Date.parse(o.triggeredAt));
        expect(Date.parse(o.due)).toBeGreaterThanOrEqual(Date.parse(input.discoveredAt));
        expect(Date.parse(o.dueLocal!)).toBe(Date.parse(o.due));
      }
    }),
    { numRuns: 150 },
  );
});

test('property: tolling never shortens a deadline', () => {
  fc.assert(
    fc.property(factsArbitrary, delaysArbitrary, (input, delays) => {
      const discovered = Date.parse(input.discoveredAt);
      const events: DeadlineEvent[] = delays.map((d) => ({
        type: 'law-enforcement-delay',
        form: d.form,
        statedAt: iso(discovered + d.statedAfter),
        ...(d.length !== undefined ? { until: iso(discovered + d.statedAfter + d.length) } : {}),
      }));
      const without = evaluateDeadlines(shippedRules(), input);
      const withDelays = evaluateDeadlines(shippedRules(), {
        ...input,
        events: [...(input.events ?? []), ...events],
      });
      for (const o of without.obligations) {
        if (o.due === null) continue;
        const tolled = withDelays.obligations.find((t) => t.id === o.id);
        expect(tolled?.due).not.toBeNull();
        expect(Date.parse(tolled!.due!)).toBeGreaterThanOrEqual(Date.parse(o.due));
      }
    }),
    { numRuns: 150 },
  );
});

test('property: the evaluation is a pure function of its input', () => {
  fc.assert(
    fc.property(factsArbitrary, (input) => {
      const copy = JSON.parse(JSON.stringify(input)) as DeadlineFactsInput;
      expect(evaluateDeadlines(shippedRules(), input)).toEqual(evaluateDeadlines(shippedRules(), copy));
    }),
    { numRuns: 50 },
  );
});
