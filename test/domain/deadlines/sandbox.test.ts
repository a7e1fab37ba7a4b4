import type { DeadlineFactsInput } from '../../../domain/deadlines';
import { evaluate, shippedRules, facts } from './support';

const BUSY: Partial<DeadlineFactsInput> = {
  discoveredAt: '2026-01-07T02:30:00-05:00',
  timeZone: 'America/New_York',
  affected: { total: 1500, byJurisdiction: { CA: 700, TX: 300, NY: 20 } },
  publicCompany: true,
  materialityDeterminedAt: '2026-06-30T10:00:00-04:00',
  euDataSubjects: true,
  attributes: { 'ca-licensed-health-facility': true },
  events: [
    { type: 'law-enforcement-delay', form: 'oral', statedAt: '2026-02-20T15:00:00-05:00' },
    { type: 'hhs-notified', at: '2026-12-23T15:00:00-05:00' },
  ],
  now: '2026-03-01T00:00:00Z',
};

/**
 * Temporal's workflow sandbox replaces `Date` with a function that returns plain `Date`s (so a `Date` subclass
 * cannot work there), and the worker's host may run in any zone. The evaluator must not notice either.
 */
test('answers are the same with Date replaced as in the workflow sandbox, on a host in another zone', async () => {
  const expected = evaluate(BUSY);
  expect(expected.obligations.find((o) => o.id === 'hipaa-individuals')?.dueLocal).toBe(
    '2026-03-22T15:00:00.000-04:00',
  );
  const OriginalDate = Date;
  const originalTz = process.env.TZ;
  const sandboxDate = function (...args: ConstructorParameters<DateConstructor>) {
    return args.length > 0 ? new OriginalDate(...args) : new OriginalDate(0);
  } as unknown as DateConstructor;
  Object.assign(sandboxDate, {
    now: () => 0,
    parse: OriginalDate.parse,
    UTC: OriginalDate.UTC,
    prototype: OriginalDate.prototype,
  });
  let inSandbox: unknown;
  try {
    process.env.TZ = 'Pacific/Chatham';
    globalThis.Date = sandboxDate;
    await jest.isolateModulesAsync(async () => {
      const { evaluateDeadlines } = await import('../../../domain/deadlines');
      inSandbox = evaluateDeadlines(shippedRules(), facts(BUSY));
    });
  } finally {
    globalThis.Date = OriginalDate;
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  }
  expect(inSandbox).toEqual(expected);
});
