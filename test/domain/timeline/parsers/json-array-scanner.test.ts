import fc from 'fast-check';
import { JsonArrayScanner, type JsonElement } from '../../../../domain/timeline/parsers';

function scan(
  text: string,
  keys: string[] = ['records'],
  sizes: number[] = [text.length || 1],
  max?: number,
): JsonElement[] {
  const scanner = new JsonArrayScanner(keys, max);
  const out: JsonElement[] = [];
  let at = 0;
  let k = 0;
  while (at < text.length) {
    const size = Math.max(1, sizes[k++ % sizes.length]);
    scanner.push(text.slice(at, at + size));
    at += size;
    for (let e = scanner.next(); e; e = scanner.next()) out.push(e);
  }
  scanner.end();
  for (let e = scanner.next(); e; e = scanner.next()) out.push(e);
  return out;
}

test('yields each element of a top-level array as its exact text, with start line and index', () => {
  const text = '\uFEFF[\n  {"a": "x ] } , \\" [ {"},\n  {"b": [1, {"c": 2}]}\r\n  ,3, "s", null\n]\n';
  expect(scan(text)).toEqual([
    { ok: true, text: '{"a": "x ] } , \\" [ {"}', line: 2, index: 0 },
    { ok: true, text: '{"b": [1, {"c": 2}]}', line: 3, index: 1 },
    { ok: true, text: '3', line: 4, index: 2 },
    { ok: true, text: '"s"', line: 4, index: 3 },
    { ok: true, text: 'null', line: 4, index: 4 },
  ]);
});

test('finds the records array of a REST query result (and result.records of sf CLI JSON), ignoring other keys', () => {
  const rest =
    '{"totalSize":2,"done":true,"nextRecordsUrl":null,"note":"records","records":[{"Id":1},{"Id":2}]}';
  expect(scan(rest).map((e) => e.ok && e.text)).toEqual(['{"Id":1}', '{"Id":2}']);
  const cli = '{"status":0,"result":{"done":true,"records":[{"Id":3}],"totalSize":1},"warnings":[]}';
  expect(scan(cli).map((e) => e.ok && e.text)).toEqual(['{"Id":3}']);
  const log = '{"kind":"tourniquet.incident-log","runbook":{"records":"no"},"entries":[{"seq":1}]}';
  expect(scan(log, ['entries']).map((e) => e.ok && e.text)).toEqual(['{"seq":1}']);
});

test('an empty array yields nothing; no array at all is reported by foundArray', () => {
  expect(scan('{"records":[]}')).toEqual([]);
  const scanner = new JsonArrayScanner(['records']);
  scanner.push('{"totalSize":0}');
  scanner.end();
  expect(scanner.next()).toBeUndefined();
  expect(scanner.foundArray).toBe(false);
});

test('a truncated file reports the unfinished element, or the unclosed array', () => {
  expect(scan('[{"a":1},\n{"b":')).toEqual([
    { ok: true, text: '{"a":1}', line: 1, index: 0 },
    {
      ok: false,
      reason: 'input ended inside this element (truncated file?)',
      text: '{"b":',
      line: 2,
      index: 1,
    },
  ]);
  expect(scan('[{"a":1},').at(-1)).toMatchObject({
    ok: false,
    reason: expect.stringContaining('array was closed'),
  });
});

test('an element over the size limit is reported with its head, not kept in memory, and scanning goes on', () => {
  const big = `{"x":"${'y'.repeat(500)}"}`;
  const out = scan(`[${big},{"ok":1}]`, ['records'], [7], 100);
  expect(out[0]).toMatchObject({ ok: false, reason: 'element is longer than 100 characters', index: 0 });
  expect(out[0].text.startsWith('{"x":"yyy')).toBe(true);
  expect(out[1]).toEqual({ ok: true, text: '{"ok":1}', line: 1, index: 1 });
});

test('property: any JSON array of records, pretty or compact, split anywhere, yields each element that JSON.parse agrees with', () => {
  fc.assert(
    fc.property(
      fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 6 }),
      fc.boolean(),
      fc.array(fc.integer({ min: 1, max: 11 }), { minLength: 1, maxLength: 4 }),
      (values, pretty, sizes) => {
        const doc = JSON.stringify(
          { totalSize: values.length, done: true, records: values },
          null,
          pretty ? 2 : 0,
        );
        const out = scan(doc, ['records'], sizes);
        expect(out.every((e) => e.ok)).toBe(true);
        expect(out.map((e) => JSON.parse(e.text) as unknown)).toEqual(JSON.parse(JSON.stringify(values)));
      },
    ),
  );
});
