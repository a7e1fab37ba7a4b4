/** The inputs of `timeline build`: files and folders expanded, earlier outputs left out, formats decided up front. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { csvHeader, HEADER_PREFIX } from '../../activities/timeline';
import {
  detectFormat,
  parseGenericMapping,
  SOURCE_FORMATS,
  SourceFormatError,
  type GenericMapping,
  type SourceFormat,
} from '../../domain/timeline/parsers';
import { displayPath, errnoText, readHead, TimelineUsageError } from './usage';

/** A file a folder input held that the build did not read, and why. */
export interface SkippedFile {
  path: string;
  reason: string;
}

/** One input file, resolved. */
export interface ResolvedInput {
  /** Absolute real path. */
  abs: string;
  /** Path as the user can recognise it (relative to the working directory when inside it). */
  display: string;
  bytes: number;
}

/** Why a file found in a folder input is not evidence to parse (a previous run's output), or undefined. */
async function outputKind(file: string): Promise<string | undefined> {
  const name = path.basename(file);
  if (name === 'manifest.json') return 'evidence manifest';
  if (name.endsWith('.rejects.ndjson')) return 'rejects file';
  if (name.startsWith('.')) return 'hidden file';
  const head = await readHead(file, 8192);
  if (head.startsWith(HEADER_PREFIX)) return 'timeline file';
  const firstLine = head.split('\n', 1)[0].replace(/\r$/, '');
  if (firstLine === csvHeader().trimEnd()) return 'timeline CSV export';
  if (firstLine.startsWith('{') && /"prevHash":"[0-9a-f]{64}"/.test(firstLine) && /"seq":\d/.test(firstLine))
    return 'timeline NDJSON export';
  return undefined;
}

function walk(dir: string, out: string[], skipped: SkippedFile[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    throw new TimelineUsageError(`INPUT ${dir}: cannot read the folder (${errnoText(err)}); check the path`, {
      cause: err,
    });
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out, skipped);
    else if (entry.isFile()) out.push(full);
    else skipped.push({ path: displayPath(full), reason: 'not a regular file' });
  }
}

/**
 * Expands the inputs: files as given, folders to every regular file under them (sorted by path), without a
 * previous run's outputs, the current outputs, the mapping file, manifests, rejects files and hidden files. A file is read once
 * even when named twice. Throws {@link TimelineUsageError} for an input that is missing or unreadable, or that
 * is also an output.
 */
export async function resolveInputs(
  inputs: readonly string[],
  outputs: readonly string[],
  /** Configuration files (the --mapping file) to leave out of folder inputs. */
  config: readonly string[] = [],
): Promise<{ files: ResolvedInput[]; dirs: string[]; skipped: SkippedFile[] }> {
  const configSet = new Set(config.map((c) => path.resolve(c)));
  const outSet = new Set(outputs.map((o) => path.resolve(o)));
  const realOut = new Set<string>();
  for (const o of outSet) {
    try {
      realOut.add(fs.realpathSync(o));
    } catch {
      // not written yet
    }
  }
  const isOutput = (file: string, real: string) => outSet.has(path.resolve(file)) || realOut.has(real);
  const files: ResolvedInput[] = [];
  const dirs: string[] = [];
  const skipped: SkippedFile[] = [];
  const seen = new Set<string>();
  const add = (file: string, real: string, bytes: number) => {
    if (seen.has(real)) return;
    seen.add(real);
    files.push({ abs: real, display: displayPath(file), bytes });
  };
  for (const input of inputs) {
    let st: fs.Stats;
    let real: string;
    try {
      real = fs.realpathSync(input);
      st = fs.statSync(real);
    } catch (err) {
      throw new TimelineUsageError(`INPUT ${input}: cannot read it (${errnoText(err)}); check the path`, {
        cause: err,
      });
    }
    if (st.isDirectory()) {
      dirs.push(real);
      const found: string[] = [];
      walk(real, found, skipped);
      for (const file of found) {
        const realFile = fs.realpathSync(file);
        if (isOutput(file, realFile)) {
          skipped.push({ path: displayPath(file), reason: 'an output of this build' });
          continue;
        }
        if (configSet.has(path.resolve(file))) {
          skipped.push({ path: displayPath(file), reason: 'the --mapping file' });
          continue;
        }
        const kind = await outputKind(file).catch((err: unknown) => {
          throw new TimelineUsageError(`INPUT ${file}: cannot read it (${errnoText(err)})`, { cause: err });
        });
        if (kind) skipped.push({ path: displayPath(file), reason: kind });
        else add(file, realFile, fs.statSync(realFile).size);
      }
    } else if (st.isFile()) {
      if (isOutput(input, real))
        throw new TimelineUsageError(
          `INPUT ${input} is also an output of this build (--out, --ndjson, --csv or --rejects): writing it would destroy the evidence; choose another output path`,
        );
      try {
        fs.accessSync(real, fs.constants.R_OK);
      } catch (err) {
        throw new TimelineUsageError(`INPUT ${input}: cannot read it (${errnoText(err)})`, { cause: err });
      }
      add(input, real, st.size);
    } else throw new TimelineUsageError(`INPUT ${input}: not a regular file or folder`);
  }
  if (!files.length)
    throw new TimelineUsageError(
      `INPUT ${inputs.join(' ')}: no input files found${skipped.length ? ` (skipped: ${skipped.map((s) => `${s.path} — ${s.reason}`).join('; ')})` : ''}`,
    );
  return { files, dirs, skipped };
}

