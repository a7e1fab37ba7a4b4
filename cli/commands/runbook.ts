import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { TourniquetError } from '../../domain/errors';
import { hashValue } from '../../domain/hash';
import { parseRunbook } from '../../domain/runbook/validate';
import type { Runbook } from '../../domain/runbook/schema';
import { YamlValidationError, type YamlIssue } from '../../domain/yaml-document';
import { projectRoot } from '../../worker/project-root';

/** A runbook read from a file and validated. */
export interface LoadedRunbook {
  runbook: Runbook;
  /** The path it was read from, as given. */
  file: string;
  /** SHA-256 of the file's bytes (what `sha256sum` prints), for the evidence record. */
  sha256: string;
  /** SHA-256 of the validated runbook's canonical JSON (`hashValue`): stable across reformatting. */
  runbookHash: string;
}

/** One line of `tourniquet runbook list`. */
export interface RunbookSummary {
  name: string;
  version: number;
  description: string;
  file: string;
  sha256: string;
  runbookHash: string;
  phases: number;
  steps: number;
  parameters: string[];
}

/** What `tourniquet runbook validate` found. */
export type RunbookValidationReport =
  ({ valid: true } & RunbookSummary) | { valid: false; file: string; problems: YamlIssue[] };

/** The shipped runbooks: `templates/runbooks` under the project root. */
export function runbooksDir(): string {
  return path.join(projectRoot(), 'templates', 'runbooks');
}

function readText(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new TourniquetError(
      'RUNBOOK_NOT_FOUND',
      `cannot read runbook file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}; check the path`,
      { cause: err },
    );
  }
}

/**
 * Reads and validates one runbook file. Throws `YamlValidationError` (code `RUNBOOK_INVALID`) listing every
 * problem with its line, or a `TourniquetError` (code `RUNBOOK_NOT_FOUND`) when the file cannot be read.
 */
export function loadRunbookFile(file: string): LoadedRunbook {
  const bytes = readText(file);
  const runbook = parseRunbook(bytes.toString('utf8'), file);
  return {
    runbook,
    file,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    runbookHash: hashValue(runbook),
  };
}

function summarise(loaded: LoadedRunbook): RunbookSummary {
  const { runbook } = loaded;
  return {
    name: runbook.name,
    version: runbook.version,
    description: runbook.description,
    file: loaded.file,
    sha256: loaded.sha256,
    runbookHash: loaded.runbookHash,
    phases: runbook.phases.length,
    steps: runbook.phases.reduce((n, phase) => n + phase.steps.length, 0),
    parameters: Object.keys(runbook.parameters),
  };
}

function loadDir(dir: string): LoadedRunbook[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch (err) {
    throw new TourniquetError(
      'RUNBOOK_NOT_FOUND',
      `cannot read the runbook folder ${dir}: ${(err as Error).message}`,
    );
  }
  const loaded = entries
    .filter((entry) => /\.ya?ml$/.test(entry))
    .sort()
    .map((entry) => loadRunbookFile(path.join(dir, entry)));
  const byName = new Map<string, string>();
  for (const { runbook, file } of loaded) {
    const other = byName.get(runbook.name);
    if (other)
      throw new TourniquetError(
        'RUNBOOK_INVALID',
        `runbook name '${runbook.name}' is used by both ${other} and ${file}: names must be unique in ${dir}`,
      );
    byName.set(runbook.name, file);
  }
  return loaded;
}

/**
 * Every runbook (`*.yaml`, `*.yml`) in `dir` (default: the shipped ones), validated, sorted by file name.
 * An invalid file or two files with the same runbook name stop the listing with an error naming them.
 */
export function listRunbooks(dir: string = runbooksDir()): RunbookSummary[] {
  return loadDir(dir).map(summarise);
}

/**
 * A runbook by its `name` (looked up in `dir`, default: the shipped ones) or by file path (anything with a
 * path separator or a `.yaml`/`.yml` ending). Throws `RUNBOOK_NOT_FOUND` listing the known names.
 */
