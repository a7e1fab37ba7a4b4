import { z } from 'zod';
import { parseYamlWithSchema, YamlValidationError } from '../../domain/yaml-document';

const schema = z.object({ items: z.array(z.object({ name: z.string(), count: z.number().int() }).strict()) });

test('schema problems name file, line, column and field; unknown keys point at the key', () => {
  const text = [
    'items:',
    '  - name: a',
    '    count: 1',
    '  - name: b',
    '    count: two',
    '    colour: red',
  ].join('\n');
  let error: YamlValidationError | undefined;
  try {
    parseYamlWithSchema(text, 'x.yaml', schema);
  } catch (err) {
    error = err as YamlValidationError;
  }
  expect(error).toBeInstanceOf(YamlValidationError);
  expect(error!.issues.map((i) => [i.field, i.line])).toEqual([
    ['items[1].count', 5],
    ['items[1].colour', 6],
  ]);
  expect(error!.message).toMatch(/^x\.yaml is invalid:\n {2}x\.yaml:5:12 items\[1\]\.count: /);
});

test('syntax errors are reported with their line; valid input is returned typed', () => {
  expect(() => parseYamlWithSchema('items:\n  - name: [unclosed\n', 'y.yaml', schema)).toThrow(
    /y\.yaml:\d+:\d+ \(yaml\)/,
  );
  expect(parseYamlWithSchema('items:\n  - { name: a, count: 2 }\n', 'z.yaml', schema)).toEqual({
    items: [{ name: 'a', count: 2 }],
  });
});
