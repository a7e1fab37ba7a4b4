import { TourniquetError } from '../errors';
import {
  parseYamlWithSchema,
  spellYamlPath,
  yamlLocator,
  YamlValidationError,
  type YamlIssue,
} from '../yaml-document';
import { checkRunbook } from './checks';
import { runbookSchema, type Runbook } from './schema';

/** Error code of an invalid runbook (file or object). */
export const RUNBOOK_INVALID = 'RUNBOOK_INVALID';

/** A runbook object (not a file) is invalid; `issues` name each field and the problem. */
export class RunbookValidationError extends TourniquetError {
  constructor(
    /** What was validated, e.g. `runbook from the incident request`. */
    public readonly label: string,
    public readonly issues: ReadonlyArray<{ field: string; message: string }>,
  ) {
    super(
      RUNBOOK_INVALID,
      `${label} is invalid:\n` + issues.map((i) => `  ${label} ${i.field}: ${i.message}`).join('\n'),
    );
  }
}

const SOURCE_HELP =
  'an input source is { param: <parameter> }, { step: <earlier step id>, output: userIds|changedUserIds|removedAssignments } or { value: <literal> }';

/**
 * zod's union messages say only "Invalid input", and a missing field "expected …, received undefined": say what
 * an input source or approval looks like, and that the field must be added.
 */
function clarify(field: string, message: string): string {
  const missing = /^Invalid input: expected (\w+), received undefined$/.exec(message);
  if (missing)
    return /\.reversible$/.test(field)
      ? 'missing: say whether the step can be undone, reversible: true or false (false when it cannot)'
      : `missing: add this field (${missing[1]})`;
  if (message !== 'Invalid input') return message;
  if (/\.inputs\.[^.[\]]+$/.test(field)) return SOURCE_HELP;
  if (/\.approval$/.test(field))
    return 'approval is { policy: none }, { policy: one, role: <role> } or { policy: two-person, role: <role> }';
  return message;
}

function byPosition(a: YamlIssue, b: YamlIssue): number {
  return a.line - b.line || a.column - b.column;
}

/**
 * Parses and validates runbook YAML `text` (from `file`, used in messages): the schema, then every
 * cross-check (see {@link checkRunbook}). Throws {@link YamlValidationError} with code `RUNBOOK_INVALID`
 * listing every problem as `file:line:column field: message` — all schema problems at once, or when the
 * schema holds, all cross-check problems at once. Pure: the caller reads the file.
 */
export function parseRunbook(text: string, file: string): Runbook {
  let runbook: Runbook;
  try {
    runbook = parseYamlWithSchema(text, file, runbookSchema, RUNBOOK_INVALID);
  } catch (err) {
    if (!(err instanceof YamlValidationError)) throw err;
    throw new YamlValidationError(
      file,
      err.issues.map((i) => ({ ...i, message: clarify(i.field, i.message) })).sort(byPosition),
      RUNBOOK_INVALID,
    );
  }
  const problems = checkRunbook(runbook);
  if (problems.length > 0) {
    const locate = yamlLocator(text);
    const issues = problems.map((p) => ({
      field: spellYamlPath(p.path),
      ...locate(p.path, p.atKey),
      message: p.message,
    }));
    throw new YamlValidationError(file, issues.sort(byPosition), RUNBOOK_INVALID);
  }
  return runbook;
}

/**
 * Validates a runbook given as an object (e.g. received in a request, or built in a test) with the same
 * schema and cross-checks as {@link parseRunbook}. Throws {@link RunbookValidationError} naming `label` and
 * every bad field.
 */
export function validateRunbookObject(obj: unknown, label: string): Runbook {
  const parsed = runbookSchema.safeParse(obj);
  if (!parsed.success)
    throw new RunbookValidationError(
      label,
      parsed.error.issues.map((issue) => {
        const field = spellYamlPath(issue.path);
        return { field, message: clarify(field, issue.message) };
      }),
    );
  const problems = checkRunbook(parsed.data);
  if (problems.length > 0)
    throw new RunbookValidationError(
      label,
      problems.map((p) => ({ field: spellYamlPath(p.path), message: p.message })),
    );
  return parsed.data;
}
