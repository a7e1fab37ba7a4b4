import fc from 'fast-check';
import { CsvReader, type CsvRow } from '../../../../domain/timeline/parsers';

function readAll(
  text: string,
  chunkSizes: number[] = [text.length || 1],
  expectedFields = 0,
  maxRecordChars?: number,
): CsvRow[] {
  const reader = new CsvReader({ maxRecordChars });
  reader.expectedFields = expectedFields;
  const rows: CsvRow[] = [];
  let at = 0;
  let k = 0;
  while (at < text.length) {
    const size = Math.max(1, chunkSizes[k++ % chunkSizes.length]);
    reader.push(text.slice(at, at + size));
    at += size;
    for (let row = reader.next(); row; row = reader.next()) rows.push(row);
  }
  reader.end();
  for (let row = reader.next(); row; row = reader.next()) rows.push(row);
  return rows;
}

const fieldsOf = (rows: CsvRow[]): Array<string[] | string> =>
  rows.map((r) => (r.ok ? r.fields : `reject@${r.line}: ${r.reason}`));

test('RFC 4180: quoted fields with commas, doubled quotes and embedded CRLF/LF; CRLF or LF terminators; blank lines skipped', () => {
  const text = 'a,b,c\r\n"x, y","say ""hi""","line1\r\nline2"\r\n\r\nplain,"",last\nq,"multi\nline\nfield",z';
  const rows = readAll(text);
  expect(fieldsOf(rows)).toEqual([
    ['a', 'b', 'c'],
    ['x, y', 'say "hi"', 'line1\r\nline2'],
    ['plain', '', 'last'],
    ['q', 'multi\nline\nfield', 'z'],
  ]);
  expect(rows.map((r) => r.line)).toEqual([1, 2, 5, 6]);
  expect(rows[1].text).toBe('"x, y","say ""hi""","line1\r\nline2"');
  expect(rows[3].text).toBe('q,"multi\nline\nfield",z');
});

test('a leading UTF-8 BOM is dropped; a quote inside an unquoted field is kept literally', () => {
  expect(fieldsOf(readAll('\uFEFFEVENT_TYPE,x\nab"c,d\n'))).toEqual([
    ['EVENT_TYPE', 'x'],
    ['ab"c', 'd'],
  ]);
});

test('wrong column count is a reject naming expected and found counts', () => {
  const rows = readAll('1,2,3\n1,2\n"1","2","3","4"\n', undefined, 3);
  expect(fieldsOf(rows)).toEqual([
    ['1', '2', '3'],
    'reject@2: wrong number of fields: expected 3 (as in the header), found 2',
    'reject@3: wrong number of fields: expected 3 (as in the header), found 4',
  ]);
});

test('text after a closing quote is a reject; a stray quote spanning lines rejects only its first line and reading resumes', () => {
  const rows = readAll('"a"x,b\nc,"d\ne,f\n"g",h\n', undefined, 2);
  expect(fieldsOf(rows)).toEqual([
    'reject@1: unexpected text after a closing quote (field 1)',
    'reject@2: unexpected text after a closing quote (field 2)',
    ['e', 'f'],
    ['g', 'h'],
  ]);
});

test('an unterminated quote at the end of input is a reject, and the lines after it are still read', () => {
  const rows = readAll('a,b\n1,"oops\n2,3\n', undefined, 2);
  expect(fieldsOf(rows)).toEqual([['a', 'b'], 'reject@2: unterminated quoted field', ['2', '3']]);
});

test('a record longer than the limit is rejected without buffering the rest of the input', () => {
  const long = 'x'.repeat(5_000);
  const rows = readAll(`a,b\n"${long}\n${long}\n1,2\n`, [100], 2, 1_000);
  expect(rows[0]).toMatchObject({ ok: true, fields: ['a', 'b'] });
  expect(rows[1]).toMatchObject({ ok: false, line: 2, reason: expect.stringContaining('size limit') });
  expect(rows.at(-1)).toMatchObject({ ok: true, fields: ['1', '2'], line: 4 });
});

test('memory stays bounded: the buffer never holds more than one record plus the latest chunk', () => {
  const reader = new CsvReader();
  const row = '"URI","20260310185500.111","4exLFFQZ0Uri000000AA01","0055e000001AbCd"\r\n';
  let maxBuffer = 0;
  let count = 0;
  for (let i = 0; i < 2_000; i++) {
    reader.push(row.repeat(3).slice(0, 150));
    reader.push(row.repeat(3).slice(150));
    for (let r = reader.next(); r; r = reader.next()) count++;
    maxBuffer = Math.max(maxBuffer, (reader as unknown as { buf: string }).buf.length);
  }
  expect(count).toBe(6_000);
  expect(maxBuffer).toBeLessThan(row.length * 4);
});

const field = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r\n', ' ', 'é', '😀'), maxLength: 8 }),
  fc.string({ maxLength: 6 }),
);

test('property: RFC 4180-encoded rows read back as the same fields, however the text is chunked', () => {
  fc.assert(
    fc.property(
      fc.array(fc.array(field, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 6 }),
      fc.constantFrom('\n', '\r\n'),
      fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 5 }),
      fc.boolean(),
      (rows, eol, sizes, quoteAll) => {
        const encode = (f: string): string =>
          quoteAll || /[",\r\n]/.test(f) ? '"' + f.replace(/"/g, '""') + '"' : f;
        const text = rows.map((r) => r.map(encode).join(',')).join(eol) + eol;
        const parsed = readAll(text, sizes, 3);
        expect(fieldsOf(parsed)).toEqual(rows);
        expect(fieldsOf(readAll(text))).toEqual(rows);
      },
    ),
  );
});
