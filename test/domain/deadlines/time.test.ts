import fc from 'fast-check';
import {
  afterCalendarDays,
  afterCalendarYearEnd,
  afterHours,
  canonicalTimeZone,
  endOfCalendarYear,
  formatLocal,
  instantOfLocal,
  localDateTimeOf,
  parseInstant,
  UnknownTimeZoneError,
} from '../../../domain/deadlines';

const NY = 'America/New_York';
const utc = (ms: number) => new Date(ms).toISOString();
const at = (iso: string) => {
  const ms = parseInstant(iso);
  if (ms === undefined) throw new Error(`bad test instant ${iso}`);
  return ms;
};

describe('parseInstant', () => {
  test.each([
    ['2026-03-10T09:00:00-05:00', '2026-03-10T14:00:00.000Z'],
    ['2026-03-10T14:00Z', '2026-03-10T14:00:00.000Z'],
    ['2028-02-29T23:59:59.999+14:00', '2028-02-29T09:59:59.999Z'],
    ['2026-03-10T09:00:00.5-05:00', '2026-03-10T14:00:00.500Z'],
  ])('%s is %s', (text, expected) => expect(utc(at(text))).toBe(expected));

  test.each([
    '2026-03-10',
    '2026-03-10T09:00:00',
    '2026-02-29T00:00:00Z',
    '2026-02-30T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-03-10T24:00:00Z',
    '2026-03-10T09:00:00.1234Z',
    '2026-03-10T09:00:00+15:00',
    '2026-03-10 09:00:00Z',
  ])('%s is refused', (text) => expect(parseInstant(text)).toBeUndefined());
});

