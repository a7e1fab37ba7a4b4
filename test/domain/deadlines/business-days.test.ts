import fc from 'fast-check';
import {
  addBusinessDays,
  afterBusinessDays,
  isBusinessDay,
  parseInstant,
  type CalendarDate,
  type HolidayCalendarName,
} from '../../../domain/deadlines';

const day = (text: string): CalendarDate => {
  const [year, month, dayOfMonth] = text.split('-').map(Number);
  return { year, month, day: dayOfMonth };
};
const ymd = (d: CalendarDate) =>
  `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

describe('addBusinessDays', () => {
  test.each([
    // [calendar, start, count, expected, why]
    ['us-federal', '2026-06-30', 4, '2026-07-07', 'Fri 3 July 2026 is Independence Day observed'],
    ['no-holidays', '2026-06-30', 4, '2026-07-06', 'no holidays: 3 July counts'],
    ['us-federal', '2026-11-23', 4, '2026-11-30', 'Thanksgiving 26 Nov skipped, the Friday after counts'],
    ['us-federal', '2027-12-22', 4, '2027-12-29', 'Christmas on Saturday is observed Fri 24 Dec'],
    ['us-federal', '2027-12-28', 4, '2028-01-04', "New Year's Day 2028 (Sat) is observed Fri 31 Dec 2027"],
    ['us-federal', '2026-07-04', 4, '2026-07-09', 'starting on a Saturday: Monday is day 1'],
    ['us-federal', '2026-03-06', 4, '2026-03-12', 'a Friday start skips the weekend'],
    ['us-federal', '2026-12-31', 1, '2027-01-04', "Fri 1 Jan 2027 is New Year's Day"],
  ])('%s: %s + %i business days → %s (%s)', (calendar, start, count, expected) => {
    expect(ymd(addBusinessDays(calendar as HolidayCalendarName, day(start), count).date)).toBe(expected);
  });

  test('reports the days it passed over and why', () => {
    const { skipped } = addBusinessDays('us-federal', day('2026-06-30'), 4);
    expect(skipped.map((s) => [ymd(s.date), s.reason])).toEqual([
      ['2026-07-03', 'Independence Day, observed'],
      ['2026-07-04', 'Sat'],
      ['2026-07-05', 'Sun'],
    ]);
  });

  test('a count below 1 is refused', () => {
    expect(() => addBusinessDays('us-federal', day('2026-06-30'), 0)).toThrow(RangeError);
  });

  test('property: the result is a business day, after the start, with exactly N business days up to it', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2060-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom<HolidayCalendarName>('us-federal', 'no-holidays'),
        (start, count, calendar) => {
          const from: CalendarDate = {
            year: start.getUTCFullYear(),
            month: start.getUTCMonth() + 1,
            day: start.getUTCDate(),
          };
          const { date } = addBusinessDays(calendar, from, count);
          expect(isBusinessDay(calendar, date)).toBe(true);
          expect(ymd(date) > ymd(from)).toBe(true);
          let counted = 0;
          for (let t = Date.UTC(from.year, from.month - 1, from.day) + 86_400_000; ; t += 86_400_000) {
            const d = new Date(t);
            const cd = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
            if (isBusinessDay(calendar, cd)) counted += 1;
            if (ymd(cd) === ymd(date)) break;
          }
          expect(counted).toBe(count);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('afterBusinessDays (SEC Item 1.05: 4 business days on the federal calendar)', () => {
  test.each([
    [
      '2026-06-30T10:00:00-04:00',
      '2026-07-07T14:00:00.000Z',
      'around Independence Day observed on Fri 3 July',
    ],
    ['2026-11-23T09:30:00-05:00', '2026-11-30T14:30:00.000Z', 'over Thanksgiving'],
    ['2027-12-22T17:00:00-05:00', '2027-12-29T22:00:00.000Z', 'Christmas on a Saturday'],
    ['2027-12-28T08:00:00-05:00', '2028-01-04T13:00:00.000Z', "New Year's Day 2028 observed on 31 Dec 2027"],
    [
      '2026-03-06T16:00:00-05:00',
      '2026-03-12T20:00:00.000Z',
      'over the spring DST change: same local clock time',
    ],
  ])('determined %s → due %s (%s)', (trigger, due) => {
    const result = afterBusinessDays(parseInstant(trigger)!, 4, 'us-federal', 'America/New_York');
    expect(new Date(result.instant).toISOString()).toBe(due);
  });

  test('the explanation names the holidays it skipped', () => {
    const result = afterBusinessDays(
      parseInstant('2026-06-30T10:00:00-04:00')!,
      4,
      'us-federal',
      'America/New_York',
    );
    expect(result.explanation).toContain('2026-07-03 (Independence Day, observed)');
    expect(result.explanation).toContain('2 weekend days');
  });
});
