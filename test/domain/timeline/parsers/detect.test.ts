import { detectFormat, jsonShape, SourceFormatError } from '../../../../domain/timeline/parsers';
import { fixture } from './helpers';

test.each([
  ['elf-report-export.csv', 'eventlogfile-csv'],
  ['elf-report.csv', 'eventlogfile-csv'],
  ['elf-restapi.csv', 'eventlogfile-csv'],
  ['elf-api.csv', 'eventlogfile-csv'],
  ['elf-bulkapi.csv', 'eventlogfile-csv'],
  ['elf-uri.csv', 'eventlogfile-csv'],
  ['elf-lightning-page-view.csv', 'eventlogfile-csv'],
  ['elf-login.csv', 'eventlogfile-csv'],
  ['elf-logout.csv', 'eventlogfile-csv'],
  ['elf-listview.csv', 'eventlogfile-csv'],
  ['rtem-query.json', 'rtem-json'],
  ['rtem-array.json', 'rtem-json'],
  ['rtem.ndjson', 'rtem-json'],
  ['setup-audit-trail.json', 'setup-audit-trail-json'],
  ['login-history.json', 'login-history-json'],
  ['setup-audit-trail.csv', 'setup-audit-trail-csv'],
  ['login-history.csv', 'login-history-csv'],
  ['incident-log.json', 'incident-log-json'],
])('%s is detected as %s', (file, format) => {
  expect(detectFormat(fixture(file), file)).toBe(format);
});

test('detection works from a head that cuts the first record short', () => {
  expect(detectFormat(fixture('rtem-query.json').slice(0, 300), 'rtem-query.json')).toBe('rtem-json');
  const lh = fixture('login-history.json');
  const head = lh.slice(0, lh.indexOf('"LoginTime"') + 20);
  expect(detectFormat(head, 'login-history.json')).toBe('login-history-json');
});

test('JSON shapes: top-level array, container object, one object per line', () => {
  expect(jsonShape(fixture('rtem-array.json'))).toBe('array');
  expect(jsonShape(fixture('rtem-query.json'))).toBe('container');
  expect(jsonShape('{"totalSize":1,"done":true,"records":[{"EventDate":"x"}]}')).toBe('container');
  expect(jsonShape(fixture('rtem.ndjson'))).toBe('ndjson');
  expect(jsonShape(fixture('ehr-audit.ndjson'))).toBe('ndjson');
});

test('an unknown input is a clear error naming the file, what was seen, the formats tried and the way out', () => {
  const attempt = (text: string, file: string) => () => detectFormat(text, file);
  expect(attempt(fixture('unknown.csv'), 'unknown.csv')).toThrow(SourceFormatError);
  expect(attempt(fixture('unknown.csv'), 'unknown.csv')).toThrow(
    /^unknown\.csv: cannot tell the source format \(CSV header: a, b, c\)\. Tried: EventLogFile CSV .*--mapping/,
  );
  expect(attempt(fixture('ehr-audit.ndjson'), 'ehr.ndjson')).toThrow(
    /ehr\.ndjson: .*JSON lines whose first record has when, who, event/,
  );
  expect(attempt('', 'empty.csv')).toThrow(/empty\.csv: the input is empty/);
});
