import { maxSkew, skewCorrector, skewResolver } from '../../../../domain/timeline/reconstruct';
import { ev } from './fixtures';

test('exact names win over patterns; longer patterns over shorter; others are unchanged', () => {
  const resolve = skewResolver({ LoginHistory: -1200, 'EventLogFile:*': 300, 'EventLogFile:Log*': 50 });
  expect(resolve('LoginHistory')).toBe(-1200);
  expect(resolve('EventLogFile:API')).toBe(300);
  expect(resolve('EventLogFile:Login')).toBe(50);
  expect(resolve('SetupAuditTrail')).toBe(0);
  expect(maxSkew({ a: -1200, b: 300 })).toBe(1200);
  expect(() => skewResolver({ x: Number.NaN })).toThrow(RangeError);
});

test('the corrected ts is ts + offset; the stated time is kept as sourceTs; applying twice changes nothing', () => {
  const correct = skewCorrector({ LoginHistory: -1200 });
  const e = ev({ source: 'LoginHistory', precision: 's' });
  const once = correct(e);
  expect(once.ts).toBe(e.ts - 1200);
  expect(once.sourceTs).toBe(e.ts);
  expect(correct(once)).toEqual(once);
  expect(correct(ev()).ts).toBe(ev().ts);
});
