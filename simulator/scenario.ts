import { readFileSync } from 'node:fs';
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { z } from 'zod';
import { ScenarioError, type ScenarioIssue } from './errors';
import { ScenarioSchema, type Scenario } from './scenario-schema';

/** Spells a zod path the way YAML readers think of it: `users[3].username`. */
export function spellPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${String(seg)}` : String(seg);
  return out || '(root)';
}

/** Finds the deepest YAML node along `path` and returns its start offset (of the key itself when `atKey`). */
function offsetOf(root: Node | null | undefined, path: ReadonlyArray<PropertyKey>, atKey = false): number {
  let node: unknown = root;
  let offset = root?.range?.[0] ?? 0;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === seg);
      if (!pair) break;
      const keyNode = pair.key as Node | null;
      node = pair.value;
      const last = seg === path[path.length - 1];
      offset =
        (atKey && last ? keyNode?.range?.[0] : undefined) ??
        (node as Node | null)?.range?.[0] ??
        keyNode?.range?.[0] ??
        offset;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      if (!node) break;
      offset = (node as Node).range?.[0] ?? offset;
    } else break;
  }
  return offset;
}

function zodIssues(error: z.ZodError, root: Node | null | undefined, lines: LineCounter): ScenarioIssue[] {
  return error.issues.map((issue) => {
    // An unknown key is reported on its parent object; point at the key itself.
    const key = issue.code === 'unrecognized_keys' && issue.keys.length === 1 ? issue.keys[0] : undefined;
    const path = key === undefined ? issue.path : [...issue.path, key];
    const pos = lines.linePos(offsetOf(root, path, key !== undefined));
    return { field: spellPath(path), line: pos.line, column: pos.col, message: issue.message };
  });
}

/**
 * Parses and validates scenario YAML. Throws {@link ScenarioError} naming `file:line:column` and the field
 * for YAML syntax errors and for every schema or cross-reference problem.
 */
export function parseScenario(text: string, file = '<inline>'): Scenario {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ScenarioError(
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
    );
  }
  const result = ScenarioSchema.safeParse(doc.toJS());
  if (!result.success) throw new ScenarioError(file, zodIssues(result.error, doc.contents, lines));
  return result.data;
}

/** Reads, parses and validates a scenario file (see {@link parseScenario}). */
export function loadScenarioFile(path: string): Scenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new ScenarioError(path, [
      {
        field: '(file)',
        line: 0,
        column: 0,
        message: `cannot read the scenario file: ${(cause as Error).message}`,
      },
    ]);
  }
  return parseScenario(text, path);
}

/** Validates a scenario given as an object (no line numbers; fields are still named). */
export function validateScenario(input: unknown, label = '<scenario object>'): Scenario {
  const result = ScenarioSchema.safeParse(input);
  if (result.success) return result.data;
  throw new ScenarioError(
    label,
    result.error.issues.map((i) => ({ field: spellPath(i.path), line: 0, column: 0, message: i.message })),
  );
}
