import { holidayOn, isBusinessDay, usFederalHolidays, type CalendarDate } from '../../../domain/deadlines';

const ymd = (d: CalendarDate) =>
  `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
const day = (text: string): CalendarDate => {
  const [year, month, dayOfMonth] = text.split('-').map(Number);
  return { year, month, day: dayOfMonth };
};

describe('US federal holidays (observed dates)', () => {
  test('2026: Independence Day on a Saturday is observed on Friday 3 July', () => {
    expect(usFederalHolidays(2026).map((h) => ymd(h.date))).toEqual([
      '2026-01-01',
      '2026-01-19',
      '2026-02-16',
      '2026-05-25',
      '2026-06-19',
      '2026-07-03',
      '2026-09-07',
      '2026-10-12',
      '2026-11-11',
      '2026-11-26',
      '2026-12-25',
    ]);
    const july = usFederalHolidays(2026).find((h) => h.name === 'Independence Day')!;
    expect(ymd(july.actual)).toBe('2026-07-04');
  });

  test.each([
    // [year, observed date, name, actual date]
    [2027, '2027-12-24', 'Christmas Day', '2027-12-25'],
    [2027, '2027-12-31', "New Year's Day", '2028-01-01'],
    [2027, '2027-06-18', 'Juneteenth National Independence Day', '2027-06-19'],
    [2027, '2027-07-05', 'Independence Day', '2027-07-04'],
    [2021, '2021-06-18', 'Juneteenth National Independence Day', '2021-06-19'],
    [2021, '2021-12-31', "New Year's Day", '2022-01-01'],
    [2022, '2022-12-26', 'Christmas Day', '2022-12-25'],
    [2028, '2028-01-17', 'Birthday of Martin Luther King, Jr.', '2028-01-17'],
    [2028, '2028-11-23', 'Thanksgiving Day', '2028-11-23'],
    [2026, '2026-05-25', 'Memorial Day', '2026-05-25'],
  ])('%i: %s is %s (actually %s)', (year, observed, name, actual) => {
    const found = usFederalHolidays(year).find((h) => ymd(h.date) === observed);
    expect(found?.name).toBe(name);
    expect(ymd(found!.actual)).toBe(actual);
  });

  test('a New Year observed in the year before is not listed again in its own year', () => {
    expect(usFederalHolidays(2022).map((h) => ymd(h.date))).not.toContain('2022-01-01');
    expect(usFederalHolidays(2022)).toHaveLength(10);
    expect(usFederalHolidays(2021)).toHaveLength(12);
  });

  test('Juneteenth only from 2021, MLK Day only from 1986', () => {
    expect(usFederalHolidays(2020).map((h) => h.name)).not.toContain('Juneteenth National Independence Day');
    expect(usFederalHolidays(1985).map((h) => h.name)).not.toContain('Birthday of Martin Luther King, Jr.');
    expect(usFederalHolidays(1986).map((h) => h.name)).toContain('Birthday of Martin Luther King, Jr.');
  });

  test('business days: weekends and observed holidays are off on us-federal; only weekends on no-holidays', () => {
    expect(isBusinessDay('us-federal', day('2026-07-03'))).toBe(false);
    expect(isBusinessDay('no-holidays', day('2026-07-03'))).toBe(true);
    expect(isBusinessDay('us-federal', day('2026-07-04'))).toBe(false);
    expect(isBusinessDay('us-federal', day('2026-07-06'))).toBe(true);
    expect(isBusinessDay('us-federal', day('2026-11-27'))).toBe(true);
    expect(holidayOn('us-federal', day('2026-11-26'))?.name).toBe('Thanksgiving Day');
    expect(holidayOn('no-holidays', day('2026-11-26'))).toBeUndefined();
  });
});