describe('time zones', () => {
  test('names are canonicalised; unknown ones throw a named error', () => {
    expect(canonicalTimeZone('america/new_york')).toBe(NY);
    expect(() => canonicalTimeZone('Mars/Olympus_Mons')).toThrow(UnknownTimeZoneError);
    try {
      canonicalTimeZone('Mars/Olympus_Mons');
    } catch (err) {
      expect((err as UnknownTimeZoneError).code).toBe('TIME_ZONE_UNKNOWN');
    }
  });

  test('formatLocal uses the offset in force at that instant', () => {
    expect(formatLocal(at('2026-03-08T06:59:59.999Z'), NY)).toBe('2026-03-08T01:59:59.999-05:00');
    expect(formatLocal(at('2026-03-08T07:00:00Z'), NY)).toBe('2026-03-08T03:00:00.000-04:00');
    expect(formatLocal(at('2026-07-01T00:00:00Z'), 'Asia/Kolkata')).toBe('2026-07-01T05:30:00.000+05:30');
  });

  test('a clock time the spring-forward jump skips resolves to the first instant after the jump', () => {
    const r = instantOfLocal(
      { year: 2026, month: 3, day: 8, hour: 2, minute: 30, second: 0, millisecond: 0 },
      NY,
    );
    expect(r).toEqual({ instant: at('2026-03-08T07:00:00Z'), resolution: 'skipped' });
  });

  test('a clock time that happens twice in the autumn resolves to the first occurrence', () => {
    const r = instantOfLocal(
      { year: 2026, month: 11, day: 1, hour: 1, minute: 30, second: 0, millisecond: 0 },
      NY,
    );
    expect(r).toEqual({ instant: at('2026-11-01T05:30:00Z'), resolution: 'repeated' });
  });

  test('property: the earliest instant reading a given local time is never after an instant that reads it', () => {
    const zones = [
      NY,
      'America/Los_Angeles',
      'Europe/London',
      'Australia/Lord_Howe',
      'America/Santiago',
      'UTC',
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2060, 0, 1) }),
        fc.constantFrom(...zones),
        (instant, zone) => {
          const local = localDateTimeOf(instant, zone);
          const { instant: earliest } = instantOfLocal(local, zone);
          expect(earliest).toBeLessThanOrEqual(instant);
          expect(localDateTimeOf(earliest, zone)).toEqual(local);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('calendar-day deadlines (60 days, same local clock time)', () => {
  test.each([
    [
      'leap year: 15 Jan 2028 + 60 days is 15 March',
      '2028-01-15T10:00:00-05:00',
      '2028-03-15T14:00:00.000Z',
      '2028-03-15T10:00:00.000-04:00',
    ],
    [
      'the same in a common year is 16 March',
      '2027-01-15T10:00:00-05:00',
      '2027-03-16T14:00:00.000Z',
      '2027-03-16T10:00:00.000-04:00',
    ],
    [
      'over the year end',
      '2026-11-15T12:00:00-05:00',
      '2027-01-14T17:00:00.000Z',
      '2027-01-14T12:00:00.000-05:00',
    ],
    [
      'over the March DST change: one hour less of elapsed time',
      '2026-01-20T09:00:00-05:00',
      '2026-03-21T13:00:00.000Z',
      '2026-03-21T09:00:00.000-04:00',
    ],
    [
      'over the November DST change: one hour more',
      '2026-09-10T09:00:00-04:00',
      '2026-11-09T14:00:00.000Z',
      '2026-11-09T09:00:00.000-05:00',
    ],
    [
      'landing in the spring-forward gap',
      '2026-01-07T02:30:00-05:00',
      '2026-03-08T07:00:00.000Z',
      '2026-03-08T03:00:00.000-04:00',
    ],
    [
      'landing in the repeated autumn hour',
      '2026-09-02T01:30:00-04:00',
      '2026-11-01T05:30:00.000Z',
      '2026-11-01T01:30:00.000-04:00',
    ],
  ])('%s', (_why, trigger, due, dueLocal) => {
    const result = afterCalendarDays(at(trigger), 60, NY);
    expect(utc(result.instant)).toBe(due);
    expect(formatLocal(result.instant, NY)).toBe(dueLocal);
  });

  test('the explanation states the reading of "N days"', () => {
    expect(afterCalendarDays(at('2026-01-20T09:00:00-05:00'), 60, NY).explanation).toMatch(
      /same local clock time \(the earlier reading/,
    );
    expect(afterCalendarDays(at('2026-01-07T02:30:00-05:00'), 60, NY).explanation).toMatch(/clocks jump/);
  });

  test('hours are elapsed time: 72 hours over the March change reads one hour later on the clock', () => {
    const result = afterHours(at('2026-03-07T12:00:00-05:00'), 72, NY);
    expect(formatLocal(result.instant, NY)).toBe('2026-03-10T13:00:00.000-04:00');
  });
});

describe('days after the end of the calendar year', () => {
  test.each([
    [
      'discovered in 2026: due at the end of 1 March 2027',
      '2026-06-01T12:00:00-04:00',
      NY,
      '2027-03-01T23:59:59.999-05:00',
    ],
    [
      'discovered in 2027: 2028 is a leap year, due at the end of 29 February',
      '2027-06-01T12:00:00-04:00',
      NY,
      '2028-02-29T23:59:59.999-05:00',
    ],
    [
      '31 Dec 23:30 in New York is still 2026 there',
      '2026-12-31T23:30:00-05:00',
      NY,
      '2027-03-01T23:59:59.999-05:00',
    ],
    [
      'the same instant is already 2027 in UTC',
      '2026-12-31T23:30:00-05:00',
      'UTC',
      '2028-02-29T23:59:59.999+00:00',
    ],
  ])('%s', (_why, trigger, zone, dueLocal) => {
    expect(formatLocal(afterCalendarYearEnd(at(trigger), 60, zone).instant, zone)).toBe(dueLocal);
  });

  test('the end of the year is the last millisecond of 31 December, local', () => {
    expect(utc(endOfCalendarYear(at('2026-02-01T00:00:00Z'), NY))).toBe('2027-01-01T04:59:59.999Z');
  });
});

describe('property: a due instant is never before its trigger', () => {
  const zones = [
    NY,
    'America/Los_Angeles',
    'Europe/Berlin',
    'Australia/Lord_Howe',
    'America/Santiago',
    'Asia/Kolkata',
    'UTC',
  ];
  test('calendar days, hours and days after the year end', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2060, 0, 1) }),
        fc.constantFrom(...zones),
        fc.integer({ min: 1, max: 400 }),
        (trigger, zone, n) => {
          expect(afterCalendarDays(trigger, n, zone).instant).toBeGreaterThan(trigger);
          expect(afterHours(trigger, n, zone).instant).toBeGreaterThan(trigger);
          expect(afterCalendarYearEnd(trigger, Math.min(n, 366), zone).instant).toBeGreaterThan(trigger);
          const local = localDateTimeOf(afterCalendarDays(trigger, n, zone).instant, zone);
          const expectedDate = new Date(
            Date.UTC(
              localDateTimeOf(trigger, zone).year,
              localDateTimeOf(trigger, zone).month - 1,
              localDateTimeOf(trigger, zone).day + n,
            ),
          );
          expect([local.year, local.month, local.day]).toEqual([
            expectedDate.getUTCFullYear(),
            expectedDate.getUTCMonth() + 1,
            expectedDate.getUTCDate(),
          ]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