export function findRunbook(nameOrPath: string, dir: string = runbooksDir()): LoadedRunbook {
  if (/[\\/]/.test(nameOrPath) || /\.ya?ml$/.test(nameOrPath)) return loadRunbookFile(nameOrPath);
  const all = loadDir(dir);
  const found = all.find((loaded) => loaded.runbook.name === nameOrPath);
  if (found) return found;
  throw new TourniquetError(
    'RUNBOOK_NOT_FOUND',
    `no runbook named '${nameOrPath}' in ${dir}; known: ${all.map((l) => l.runbook.name).join(', ') || 'none'} (or give a file path)`,
  );
}

/** Validates a runbook file for `tourniquet runbook validate`; problems are returned, not thrown. */
export function validateRunbookFile(file: string): RunbookValidationReport {
  try {
    return { valid: true, ...summarise(loadRunbookFile(file)) };
  } catch (err) {
    if (err instanceof YamlValidationError) return { valid: false, file, problems: err.issues };
    throw err;
  }
}

/** Renders a validation report for a terminal: a summary, or one `file:line:col field: message` per problem. */
export function formatValidationReport(report: RunbookValidationReport): string {
  if (!report.valid)
    return [
      ...report.problems.map((p) => `${report.file}:${p.line}:${p.column} ${p.field}: ${p.message}`),
      `${report.file}: ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}`,
    ].join('\n');
  return [
    `${report.file}: valid runbook '${report.name}' version ${report.version}`,
    `  ${report.phases} phases, ${report.steps} steps; parameters: ${report.parameters.join(', ') || 'none'}`,
    `  sha256 ${report.sha256}`,
  ].join('\n');
}

function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/** Renders `tourniquet runbook list` for a terminal. */
export function formatRunbookList(list: readonly RunbookSummary[]): string {
  if (list.length === 0) return 'no runbooks found';
  return list
    .map((r) =>
      [
        `${r.name} v${r.version} — ${r.steps} steps in ${r.phases} phases`,
        `  ${r.description}`,
        `  ${displayPath(r.file)}  sha256 ${r.sha256}`,
      ].join('\n'),
    )
    .join('\n\n');
}

/** Where the runbook commands write and how they report failure (replaced in tests). */
export interface RunbookCommandIo {
  out(text: string): void;
  setExitCode(code: number): void;
}

const processIo: RunbookCommandIo = {
  out: (text) => void process.stdout.write(text.endsWith('\n') ? text : text + '\n'),
  setExitCode: (code) => void (process.exitCode = code),
};

/**
 * Adds `tourniquet runbook validate FILE [--json]` (exit 0 with a summary, exit 1 with every problem as
 * `file:line:col field: message`) and `tourniquet runbook list [--dir DIR] [--json]` to `program`.
 */
export function registerRunbookCommands(program: Command, io: RunbookCommandIo = processIo): Command {
  const runbook = program.command('runbook').description('Check and list breach-response runbooks.');
  runbook
    .command('validate')
    .description(
      'Validate a runbook file: schema, step inputs, approvals, references; every problem with its line.',
    )
    .argument('<file>', 'runbook YAML file')
    .option('--json', 'print the result as JSON')
    .action((file: string, opts: { json?: boolean }) => {
      const report = validateRunbookFile(file);
      io.out(opts.json ? JSON.stringify(report, null, 2) : formatValidationReport(report));
      io.setExitCode(report.valid ? 0 : 1);
    });
  runbook
    .command('list')
    .description('List the runbooks: name, version, steps, description, file and its SHA-256.')
    .option('--dir <folder>', 'folder of runbook files (default: the shipped templates/runbooks)')
    .option('--json', 'print the list as JSON')
    .action((opts: { dir?: string; json?: boolean }) => {
      const list = listRunbooks(opts.dir ?? runbooksDir());
      io.out(opts.json ? JSON.stringify(list, null, 2) : formatRunbookList(list));
      io.setExitCode(0);
    });
  return runbook;
}
