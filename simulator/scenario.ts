import { readFileSync } from 'node:fs';
import {
  parseYamlWithSchema,
  spellYamlPath as spellPath,
  YamlValidationError,
} from '../domain/yaml-document';
import { ScenarioError } from './errors';
import { ScenarioSchema, type Scenario } from './scenario-schema';

/**
 * Parses and validates scenario YAML. Throws {@link ScenarioError} naming `file:line:column` and the field
 * for YAML syntax errors and for every schema or cross-reference problem.
 */
export function parseScenario(text: string, file = '<inline>'): Scenario {
  try {
    return parseYamlWithSchema(text, file, ScenarioSchema);
  } catch (err) {
    if (err instanceof YamlValidationError) throw new ScenarioError(file, err.issues);
    throw err;
  }
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