/** The deepest folder containing every path. */
export function commonDir(paths: readonly string[]): string {
  const split = paths.map((p) => p.split(path.sep));
  const first = split[0];
  let n = first.length;
  for (const parts of split.slice(1)) {
    let i = 0;
    while (i < n && i < parts.length && parts[i] === first[i]) i++;
    n = i;
  }
  return first.slice(0, n).join(path.sep) || path.sep;
}

/** Whether `file` is strictly inside `dir`. */
export function insideDir(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** Reads and validates a generic-source mapping file (JSON). */
export async function loadMapping(file: string): Promise<GenericMapping> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (err) {
    throw new TimelineUsageError(`--mapping ${file}: cannot read it (${errnoText(err)}); check the path`, {
      cause: err,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new TimelineUsageError(`--mapping ${file}: not valid JSON (${(err as Error).message})`, {
      cause: err,
    });
  }
  return parseGenericMapping(value, file);
}

/**
 * Decides each input's format before anything is written, so an unknown format stops the build up front:
 * `--format` for all; otherwise detection, and inputs detection does not recognise are generic when `--mapping`
 * is given.
 */
export async function planFormats(
  files: readonly ResolvedInput[],
  names: readonly string[],
  format: SourceFormat | undefined,
  mapping: GenericMapping | undefined,
): Promise<Array<{ format: SourceFormat; mapping?: GenericMapping; explicit: boolean }>> {
  const out: Array<{ format: SourceFormat; mapping?: GenericMapping; explicit: boolean }> = [];
  for (let i = 0; i < files.length; i++) {
    if (format) {
      out.push({ format, mapping: format.startsWith('generic-') ? mapping : undefined, explicit: true });
      continue;
    }
    let head: string;
    try {
      head = await readHead(files[i].abs);
    } catch (err) {
      throw new TimelineUsageError(`INPUT ${files[i].display}: cannot read it (${errnoText(err)})`, {
        cause: err,
      });
    }
    try {
      out.push({ format: detectFormat(head, names[i]), explicit: false });
    } catch (err) {
      if (!(err instanceof SourceFormatError)) throw err;
      if (mapping && head.trim() !== '') {
        out.push({
          format: mapping.format === 'csv' ? 'generic-csv' : 'generic-ndjson',
          mapping,
          explicit: true,
        });
        continue;
      }
      throw new TimelineUsageError(
        `INPUT ${files[i].display}: ${err.message.replace(`${names[i]}: `, '')} (--format takes one of ${SOURCE_FORMATS.join(', ')})`,
        { cause: err },
      );
    }
  }
  return out;
}
