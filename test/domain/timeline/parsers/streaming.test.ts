import fc from 'fast-check';
import {
  detectFormat,
  parseGenericMapping,
  type ParseSourceOptions,
} from '../../../../domain/timeline/parsers';
import { chunked, fixture, fixtureJson, parse, splitAt, type Parsed } from './helpers';

/** Every sample input with the options it needs (generic ones carry their mapping). */
const INPUTS: Array<[string, Omit<ParseSourceOptions, 'file'>]> = [
  ['elf-report-export.csv', {}],
  ['elf-report.csv', {}],
  ['elf-restapi.csv', {}],
  ['elf-api.csv', {}],
  ['elf-bulkapi.csv', {}],
  ['elf-uri.csv', {}],
  ['elf-lightning-page-view.csv', {}],
  ['elf-login.csv', {}],
  ['elf-logout.csv', {}],
  ['elf-listview.csv', {}],
  ['rtem-query.json', {}],
  ['rtem-array.json', {}],
  ['rtem.ndjson', {}],
  ['setup-audit-trail.json', {}],
  ['login-history.json', {}],
  ['setup-audit-trail.csv', {}],
  ['login-history.csv', {}],
  ['incident-log.json', {}],
  ['ehr-audit.ndjson', { mapping: parseGenericMapping(fixtureJson('ehr-audit.mapping.json')) }],
  ['siem-extract.csv', { mapping: parseGenericMapping(fixtureJson('siem-extract.mapping.json')) }],
];

const baselines = new Map<string, Parsed>();
/** Options for split runs: the format detected from the whole input, and a head of one line. */
const splitOptions = new Map<string, ParseSourceOptions>();
beforeAll(async () => {
  for (const [file, options] of INPUTS) {
    baselines.set(file, await parse(fixture(file), { file, ...options }));
    const format = options.mapping ? undefined : detectFormat(fixture(file), file);
    splitOptions.set(file, { file, ...options, format, headChars: 1 });
  }
});

test('every sample input yields events (and the expected rejects), so the streaming checks below are not vacuous', () => {
  for (const [file] of INPUTS) expect(baselines.get(file)!.events.length).toBeGreaterThan(0);
});

// headChars: 1 makes parseSource read only the first line before decoding, so the chunk boundaries reach the
// decoders as split (detection itself is covered in detect.test.ts).
test('property: splitting any input into arbitrary chunks yields exactly the same events and rejects', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...INPUTS),
      fc.array(fc.nat(), { maxLength: 12 }),
      async ([file], cuts) => {
        const text = fixture(file);
        const result = await parse(
          splitAt(
            text,
            cuts.map((c) => c % (text.length + 1)),
          ),
          splitOptions.get(file)!,
        );
        expect(result).toEqual(baselines.get(file));
      },
    ),
    { numRuns: 300 },
  );
});

test.each([
  'elf-report-export.csv',
  'rtem-query.json',
  'rtem.ndjson',
  'setup-audit-trail.csv',
  'incident-log.json',
])('%s: a split at every possible boundary, and one-character chunks, change nothing', async (file) => {
  const text = fixture(file);
  const baseline = baselines.get(file);
  for (let cut = 1; cut < text.length; cut++) {
    expect(await parse(splitAt(text, [cut]), splitOptions.get(file)!)).toEqual(baseline);
  }
  expect(await parse(chunked(text, [1]), splitOptions.get(file)!)).toEqual(baseline);
});
