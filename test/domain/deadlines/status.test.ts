import type { DeadlineFactsInput } from '../../../domain/deadlines';
import { evaluate, obligation } from './support';

// hipaa-individuals is due 2026-05-01T09:00:00Z for a discovery at 2026-03-02T09:00Z.
const STATUSES: Array<[string, Partial<DeadlineFactsInput>, string, string]> = [
  ['long before the deadline', { now: '2026-03-02T09:00:00Z' }, 'pending', 'due in 60 days'],
  ['just outside the 72-hour window', { now: '2026-04-28T08:59:59.999Z' }, 'pending', 'due in 3 days'],
  ['exactly 72 hours before', { now: '2026-04-28T09:00:00Z' }, 'due-soon', 'due in 3 days'],
  ['at the due instant', { now: '2026-05-01T09:00:00Z' }, 'due-soon', 'due in 0 min'],
  ['one millisecond after', { now: '2026-05-01T09:00:00.001Z' }, 'overdue', 'overdue by 0 min'],
  ['days after', { now: '2026-05-04T12:30:00Z' }, 'overdue', 'overdue by 3 days 3 h'],
  ['a narrower window (24 h): 48 hours before is pending', { now: '2026-04-29T09:00:00Z', dueSoonWithinHours: 24 }, 'pending', 'due in 2 days'],
  ['met on time', { now: '2026-06-01T00:00:00Z', events: [{ type: 'individuals-notified', at: '2026-04-15T10:00:00Z' }] }, 'met', 'met at 2026-04-15T10:00:00.000+00:00'],
  ['met late', { now: '2026-06-01T00:00:00Z', events: [{ type: 'obligation-met', obligation: 'hipaa-individuals', at: '2026-05-02T11:00:00Z' }] }, 'met', 'met at 2026-05-02T11:00:00.000+00:00, 1 day 2 h after the deadline'],
]; // prettier-ignore

test.each(STATUSES)('%s: %s (%s)', (_why, overrides, status, reason) => {
  const found = obligation(evaluate(overrides), 'hipaa-individuals');
  expect(found.status).toBe(status);
  expect(found.statusReason).toBe(reason);
});

test('an obligation met through its rule id is met for every State it covers', () => {
  const result = evaluate({
    affected: { total: 1400, byJurisdiction: { CA: 700, TX: 700 } },
    events: [{ type: 'obligation-met', obligation: 'hipaa-media', at: '2026-03-20T00:00:00Z' }],
  });
  expect(obligation(result, 'hipaa-media:CA').status).toBe('met');
  expect(obligation(result, 'hipaa-media:TX').status).toBe('met');
  const onlyCa = evaluate({
    affected: { total: 1400, byJurisdiction: { CA: 700, TX: 700 } },
    events: [{ type: 'obligation-met', obligation: 'hipaa-media:CA', at: '2026-03-20T00:00:00Z' }],
  });
  expect(obligation(onlyCa, 'hipaa-media:TX').status).toBe('pending');
});

test('obligations come earliest due first, then those not applicable', () => {
  const result = evaluate({ affected: { total: 600, byJurisdiction: { NY: 600 } }, euDataSubjects: true });
  const dues = result.obligations.map((o) => o.due);
  const applicable = dues.filter((d): d is string => d !== null);
  expect(applicable).toEqual([...applicable].sort());
  expect(dues.slice(applicable.length).every((d) => d === null)).toBe(true);
  expect(result.obligations[0].id).toBe('gdpr-art-33');
});
