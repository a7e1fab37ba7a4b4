import {
  genericMappingSchema,
  MappingError,
  parseGenericMapping,
  SourceFormatError,
} from '../../../../domain/timeline/parsers';
import { fixture, fixtureJson, parse } from './helpers';

test('NDJSON with a mapping: nested paths, constant object, id lists, zone-less and missing times rejected', async () => {
  const mapping = parseGenericMapping(fixtureJson('ehr-audit.mapping.json'));
  const file = 'ehr-audit.ndjson';
  const { events, rejects } = await parse(fixture(file), { file, mapping });
  expect(events).toEqual([
    expect.objectContaining({
      ts: Date.parse('2026-03-10T19:02:03.456Z'),
      precision: 'ms',
      source: 'generic:ehr',
      position: 1,
      actor: { userId: '0055e000001AbCdAAK', username: 'nurse.jones@clinic.example' },
      action: 'chart.view',
      target: { object: 'Patient__c', recordIds: ['a0B5e00000KlMnOEAV'] },
      ip: '203.0.113.7',
      keys: { session: 'ehr-s-1' },
      outcome: 'ok',
      raw: expect.objectContaining({ 'who.email': 'nurse.jones@clinic.example' }),
    }),
    expect.objectContaining({
      position: 2,
      action: 'chart.print',
      actor: { username: 'nurse.jones@clinic.example' },
    }),
  ]);
  expect(rejects.map((r) => [r.line, r.reason])).toEqual([
    [3, 'timestamp has no time zone: give the zone in the input, or a default offset (--tz)'],
    [4, 'missing timestamp field "when"'],
  ]);
});

test('CSV with a mapping: epoch seconds, separated id lists; finer-than-declared times and missing actions rejected', async () => {
  const mapping = parseGenericMapping(fixtureJson('siem-extract.mapping.json'));
  const { events, rejects } = await parse(fixture('siem-extract.csv'), { file: 'siem.csv', mapping });
  expect(events).toEqual([
    expect.objectContaining({
      ts: 1773169323000,
      precision: 's',
      source: 'generic:siem',
      position: 2,
      actor: { username: 'nurse.jones@clinic.example' },
      action: 'download',
      target: { object: 'Contact', recordIds: ['0035e00000AbCdEAAV', '0035e00000FgHiJAAV'] },
      ip: '203.0.113.7',
    }),
  ]);
  expect(rejects.map((r) => [r.line, r.reason])).toEqual([
    [3, `timestamp "1773169324.5" is finer than the mapping's precision 's'`],
    [4, 'missing action (field "verb")'],
  ]);
});

test('epoch-ms and constant actions', async () => {
  const mapping = parseGenericMapping({
    name: 'x',
    format: 'ndjson',
    time: { field: 't', format: 'epoch-ms' },
    precision: 'ms',
    action: { value: 'seen' },
  });
  const { events, rejects } = await parse('{"t":1773169323456}\n{"t":"1773169323457"}\n{"t":1.5}\n', {
    file: 'x.ndjson',
    mapping,
  });
  expect(events.map((e) => [e.ts, e.action])).toEqual([
    [1773169323456, 'seen'],
    [1773169323457, 'seen'],
  ]);
  expect(rejects.map((r) => r.line)).toEqual([3]);
});

test('mapping validation names the field path and what was expected', () => {
  expect(() =>
    parseGenericMapping(
      { name: 'bad name', format: 'xml', time: { field: '' }, precision: 'us', action: 'a' },
      'm.json',
    ),
  ).toThrow(MappingError);
  let message = '';
  try {
    parseGenericMapping(
      {
        name: 'ok',
        format: 'xml',
        time: { field: 'when', format: 'iso' },
        precision: 's',
        action: 'a',
        extra: 1,
      },
      'm.json',
    );
  } catch (error) {
    message = (error as Error).message;
  }
  expect(message).toMatch(/^m\.json: invalid field mapping:/);
  expect(message).toMatch(/^format: /m);
  expect(genericMappingSchema.safeParse(fixtureJson('ehr-audit.mapping.json')).success).toBe(true);
});

test('a generic format without a mapping, or a mapping whose time column is missing, is a whole-file error', async () => {
  await expect(parse('a,b\n1,2\n', { file: 'g.csv', format: 'generic-csv' })).rejects.toThrow(
    /g\.csv: format generic-csv needs a field mapping/,
  );
  const mapping = parseGenericMapping(fixtureJson('siem-extract.mapping.json'));
  await expect(parse('a,b\n1,2\n', { file: 'g.csv', mapping })).rejects.toThrow(SourceFormatError);
});
