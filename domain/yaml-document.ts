import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { z } from 'zod';
import { TourniquetError } from './errors';

/** One problem in a YAML file: where it is and what is wrong. */
export interface YamlIssue {
  /** The field as a reader spells it, e.g. `orgs[2].auth.privateKeyFile`; `(yaml)` for syntax errors. */
  field: string;
  line: number;
  column: number;
  message: string;
}

/** A YAML file failed to parse or validate; the message lists `file:line:column field: problem` per issue. */
export class YamlValidationError extends TourniquetError {
  constructor(
    public readonly file: string,
    public readonly issues: YamlIssue[],
    code = 'YAML_INVALID',
  ) {
    super(
      code,
      `${file} is invalid:\n` +
        issues.map((i) => `  ${file}:${i.line}:${i.column} ${i.field}: ${i.message}`).join('\n'),
    );
  }
}

/** Spells a zod path as YAML readers think of it: `users[3].username`. */
export function spellYamlPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${String(seg)}` : String(seg);
  return out || '(root)';
}

/**
 * Start offset of the deepest node along `path` (the closest existing ancestor when the field is missing);
 * of the key itself when `atKey` (an unknown key is best shown where it is written).
 */
function offsetOf(root: Node | null | undefined, path: ReadonlyArray<PropertyKey>, atKey = false): number {
  let node: unknown = root;
  let offset = root?.range?.[0] ?? 0;
  path.forEach((seg, index) => {
    if (node === undefined) return;
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === seg);
      if (!pair) return void (node = undefined);
      const keyNode = pair.key as Node | null;
      node = pair.value;
      const keyOffset = atKey && index === path.length - 1 ? keyNode?.range?.[0] : undefined;
      offset = keyOffset ?? (node as Node | null)?.range?.[0] ?? keyNode?.range?.[0] ?? offset;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      if (node) offset = (node as Node).range?.[0] ?? offset;
    } else node = undefined;
  });
  return offset;
}

/**
 * Parses YAML `text` and validates it with `schema`. Throws {@link YamlValidationError} naming file, line,
 * column and field for syntax errors and for every schema issue.
 */
export function parseYamlWithSchema<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
  code?: string,
): z.infer<S> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new YamlValidationError(
      file,
      doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return {
          field: '(yaml)',
          line: pos.line,
          column: pos.col,
          message: e.message.split('\n')[0] ?? e.message,
        };
      }),
      code,
    );
  }
  const result = schema.safeParse(doc.toJS());
  if (!result.success) {
    throw new YamlValidationError(
      file,
      result.error.issues.map((issue) => {
        // An unknown key is reported on its parent object; point at the key itself.
        const key = issue.code === 'unrecognized_keys' && issue.keys.length === 1 ? issue.keys[0] : undefined;
        const path = key === undefined ? issue.path : [...issue.path, key];
        const pos = lines.linePos(offsetOf(doc.contents, path, key !== undefined));
        return { field: spellYamlPath(path), line: pos.line, column: pos.col, message: issue.message };
      }),
      code,
    );
  }
  return result.data;
}

/** Line and column (1-based) of a place in a YAML file. */
export interface YamlPosition {
  line: number;
  column: number;
}

/**
 * A locator for YAML `text`: maps a field path (as zod spells it) to where it is written — the deepest node
 * along the path (the closest existing ancestor when the field is missing), or the key itself when `atKey`.
 * For problems found after schema validation (cross-references), so they can name a line too. Call it on
 * text that parsed: for a syntax error, every path maps to the start.
 */
export function yamlLocator(
  text: string,
): (path: ReadonlyArray<PropertyKey>, atKey?: boolean) => YamlPosition {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  return (path, atKey = false) => {
    const pos = lines.linePos(offsetOf(doc.contents, path, atKey));
    return { line: pos.line, column: pos.col };
  };
}
