import {
  parseCompactTimestamp,
  parseIsoTimestamp,
  parseSetupUiTimestamp,
  parseZone,
} from '../../../../domain/timeline/parsers';

const utc = (iso: string): number => Date.parse(iso);

test('EventLogFile TIMESTAMP (yyyyMMddHHmmss.SSS, UTC) and TIMESTAMP_DERIVED (ISO, ms)', () => {
  expect(parseCompactTimestamp('20130715233322.670')).toEqual({
    ok: true,
    ts: utc('2013-07-15T23:33:22.670Z'),
    precision: 'ms',
  });
  expect(parseIsoTimestamp('2015-07-27T11:32:59.555Z', 'source-ms')).toEqual({
    ok: true,
    ts: utc('2015-07-27T11:32:59.555Z'),
    precision: 'ms',
  });
  expect(parseIsoTimestamp('2015-07-27T11:32:59.000Z', 'source-ms')).toMatchObject({ precision: 'ms' });
  expect(parseCompactTimestamp('20130231233322.670')).toMatchObject({
    ok: false,
    reason: expect.stringContaining('invalid date'),
  });
  expect(parseCompactTimestamp('2013-07-15')).toMatchObject({ ok: false });
});

test('REST datetimes: precision s when the stored milliseconds are .000, ms otherwise; offsets applied', () => {
  expect(parseIsoTimestamp('2026-03-10T19:00:01.000+0000', 'rest')).toEqual({
    ok: true,
    ts: utc('2026-03-10T19:00:01Z'),
    precision: 's',
  });
  expect(parseIsoTimestamp('2026-03-10T19:00:01.250+0000', 'rest')).toEqual({
    ok: true,
    ts: utc('2026-03-10T19:00:01.250Z'),
    precision: 'ms',
  });
  expect(parseIsoTimestamp('2026-03-10T11:00:01.000-08:00', 'rest')).toMatchObject({
    ts: utc('2026-03-10T19:00:01Z'),
  });
  expect(parseIsoTimestamp('2026-03-10T19:00Z', 'rest')).toMatchObject({ precision: 'min' });
});

test('never rounds: sub-millisecond digits are an error unless zero; impossible dates and times are errors', () => {
  expect(parseIsoTimestamp('2026-03-10T19:00:01.123000Z', 'source-ms')).toMatchObject({
    ts: utc('2026-03-10T19:00:01.123Z'),
  });
  expect(parseIsoTimestamp('2026-03-10T19:00:01.1234Z', 'source-ms')).toMatchObject({
    ok: false,
    reason: expect.stringContaining('rounding'),
  });
  expect(parseIsoTimestamp('2026-02-29T00:00:00Z', 'rest')).toMatchObject({ ok: false });
  expect(parseIsoTimestamp('2028-02-29T00:00:00Z', 'rest')).toMatchObject({ ok: true });
  expect(parseIsoTimestamp('2026-03-10T24:00:00Z', 'rest')).toMatchObject({ ok: false });
  expect(parseIsoTimestamp('2026-03-10T23:59:60Z', 'rest')).toMatchObject({ ok: false });
});

test('a time without a zone is an error saying how to fix it, unless a default offset is given', () => {
  expect(parseIsoTimestamp('2026-03-10 19:00:01', 'rest')).toEqual({
    ok: false,
    reason: expect.stringContaining('--tz'),
  });
  expect(parseIsoTimestamp('2026-03-10 19:00:01', 'rest', -300)).toMatchObject({
    ok: true,
    ts: utc('2026-03-11T00:00:01Z'),
  });
  expect(parseSetupUiTimestamp('3/10/2026, 7:00:01 PM')).toMatchObject({
    ok: false,
    reason: expect.stringContaining('--tz'),
  });
  expect(parseIsoTimestamp('2026-03-10 19:00:01 XYZ', 'rest')).toMatchObject({
    ok: false,
    reason: expect.stringContaining('unknown time zone'),
  });
});

test.each([
  ['3/10/2026, 7:00:01 PM PST', '2026-03-11T03:00:01Z', 's'],
  ['3/10/2026 7:00 PM PDT', '2026-03-11T02:00:00Z', 'min'],
  ['03/10/2026 12:15:00 AM EST', '2026-03-10T05:15:00Z', 's'],
  ['3/10/2026, 12:15:00 PM CDT', '2026-03-10T17:15:00Z', 's'],
  ['3/10/2026 19:00:01 UTC', '2026-03-10T19:00:01Z', 's'],
  ['3/10/2026 19:00:01 GMT+01:00', '2026-03-10T18:00:01Z', 's'],
  ['2026-03-10 19:00:01 PST', '2026-03-11T03:00:01Z', 's'],
  ['2026-03-10 19:00 MST', '2026-03-11T02:00:00Z', 'min'],
  ['3/10/2026 9:00:00 AM HST', '2026-03-10T19:00:00Z', 's'],
  ['3/10/2026 10:00:00 AM AKDT', '2026-03-10T18:00:00Z', 's'],
  ['3/10/2026 11:00:00 AM AKST', '2026-03-10T20:00:00Z', 's'],
  ['3/10/2026 2:00:00 PM EDT', '2026-03-10T18:00:00Z', 's'],
  ['3/10/2026 2:00:00 PM MDT', '2026-03-10T20:00:00Z', 's'],
  ['3/10/2026 2:00:00 PM CST', '2026-03-10T20:00:00Z', 's'],
  ['3/10/2026 2:00:00 PM -0530', '2026-03-10T19:30:00Z', 's'],
])('Setup UI timestamp %s', (text, iso, precision) => {
  expect(parseSetupUiTimestamp(text)).toEqual({ ok: true, ts: utc(iso), precision });
});

test('Setup UI timestamps: invalid 12-hour clock, month or day are errors', () => {
  expect(parseSetupUiTimestamp('3/10/2026 13:00:00 PM UTC')).toMatchObject({ ok: false });
  expect(parseSetupUiTimestamp('13/45/2026 19:14:59 UTC')).toMatchObject({
    ok: false,
    reason: expect.stringContaining('invalid date'),
  });
  expect(parseSetupUiTimestamp('yesterday')).toMatchObject({ ok: false });
});

test('zones: names, offsets with and without colon, GMT±h', () => {
  expect(['Z', 'utc', 'GMT', '+00:00'].map(parseZone)).toEqual([0, 0, 0, 0]);
  expect(['+05:30', '-0800', 'GMT-8', 'UTC+10'].map(parseZone)).toEqual([330, -480, -480, 600]);
  expect(parseZone('+25:00')).toBeUndefined();
  expect(parseZone('CET')).toBeUndefined();
});
