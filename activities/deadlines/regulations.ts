import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  compileRuleSet,
  RulePackInvalidError,
  rulePackSchema,
  type RulePack,
  type RuleSet,
} from '../../domain/deadlines';
import { TourniquetError } from '../../domain/errors';
import {
  parseYamlWithSchema,
  spellYamlPath,
  yamlLocator,
  YamlValidationError,
  type YamlIssue,
} from '../../domain/yaml-document';
import { projectRoot } from '../../worker/project-root';

/** Error code of a rule-pack file that does not parse or validate. */
export const REGULATIONS_INVALID = 'REGULATIONS_INVALID';
/** Error code of a rule-pack folder or file that cannot be read. */
export const REGULATIONS_NOT_FOUND = 'REGULATIONS_NOT_FOUND';

/** One rule-pack file as read. */
export interface LoadedRulePackFile {
  file: string;
  /** SHA-256 of the file's bytes, for the evidence record. */
  sha256: string;
  pack: RulePack;
}

/** Every rule pack of a folder, validated together. */
export interface LoadedRegulations {
  dir: string;
  files: LoadedRulePackFile[];
  ruleSet: RuleSet;
}

/** The shipped rule packs: `templates/regulations` under the project root. */
export function regulationsDir(): string {
  return path.join(projectRoot(), 'templates', 'regulations');
}

function read(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new TourniquetError(
      REGULATIONS_NOT_FOUND,
      `cannot read rule pack ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}; check the path`,
      { cause: err },
    );
  }
}

/**
 * Reads and validates one rule-pack YAML file (schema only; references to other packs are checked by
 * {@link loadRegulations}). Throws `YamlValidationError` (code `REGULATIONS_INVALID`) naming file, line and field.
 */
export function loadRulePackFile(file: string): LoadedRulePackFile & { text: string } {
  const bytes = read(file);
  const text = bytes.toString('utf8');
  const pack = parseYamlWithSchema(text, file, rulePackSchema, REGULATIONS_INVALID);
  return { file, text, sha256: createHash('sha256').update(bytes).digest('hex'), pack };
}

function listPackFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch (err) {
    throw new TourniquetError(
      REGULATIONS_NOT_FOUND,
      `cannot read the rule-pack folder ${dir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      { cause: err },
    );
  }
  const files = entries.filter((entry) => /\.ya?ml$/.test(entry)).sort();
  if (files.length === 0)
    throw new TourniquetError(
      REGULATIONS_NOT_FOUND,
      `no rule packs (*.yaml) in ${dir}; point --rules at the folder holding them`,
    );
  return files.map((entry) => path.join(dir, entry));
}

/**
 * Reads every `*.yaml`/`*.yml` rule pack in `dir` (default: the shipped ones), validates each, then checks them
 * together (unique ids, references between packs). Throws `YamlValidationError` (code `REGULATIONS_INVALID`)
 * naming file, line and field of every problem: all schema problems of the first invalid file, or every
 * cross-pack problem.
 */
export function loadRegulations(dir: string = regulationsDir()): LoadedRegulations {
  const loaded = listPackFiles(dir).map(loadRulePackFile);
  try {
    const ruleSet = compileRuleSet(loaded.map((l) => l.pack));
    return { dir, files: loaded.map(({ file, sha256, pack }) => ({ file, sha256, pack })), ruleSet };
  } catch (err) {
    if (!(err instanceof RulePackInvalidError)) throw err;
    throw crossPackError(err, loaded);
  }
}

/**
 * Re-states cross-pack problems with the file, line and field they are written at: a `YamlValidationError` when
 * they are all in one file, else a `TourniquetError` listing each file's problems.
 */
function crossPackError(
  err: RulePackInvalidError,
  loaded: ReadonlyArray<{ file: string; text: string }>,
): TourniquetError {
  const byFile = new Map<number, YamlIssue[]>();
  for (const issue of err.issues) {
    const at = yamlLocator(loaded[issue.pack].text)(issue.path);
    const issues = byFile.get(issue.pack) ?? [];
    issues.push({ field: spellYamlPath(issue.path), ...at, message: issue.message });
    byFile.set(issue.pack, issues);
  }
  const errors = [...byFile].map(
    ([pack, issues]) => new YamlValidationError(loaded[pack].file, issues, REGULATIONS_INVALID),
  );
  if (errors.length === 1) return errors[0];
  return new TourniquetError(REGULATIONS_INVALID, errors.map((e) => e.message).join('\n'));
}
