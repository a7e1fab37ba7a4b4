import type { DeadlineEvent } from '../../../domain/deadlines';
import { evaluate, obligation } from './support';

// Discovery 2026-03-02T09:00Z (UTC): HIPAA's 60 days end 2026-05-01T09:00Z without a delay.
const UNTOLLED = '2026-05-01T09:00:00.000Z';

const written = (statedAt: string, until: string, obligations?: string[]): DeadlineEvent => ({
  type: 'law-enforcement-delay',
  form: 'written',
  statedAt,
  until,
  ...(obligations ? { obligations } : {}),
});
const oral = (statedAt: string, until?: string): DeadlineEvent => ({
  type: 'law-enforcement-delay',
  form: 'oral',
  statedAt,
  ...(until ? { until } : {}),
});

const VECTORS: Array<[string, DeadlineEvent[], string, boolean]> = [
  ['no statement', [], UNTOLLED, false],
  ['written: delayed until the stated end', [written('2026-04-01T00:00:00Z', '2026-06-15T00:00:00Z')], '2026-06-15T00:00:00.000Z', true],
  ['written, ending before the deadline: no change (never shortens)', [written('2026-03-10T00:00:00Z', '2026-04-15T00:00:00Z')], UNTOLLED, false],
  ['oral without an end: 30 days from the statement', [oral('2026-04-20T09:00:00Z')], '2026-05-20T09:00:00.000Z', true],
  ['oral with an end inside 30 days: that end', [oral('2026-04-20T09:00:00Z', '2026-05-05T00:00:00Z')], '2026-05-05T00:00:00.000Z', true],
  ['oral asking for longer: capped at 30 days', [oral('2026-04-20T09:00:00Z', '2026-07-01T00:00:00Z')], '2026-05-20T09:00:00.000Z', true],
  ['oral made written within 30 days: the written period', [oral('2026-04-20T09:00:00Z'), written('2026-05-10T00:00:00Z', '2026-06-30T00:00:00Z')], '2026-06-30T00:00:00.000Z', true],
  ['written replacing an oral one with an earlier end: the original deadline stands', [oral('2026-04-20T09:00:00Z'), written('2026-04-25T00:00:00Z', '2026-04-28T00:00:00Z')], UNTOLLED, false],
  ['written after the oral delay ran out and the deadline passed: ignored', [oral('2026-04-20T09:00:00Z'), written('2026-05-25T00:00:00Z', '2026-07-01T00:00:00Z')], '2026-05-20T09:00:00.000Z', true],
  ['a statement after the deadline passed: ignored', [written('2026-05-02T00:00:00Z', '2026-06-30T00:00:00Z')], UNTOLLED, false],
  ['a statement for another obligation only: not this one', [written('2026-04-01T00:00:00Z', '2026-06-15T00:00:00Z', ['hipaa-media'])], UNTOLLED, false],
]; // prettier-ignore

describe('law-enforcement delay (45 CFR 164.412) on HIPAA notice to individuals', () => {
  test.each(VECTORS)('%s', (_why, events, due, tolled) => {
    const found = obligation(evaluate({ events }), 'hipaa-individuals');
    expect(found.due).toBe(due);
    expect(found.tolled).toBe(tolled);
  });

  test('the basis tells what each statement did', () => {
    const found = obligation(
      evaluate({
        events: [oral('2026-04-20T09:00:00Z'), written('2026-05-25T00:00:00Z', '2026-07-01T00:00:00Z')],
      }),
      'hipaa-individuals',
    );
    expect(found.basis).toContain(
      'oral statement at 2026-04-20T09:00:00.000+00:00 delays notice until 2026-05-20T09:00:00.000+00:00 (at most 30 days after the statement, 45 CFR 164.412).',
    );
    expect(found.basis).toContain(
      'written statement at 2026-05-25T00:00:00.000+00:00 ignored: made after the deadline',
    );
    expect(found.basis).toContain(
      'deadline moved from 2026-05-01T09:00:00.000+00:00 to 2026-05-20T09:00:00.000+00:00',
    );
  });

  test('HHS (500 or more) follows the tolled individual notice; rules 164.412 does not reach stay put', () => {
    const result = evaluate({
      affected: { total: 600 },
      publicCompany: true,
      materialityDeterminedAt: '2026-04-01T09:00:00Z',
      events: [written('2026-04-01T00:00:00Z', '2026-06-15T00:00:00Z')],
    });
    expect(obligation(result, 'hipaa-hhs-500-or-more').due).toBe('2026-06-15T00:00:00.000Z');
    expect(obligation(result, 'sec-8k-item-1-05').due).toBe('2026-04-07T09:00:00.000Z');
    expect(obligation(result, 'sec-8k-item-1-05').tolled).toBe(false);
  });

  test('the FTC rule has its own copy of the delay', () => {
    const found = obligation(
      evaluate({
        entityType: 'phr-vendor',
        events: [written('2026-04-01T00:00:00Z', '2026-06-15T00:00:00Z')],
      }),
      'ftc-hbnr-individuals',
    );
    expect(found.due).toBe('2026-06-15T00:00:00.000Z');
    expect(found.basis).toContain('16 CFR 318.4(c)');
  });

  test('State deadlines are not tolled by it (their own delays are not modelled: the earlier date stands)', () => {
    const found = obligation(
      evaluate({
        affected: { total: 5, byJurisdiction: { NY: 5 } },
        events: [written('2026-03-03T00:00:00Z', '2026-06-15T00:00:00Z')],
      }),
      'us-ny-individuals',
    );
    expect(found.due).toBe('2026-04-01T09:00:00.000Z');
  });
});
