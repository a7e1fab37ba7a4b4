import fc from 'fast-check';
import {
  compareEvents,
  encodeSortKey,
  eventComparator,
  sortKeyEncoder,
} from '../../../../domain/timeline/reconstruct';
import { ev, eventsArb } from './fixtures';

const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);

test('order: ts, then precision, then source priority, then source name, file, position', () => {
  const base = ev();
  const list = [
    ev({ ts: base.ts + 1 }),
    ev({ precision: 's', source: 'LoginHistory' }),
    ev({ source: 'generic:x' }),
    ev({ source: 'LoginHistory' }),
    ev({ source: 'EventLogFile:Login', file: 'b.csv' }),
    ev({ source: 'EventLogFile:Login', file: 'a.csv', position: 10 }),
    ev({ source: 'EventLogFile:Login', file: 'a.csv', position: 2 }),
    ev({ source: 'EventLogFile:API' }),
    ev({ source: 'RTEM:LoginEvent' }),
    ev({ source: 'unknown-source' }),
    ev({ source: 'incident-log' }),
  ];
  const sorted = [...list]
    .sort(compareEvents)
    .map((e) => `${e.ts - base.ts}/${e.precision}/${e.source}/${e.file}/${e.position}`);
  expect(sorted).toEqual([
    '0/ms/incident-log/elf-login.csv/1',
    '0/ms/RTEM:LoginEvent/elf-login.csv/1',
    '0/ms/EventLogFile:API/elf-login.csv/1',
    '0/ms/EventLogFile:Login/a.csv/2',
    '0/ms/EventLogFile:Login/a.csv/10',
    '0/ms/EventLogFile:Login/b.csv/1',
    '0/ms/LoginHistory/elf-login.csv/1',
    '0/ms/generic:x/elf-login.csv/1',
    '0/ms/unknown-source/elf-login.csv/1',
    '0/s/LoginHistory/elf-login.csv/1',
    '1/ms/EventLogFile:Login/elf-login.csv/1',
  ]);
});

test('a configurable priority changes the tie order', () => {
  const cmp = eventComparator(['LoginHistory', 'EventLogFile:*']);
  expect(cmp(ev({ source: 'LoginHistory' }), ev({ source: 'EventLogFile:Login' }))).toBeLessThan(0);
  expect(compareEvents(ev({ source: 'LoginHistory' }), ev({ source: 'EventLogFile:Login' }))).toBeGreaterThan(
    0,
  );
});

test('property: sort keys compare exactly as the comparator orders events', () => {
  const names = fc.constantFrom(
    'a',
    'ab',
    'a\u0000',
    'a\u0001b',
    'EventLogFile:Login',
    'LoginHistory',
    'RTEM:X',
    'zz',
  );
  const arb = fc.record({
    ts: fc.integer({ min: -1e15, max: 4e15 }),
    precision: fc.constantFrom<'ms' | 's' | 'min'>('ms', 's', 'min'),
    source: names,
    file: names,
    position: fc.integer({ min: 1, max: 2 ** 40 }),
  });
  fc.assert(
    fc.property(arb, arb, (a, b) => {
      const ka = encodeSortKey(a);
      const kb = encodeSortKey(b);
      expect(sign(ka < kb ? -1 : ka > kb ? 1 : 0)).toBe(sign(compareEvents(a, b)));
    }),
    { numRuns: 2000 },
  );
  const custom = sortKeyEncoder(['zz', 'a*']);
  const cmp = eventComparator(['zz', 'a*']);
  fc.assert(
    fc.property(arb, arb, (a, b) => {
      const ka = custom(a);
      const kb = custom(b);
      expect(sign(ka < kb ? -1 : ka > kb ? 1 : 0)).toBe(sign(cmp(a, b)));
    }),
  );
});

test('property: sorting is a total order (sorting any permutation gives the same result)', () => {
  fc.assert(
    fc.property(eventsArb(), fc.integer(), (events, seed) => {
      const shuffled = [...events].sort(
        (a, b) => ((a.position * 7919 + seed) % 13) - ((b.position * 7919 + seed) % 13),
      );
      expect([...shuffled].sort(compareEvents)).toEqual([...events].sort(compareEvents));
    }),
  );
});
