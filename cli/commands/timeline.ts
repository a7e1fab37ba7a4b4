/**
 * `tourniquet timeline build|verify`: reconstruct a hash-chained timeline from audit exports on disk, and verify
 * a timeline (or an exported incident log) later, optionally re-hashing the evidence files it was built from.
 */
import * as fs from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { isIP } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { Command, CommanderError } from 'commander';
import { z } from 'zod';
import {
  buildTimeline,
  csvHeader,
  EVENTS_OPEN,
  hashEvidence,
  HEADER_PREFIX,
  openSourceFiles,
  RejectsFile,
  verifyTimelineFile,
  type BuildTimelineSummary,
  type EvidenceManifest,
  type SourceFileSpec,
  type TimelineInput,
  type TimelineVerdict,
} from '../../activities/timeline';
import { readLineBatches } from '../../activities/timeline/lines';
import { TourniquetError } from '../../domain/errors';
import { verifyIncidentLog, type IncidentLogExport } from '../../domain/incident-log';
import { toId18 } from '../../domain/salesforce/ids';
import type { CanonicalEvent } from '../../domain/timeline/event';
import {
  detectFormat,
  parseGenericMapping,
  SOURCE_FORMATS,
  SourceFormatError,
  type GenericMapping,
  type SourceFormat,
} from '../../domain/timeline/parsers';
import { skewResolver, type SkewOffsets } from '../../domain/timeline/reconstruct';
import { reportError } from '../output';

/** Exit code of a verification that found a broken chain or altered evidence. */
export const EXIT_BROKEN = 1;
/** Exit code of a usage or input problem (bad flag, unreadable input, unknown format): nothing was verified or built. */
export const EXIT_USAGE = 2;

/** A `timeline` flag or input is wrong; the message names the flag (or file) and how to fix it. */
export class TimelineUsageError extends TourniquetError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('TIMELINE_USAGE', message, options);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Options

const SKEW_ENTRY = /^([^=\s]+)=([+-]?\d+)$/;
const ZONE = /^([+-])(\d{2}):(\d{2})$/;
const INSTANT = /T.*(Z|[+-]\d\d:?\d\d)$/;

const skewEntrySchema = z.string().transform((raw, ctx): [string, number] => {
  const fail = (why: string) => {
    ctx.addIssue({ code: 'custom', message: `"${raw}": ${why}` });
    return z.NEVER;
  };
  const m = SKEW_ENTRY.exec(raw.trim());
  if (!m) return fail('expected SOURCE=±MILLISECONDS, e.g. LoginHistory=-1200 or EventLogFile:*=+300');
  const [, source, ms] = m;
  if (source.slice(0, -1).includes('*'))
    return fail('a source pattern may only end with *, e.g. EventLogFile:*=+300');
  const offset = Number(ms);
  if (!Number.isSafeInteger(offset)) return fail('the offset is too large; give whole milliseconds');
  return [source, offset];
});

const instantSchema = z.string().transform((raw, ctx): number => {
  const ms = Date.parse(raw);
  if (!INSTANT.test(raw) || Number.isNaN(ms)) {
    ctx.addIssue({
      code: 'custom',
      message: `"${raw}": expected an ISO 8601 instant with a time zone, e.g. 2026-03-10T19:00:00Z`,
    });
    return z.NEVER;
  }
  return ms;
});

const zoneSchema = z.string().transform((raw, ctx): number => {
  const text = raw.trim();
  if (text === 'Z' || text.toUpperCase() === 'UTC') return 0;
  const m = ZONE.exec(text);
  const hours = m ? Number(m[2]) : NaN;
  const minutes = m ? Number(m[3]) : NaN;
  if (!m || hours > 14 || minutes > 59) {
    ctx.addIssue({
      code: 'custom',
      message: `"${raw}": expected an offset from UTC as ±HH:MM (e.g. -05:00 or +01:00), or Z`,
    });
    return z.NEVER;
  }
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
});

const ipSchema = z.string().transform((raw, ctx): string => {
  const text = raw.trim();
  const [addr, bits, extra] = text.split('/');
  const v = isIP(addr);
  const prefixOk =
    bits === undefined || (v === 4 && /^\d{1,2}$/.test(bits) && Number(bits) <= 32 && extra === undefined);
  if (!v || !prefixOk) {
    ctx.addIssue({
      code: 'custom',
      message: `"${raw}": expected an IP address or an IPv4 CIDR, e.g. 203.0.113.7 or 203.0.113.0/24 (IPv6: exact addresses only)`,
    });
    return z.NEVER;
  }
  return text;
});

const formatSchema = z.string().refine((v) => (SOURCE_FORMATS as readonly string[]).includes(v), {
  error: (issue) =>
    `"${String(issue.input)}" is not a format; use one of ${SOURCE_FORMATS.join(', ')} (or leave --format out to detect each input's format)`,
});

const path_ = z.string().trim().min(1, 'needs a path');

const buildOptionsSchema = z
  .object({
    inputs: z.array(path_).min(1, 'give at least one input file or folder'),
    out: path_,
    ndjson: path_.optional(),
    csv: path_.optional(),
    rejects: path_.optional(),
    format: formatSchema.optional(),
    mapping: path_.optional(),
    tz: zoneSchema.optional(),
    skew: z.array(skewEntrySchema).default([]),
    from: instantSchema.optional(),
    to: instantSchema.optional(),
    user: z.array(z.string().trim().min(1, 'needs a user id or username')).default([]),
    suspiciousIp: z.array(ipSchema).default([]),
    evidenceDir: path_.optional(),
    tmpDir: path_.optional(),
    json: z.boolean().optional(),
    progress: z.boolean().optional(),
  })
  .superRefine((o, ctx) => {
    const seen = new Map<string, number>();
    o.skew.forEach(([source], i) => {
      if (seen.has(source))
        ctx.addIssue({
          code: 'custom',
          path: ['skew', i],
          message: `"${source}" is given twice: give one offset per source`,
        });
      seen.set(source, i);
    });
    if (o.from !== undefined && o.to !== undefined && o.from > o.to)
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `${new Date(o.to).toISOString()} is before --from ${new Date(o.from).toISOString()}: swap them`,
      });
    if (o.format?.startsWith('generic-') && !o.mapping)
      ctx.addIssue({
        code: 'custom',
        path: ['mapping'],
        message: `is required with --format ${o.format}: give the generic input's field mapping (a JSON file)`,
      });
  });

/** Raw options of `timeline build` as commander hands them over. */
type RawBuildOptions = z.input<typeof buildOptionsSchema>;

/** Validated options of `timeline build`. */
export type BuildOptions = Omit<z.output<typeof buildOptionsSchema>, 'skew'> & { skew: SkewOffsets };

const FLAG_OF: Record<string, string> = {
  inputs: 'INPUT',
  suspiciousIp: '--suspicious-ip',
  evidenceDir: '--evidence-dir',
  tmpDir: '--tmp-dir',
};

/** How the user spells a schema path: `--skew`, `--suspicious-ip`, `INPUT`. */
function flagOf(p: ReadonlyArray<PropertyKey>): string {
  const key = String(p[0] ?? '');
  return FLAG_OF[key] ?? `--${key}`;
}

/** Validates `timeline build` options; throws {@link TimelineUsageError} naming every bad flag and its fix. */
export function parseBuildOptions(raw: RawBuildOptions): BuildOptions {
  const result = buildOptionsSchema.safeParse(raw);
  if (!result.success)
    throw new TimelineUsageError(
      `timeline build: ${result.error.issues.length === 1 ? 'bad option' : 'bad options'}:\n` +
        result.error.issues.map((i) => `  ${flagOf(i.path)} ${i.message}`).join('\n'),
    );
  return { ...result.data, skew: Object.fromEntries(result.data.skew) };
}

// ---------------------------------------------------------------------------------------------------------------
// Inputs

/** A file a folder input held that the build did not read, and why. */
export interface SkippedFile {
  path: string;
  reason: string;
}

/** One input file, resolved. */
interface ResolvedInput {
  /** Absolute real path. */
  abs: string;
  /** Path as the user can recognise it (relative to the working directory when inside it). */
  display: string;
  bytes: number;
}

/** How much of a file detection reads (the same first chunk `openSourceFiles` streams). */
const HEAD_BYTES = 1 << 20;

function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

function errnoText(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? (err as Error).message;
}

async function readHead(file: string, max = HEAD_BYTES): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(max);
    const { bytesRead } = await handle.read(buf, 0, max, 0);
    return new StringDecoder('utf8').write(buf.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
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
function commonDir(paths: readonly string[]): string {
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

function insideDir(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

async function loadMapping(file: string): Promise<GenericMapping> {
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
async function planFormats(
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

// ---------------------------------------------------------------------------------------------------------------
// Filtering and progress

/** `--from`/`--to`/`--user` as a predicate over skew-corrected time and the actor; undefined when no filter. */
export function eventFilter(
  filter: { from?: number; to?: number; users?: readonly string[] },
  skew: SkewOffsets = {},
): ((e: CanonicalEvent) => boolean) | undefined {
  const users = filter.users ?? [];
  if (filter.from === undefined && filter.to === undefined && !users.length) return undefined;
  const offset = skewResolver(skew);
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const u of users) {
    const id = toId18(u);
    if (id) ids.add(id);
    names.add(u.toLowerCase());
  }
  const from = filter.from ?? -Infinity;
  const to = filter.to ?? Infinity;
  return (e) => {
    const ts = e.ts + offset(e.source);
    if (ts < from || ts > to) return false;
    if (!users.length) return true;
    const { userId, username } = e.actor;
    if (userId && ids.has(toId18(userId) ?? userId)) return true;
    return !!username && names.has(username.toLowerCase());
  };
}

/** Progress lines on stderr: one per input, then at most one every `everyMs` with the events read so far. */
class Progress {
  private read = 0;
  private last: number;
  private readonly started: number;

  constructor(
    private readonly enabled: boolean,
    private readonly everyMs = 2000,
    private readonly write: (line: string) => void = (line) => void process.stderr.write(line + '\n'),
  ) {
    this.started = performance.now();
    this.last = this.started;
  }

  line(text: string): void {
    if (this.enabled) this.write(text);
  }

  /** Counts one event; checks the clock every 4,096 events. */
  event(): void {
    this.read++;
    if (!this.enabled || (this.read & 4095) !== 0) return;
    const now = performance.now();
    if (now - this.last < this.everyMs) return;
    this.last = now;
    const rate = Math.round(this.read / ((now - this.started) / 1000));
    this.write(`  … ${this.read.toLocaleString('en-US')} events read (${rate.toLocaleString('en-US')}/s)`);
  }

  get total(): number {
    return this.read;
  }
}

/** Per-input counters kept by the filter wrapper. */
interface InputCounters {
  read: number;
  filteredOut: number;
  sources: Set<string>;
}

function wrapEvents(
  input: TimelineInput,
  counters: InputCounters,
  keep: ((e: CanonicalEvent) => boolean) | undefined,
  progress: Progress,
  onStart: () => void,
  onEnd: () => void,
): void {
  const inner = input.events;
  input.events = (async function* (): AsyncGenerator<CanonicalEvent> {
    onStart();
    for await (const e of inner) {
      counters.read++;
      counters.sources.add(e.source);
      progress.event();
      if (keep && !keep(e)) counters.filteredOut++;
      else yield e;
    }
    onEnd();
  })();
}

/** The `time` of the events with the given seqs, read back from the timeline file (stops at the last needed). */
async function eventTimes(file: string, seqs: ReadonlySet<number>): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  if (!seqs.size) return found;
  const last = Math.max(...seqs);
  let seq = -1;
  outer: for await (const lines of readLineBatches(file)) {
    for (const line of lines) {
      if (seq < 0) {
        if (line === EVENTS_OPEN) seq = 0;
        continue;
      }
      seq++;
      if (seqs.has(seq)) {
        const event = JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line) as { time?: string };
        found.set(seq, event.time ?? '');
      }
      if (seq >= last) break outer;
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------------------
// Build

/** One input of a build, as reported. */
export interface BuildInputReport {
  /** Name in the evidence manifest (relative to the evidence folder); events and rejects carry it. */
  file: string;
  /** Path as read. */
  path: string;
  format: SourceFormat;
  /** Source family of its events (`EventLogFile`, `LoginHistory`, …). */
  source: string;
  bytes: number;
  sha256: string;
  /** Events parsed (before filters and deduplication). */
  eventsRead: number;
  /** Events left out by --from/--to/--user. */
  filteredOut: number;
  rejects: number;
}

/** What `timeline build` reports (`--json` prints exactly this). */
export interface BuildReport {
  out: string;
  ndjson: string | null;
  csv: string | null;
  rejectsFile: string;
  inputs: BuildInputReport[];
  skipped: SkippedFile[];
  evidence: { baseDir: string; files: number };
  /** Every event source name seen (what --skew matches), e.g. `EventLogFile:ReportExport`. */
  sources: string[];
  /** Events kept per source (after filters, before deduplication). */
  eventsPerSource: BuildTimelineSummary['eventsPerSource'];
  /** Rejected records per source. */
  rejectsPerSource: BuildTimelineSummary['rejects'];
  rejects: number;
  /** The first rejects (at most 20) as `file`, `line`, `reason`. */
  rejectSample: Array<{ file: string; line: number; reason: string }>;
  filter: { from: string | null; to: string | null; users: string[]; timeBasis: 'corrected' };
  eventsRead: number;
  filteredOut: number;
  /** Events in the timeline (after deduplication). */
  events: number;
  duplicatesMerged: number;
  timeSpan: BuildTimelineSummary['timeSpan'];
  markers: Record<string, { seq: number; time: string }>;
  skew: SkewOffsets;
  /** --skew entries that matched no event's source (probably misspelt). */
  unusedSkew: string[];
  rootHash: string;
  ms: number;
  eventsPerSecond: number;
}

/** Runs `timeline build`: hashes the evidence, parses, filters, reconstructs and writes; returns the report. */
export async function runTimelineBuild(opts: BuildOptions): Promise<BuildReport> {
  const started = performance.now();
  const progress = new Progress(!!opts.progress || process.stderr.isTTY === true);
  const rejectsPath = opts.rejects ?? `${opts.out}.rejects.ndjson`;
  const outputs = [opts.out, opts.ndjson, opts.csv, rejectsPath].filter((o): o is string => !!o);
  const resolvedOutputs = outputs.map((o) => path.resolve(o));
  if (new Set(resolvedOutputs).size !== resolvedOutputs.length)
    throw new TimelineUsageError(
      `--out, --ndjson, --csv and --rejects must be different files (got ${outputs.join(', ')})`,
    );
  const mapping = opts.mapping ? await loadMapping(opts.mapping) : undefined;
  const { files, dirs, skipped } = await resolveInputs(
    opts.inputs,
    outputs,
    opts.mapping ? [opts.mapping] : [],
  );

  let baseDir: string;
  if (opts.evidenceDir) {
    try {
      baseDir = fs.realpathSync(opts.evidenceDir);
    } catch (err) {
      throw new TimelineUsageError(
        `--evidence-dir ${opts.evidenceDir}: cannot read it (${errnoText(err)}); give the folder holding the inputs`,
        { cause: err },
      );
    }
    const outside = files.find((f) => !insideDir(baseDir, f.abs));
    if (outside)
      throw new TimelineUsageError(
        `--evidence-dir ${opts.evidenceDir}: input ${outside.display} is not inside it; copy the inputs into the evidence folder, or give a folder that holds every input`,
      );
  } else baseDir = commonDir([...dirs, ...files.map((f) => path.dirname(f.abs))]);

  const names = files.map((f) => path.relative(baseDir, f.abs).split(path.sep).join('/'));
  const formats = await planFormats(files, names, opts.format as SourceFormat | undefined, mapping);

  // Evidence first: every input is hashed before any of it is parsed.
  progress.line(`hashing ${files.length} input file${files.length === 1 ? '' : 's'} (SHA-256)…`);
  const manifest: EvidenceManifest = await hashEvidence(
    files.map((f) => f.abs),
    { baseDir },
  );

  for (const o of outputs) fs.mkdirSync(path.dirname(path.resolve(o)), { recursive: true });
  const tmpParent = opts.tmpDir ?? os.tmpdir();
  let tmpDir: string;
  try {
    fs.mkdirSync(tmpParent, { recursive: true });
    tmpDir = await mkdtemp(path.join(tmpParent, 'tourniquet-timeline-'));
  } catch (err) {
    throw new TimelineUsageError(
      `--tmp-dir ${tmpParent}: cannot create a sort folder there (${errnoText(err)})`,
      {
        cause: err,
      },
    );
  }
  const rejects = await RejectsFile.open(rejectsPath);
  try {
    const specs: SourceFileSpec[] = files.map((f, i) => ({
      path: f.abs,
      file: names[i],
      ...(formats[i].explicit ? { format: formats[i].format } : {}),
      ...(formats[i].mapping ? { mapping: formats[i].mapping } : {}),
    }));
    const inputs = openSourceFiles(specs, { rejects, defaultZoneOffsetMinutes: opts.tz });
    const keep = eventFilter({ from: opts.from, to: opts.to, users: opts.user }, opts.skew);
    const counters: InputCounters[] = inputs.map(() => ({ read: 0, filteredOut: 0, sources: new Set() }));
    inputs.forEach((input, i) =>
      wrapEvents(
        input,
        counters[i],
        keep,
        progress,
        () =>
          progress.line(
            `[${i + 1}/${inputs.length}] reading ${files[i].display} (${formats[i].format}, ${files[i].bytes.toLocaleString('en-US')} bytes)`,
          ),
        () => {
          if (i === inputs.length - 1)
            progress.line(
              `read ${progress.total.toLocaleString('en-US')} events; sorting, reconstructing and writing the timeline…`,
            );
        },
      ),
    );
    const summary = await buildTimeline(inputs, {
      out: opts.out,
      ndjson: opts.ndjson,
      csv: opts.csv,
      tmpDir,
      manifest,
      skew: opts.skew,
      markers: opts.suspiciousIp.length ? { suspiciousIps: opts.suspiciousIp } : undefined,
    });
    await rejects.close();
    const markerSeqs = new Set(Object.values(summary.markers).filter((s): s is number => s !== undefined));
    const times = await eventTimes(opts.out, markerSeqs);
    const markers: BuildReport['markers'] = {};
    for (const [name, seq] of Object.entries(summary.markers))
      if (seq !== undefined) markers[name] = { seq, time: times.get(seq) ?? '' };
    const seenSources = new Set(counters.flatMap((c) => [...c.sources]));
    const resolve = Object.keys(opts.skew).map((key) => [key, skewResolver({ [key]: 1 })] as const);
    const unusedSkew = resolve.filter(([, r]) => ![...seenSources].some((s) => r(s) !== 0)).map(([k]) => k);
    const eventsRead = counters.reduce((n, c) => n + c.read, 0);
    const ms = Math.round(performance.now() - started);
    return {
      out: opts.out,
      ndjson: opts.ndjson ?? null,
      csv: opts.csv ?? null,
      rejectsFile: rejectsPath,
      inputs: files.map((f, i) => ({
        file: names[i],
        path: f.display,
        format: formats[i].format,
        source: counters[i].sources.size ? inputs[i].name : '',
        bytes: manifest.files[i].bytes,
        sha256: manifest.files[i].sha256,
        eventsRead: counters[i].read,
        filteredOut: counters[i].filteredOut,
        rejects: rejects.countOf(names[i]),
      })),
      skipped,
      evidence: { baseDir, files: manifest.files.length },
      sources: [...seenSources].sort(),
      eventsPerSource: summary.eventsPerSource,
      rejectsPerSource: summary.rejects,
      rejects: rejects.total,
      rejectSample: rejects.sample.map((r) => ({ file: r.file, line: r.line, reason: r.reason })),
      filter: {
        from: opts.from === undefined ? null : new Date(opts.from).toISOString(),
        to: opts.to === undefined ? null : new Date(opts.to).toISOString(),
        users: opts.user,
        timeBasis: 'corrected',
      },
      eventsRead,
      filteredOut: counters.reduce((n, c) => n + c.filteredOut, 0),
      events: summary.events,
      duplicatesMerged: summary.duplicatesMerged,
      timeSpan: summary.timeSpan,
      markers,
      skew: opts.skew,
      unusedSkew,
      rootHash: summary.rootHash,
      ms,
      eventsPerSecond: Math.round(eventsRead / (Math.max(ms, 1) / 1000)),
    };
  } finally {
    await rejects.close().catch(() => undefined);
    await rm(tmpDir, { recursive: true, force: true });
  }
}

const REJECTS_SHOWN = 5;
const n = (v: number) => v.toLocaleString('en-US');
const plural = (count: number, word: string) => `${n(count)} ${word}${count === 1 ? '' : 's'}`;

/** Renders a build report for a terminal. */
export function formatBuildReport(r: BuildReport): string {
  const lines: string[] = [];
  lines.push(
    `${r.out}: ${plural(r.events, 'event')} from ${plural(r.inputs.length, 'input')}, root hash ${r.rootHash}`,
  );
  if (r.rejects) {
    lines.push(
      `  WARNING: ${plural(r.rejects, 'record')} could not be parsed and ${r.rejects === 1 ? 'is' : 'are'} NOT in the timeline — see ${r.rejectsFile}`,
    );
    for (const x of r.rejectSample.slice(0, REJECTS_SHOWN)) lines.push(`    ${x.file}:${x.line} ${x.reason}`);
    if (r.rejects > REJECTS_SHOWN)
      lines.push(`    … ${n(r.rejects - REJECTS_SHOWN)} more in ${r.rejectsFile}`);
  }
  if (r.unusedSkew.length)
    lines.push(
      `  WARNING: --skew ${r.unusedSkew.join(', ')} matched no event source, so it changed nothing (sources seen: ${r.sources.join(', ')}; a pattern such as EventLogFile:* covers every EventLogFile type)`,
    );
  lines.push('inputs:');
  for (const i of r.inputs)
    lines.push(
      `  ${i.file}  ${i.format}  ${plural(i.eventsRead, 'event')} read, ${n(i.rejects)} rejected${i.filteredOut ? `, ${n(i.filteredOut)} filtered out` : ''}`,
    );
  for (const s of r.skipped) lines.push(`  skipped ${s.path} (${s.reason})`);
  lines.push(
    `events kept per source (before deduplication): ${Object.entries(r.eventsPerSource)
      .map(
        ([s, c]) => `${s} ${n(c)}${r.rejectsPerSource[s] ? ` (+${n(r.rejectsPerSource[s])} rejected)` : ''}`,
      )
      .join(', ')}`,
  );
  if (r.filter.from || r.filter.to || r.filter.users.length)
    lines.push(
      `filtered out: ${plural(r.filteredOut, 'event')} of ${n(r.eventsRead)} (${[
        r.filter.from ? `from ${r.filter.from}` : '',
        r.filter.to ? `to ${r.filter.to}` : '',
        r.filter.users.length ? `users ${r.filter.users.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join(', ')}; skew-corrected time)`,
    );
  lines.push(`duplicates merged: ${n(r.duplicatesMerged)}`);
  lines.push(`time span: ${r.timeSpan ? `${r.timeSpan.from} → ${r.timeSpan.to}` : 'none (no events)'}`);
  const markers = Object.entries(r.markers);
  lines.push(`markers:${markers.length ? '' : ' none'}`);
  for (const [name, m] of markers) lines.push(`  ${name.padEnd(24)} seq ${m.seq}  ${m.time}`);
  if (Object.keys(r.skew).length)
    lines.push(
      `skew: ${Object.entries(r.skew)
        .map(([s, ms]) => `${s} ${ms >= 0 ? '+' : ''}${ms} ms`)
        .join(', ')}`,
    );
  lines.push(`root hash: ${r.rootHash}`);
  lines.push(
    `outputs: ${[r.out, r.ndjson, r.csv].filter(Boolean).join(', ')}; rejects: ${r.rejects ? r.rejectsFile : `none (${r.rejectsFile} is empty)`}`,
  );
  lines.push(
    `evidence: ${plural(r.evidence.files, 'file')} hashed, relative to ${r.evidence.baseDir} (check: tourniquet timeline verify ${r.out} --evidence ${r.evidence.baseDir})`,
  );
  lines.push(`elapsed: ${n(r.ms)} ms (${n(r.eventsPerSecond)} events/s)`);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Verify

/** What `timeline verify` found, for `--json`. */
export type VerifyReport =
  | ({ file: string; kind: 'timeline'; evidenceFile?: string } & Omit<
      Extract<TimelineVerdict, { ok: true }>,
      'file'
    >)
  | ({ file: string; kind: 'timeline'; evidenceFile?: string } & Omit<
      Extract<TimelineVerdict, { ok: false }>,
      'file'
    >)
  | ({ file: string; kind: 'incident-log' } & ReturnType<typeof verifyIncidentLog> & { line: string });

/** Whether a file is a timeline written by `writeTimeline` (by its first bytes). */
async function isTimelineFile(file: string): Promise<boolean> {
  try {
    return (await readHead(file, HEADER_PREFIX.length)) === HEADER_PREFIX;
  } catch (err) {
    throw new TimelineUsageError(`${file}: cannot read it (${errnoText(err)}); check the path`, {
      cause: err,
    });
  }
}

/** Verifies a timeline or an incident-log export; returns the line to print and the report. */
export async function runTimelineVerify(
  file: string,
  opts: { evidence?: string } = {},
): Promise<{ ok: boolean; line: string; report: VerifyReport }> {
  if (await isTimelineFile(file)) {
    if (opts.evidence) {
      let st: fs.Stats | undefined;
      try {
        st = fs.statSync(opts.evidence);
      } catch {
        st = undefined;
      }
      if (!st?.isDirectory())
        throw new TimelineUsageError(
          `--evidence ${opts.evidence}: not a folder; give the evidence folder the timeline was built from`,
        );
    }
    const verdict = await verifyTimelineFile(file, { evidenceDir: opts.evidence });
    const { file: evidenceFile, ...rest } = verdict as TimelineVerdict & { file?: string };
    const report: VerifyReport = {
      file,
      kind: 'timeline',
      ...rest,
      ...(evidenceFile ? { evidenceFile } : {}),
    };
    if (verdict.ok)
      return {
        ok: true,
        report,
        line: `${file}: intact — ${plural(verdict.events, 'event')}, root hash ${verdict.rootHash}${
          verdict.evidenceFiles !== undefined
            ? `, evidence: ${plural(verdict.evidenceFiles, 'file')} re-hashed`
            : ''
        }`,
      };
    return {
      ok: false,
      report,
      line:
        verdict.brokenAt !== null
          ? `${file}: BROKEN at event seq ${verdict.brokenAt}: ${verdict.reason}`
          : `${file}: BROKEN: ${verdict.reason}`,
    };
  }
  if (opts.evidence)
    throw new TimelineUsageError(
      `--evidence: ${file} is not a timeline (an incident-log export has no evidence manifest); leave --evidence out`,
    );
  let exported: IncidentLogExport;
  try {
    exported = JSON.parse(fs.readFileSync(file, 'utf8')) as IncidentLogExport;
  } catch (err) {
    throw new TimelineUsageError(
      `${file}: neither a timeline (tourniquet timeline build) nor an incident-log export (tourniquet log): ${(err as Error).message}`,
      { cause: err },
    );
  }
  if (!exported || typeof exported !== 'object' || !Array.isArray(exported.entries))
    throw new TimelineUsageError(
      `${file}: neither a timeline (tourniquet timeline build) nor an incident-log export (tourniquet log): no "entries" array`,
    );
  const verdict = verifyIncidentLog(exported);
  let line: string;
  if (verdict.ok) line = `${file}: intact — ${verdict.count} entries, root hash ${verdict.rootHash}`;
  else {
    const entry = exported.entries[verdict.brokenAt];
    line = `${file}: BROKEN at entry ${verdict.brokenAt + 1}${entry ? ` (seq ${entry.seq}, ${entry.type})` : ''}: ${verdict.reason}`;
  }
  return { ok: verdict.ok, line, report: { file, kind: 'incident-log', ...verdict, line } };
}

// ---------------------------------------------------------------------------------------------------------------
// Commands

const print = (text: string) => void process.stdout.write(text + '\n');
const collect = (v: string, all: string[] | undefined) => [...(all ?? []), v];

/** Runs an action; a TourniquetError (bad flag, unreadable input, unknown format) exits with {@link EXIT_USAGE}. */
async function guarded(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (!(err instanceof TourniquetError)) throw err;
    reportError(err);
    process.exitCode = EXIT_USAGE;
  }
}

const BUILD_HELP = `
Inputs are files or folders (a folder means every regular file under it, sorted by path; manifest.json,
*.rejects.ndjson, the --mapping file, hidden files and earlier timeline outputs are skipped and listed). Every input is hashed
(SHA-256) into the evidence manifest inside the timeline before it is parsed; manifest paths are relative to
--evidence-dir, or else to the deepest folder holding every input, so
  tourniquet timeline verify OUT --evidence THAT_FOLDER
re-hashes them later.

Formats (--format FMT): ${SOURCE_FORMATS.slice(0, 4).join(', ')},
  ${SOURCE_FORMATS.slice(4).join(', ')}.
Without --format each input's format is detected; with --mapping, inputs detection does not recognise are read
as generic NDJSON/CSV through the mapping.

Filters (--from, --to, --user) drop events before reconstruction, so the timeline's hash chain covers exactly
the events kept; the summary says how many were filtered out. --from and --to are inclusive and compare the
skew-corrected time (the time the timeline shows). --user matches a user id (15 or 18 characters) or a username
(case-insensitive) as each source records it: give both to catch sources that record only one.

--skew SOURCE=±MS adds MS milliseconds to every event of SOURCE (exact name such as LoginHistory or
SetupAuditTrail, or a prefix pattern such as EventLogFile:* or RTEM:*); an exact name wins over a pattern.

Records that cannot be parsed are never dropped silently: each goes to the rejects file with its file, line and
reason, and the summary lists them. Rejects do not make the build fail (exit 0): the timeline is valid for the
records that could be read.

Progress goes to standard error when it is a terminal, or with --progress.

Exit codes: 0 built (check the summary for rejects); 2 a bad flag, an unreadable input, an unknown format or an
invalid mapping (nothing is written); 70 an unexpected error.

Example:
  tourniquet timeline build evidence/INC-7 --out INC-7.timeline.json --csv INC-7.csv \\
    --skew LoginHistory=-1200 --skew 'EventLogFile:*=+300' --suspicious-ip 203.0.113.0/24 --tz -05:00
`;

const VERIFY_HELP = `
FILE is a timeline (tourniquet timeline build) or an exported incident log (tourniquet log --out FILE); the
kind is detected from the file's first bytes. For a timeline the hash chain and root hash are recomputed event
by event; with --evidence DIR every file of its evidence manifest is re-hashed under DIR as well.

Exit codes: 0 intact; 1 BROKEN (the line names the first broken event's seq, or the evidence file that is
missing or differs); 2 the file cannot be read or is neither kind, or a bad flag.
`;

/**
 * Adds `tourniquet timeline build …` and `tourniquet timeline verify FILE [--evidence DIR] [--json]` to
 * `program`; returns the `timeline` command so other timeline subcommands can be added to it. Usage errors of
 * these commands exit with {@link EXIT_USAGE}.
 */
export function registerTimelineCommands(program: Command): Command {
  const timeline = program
    .command('timeline')
    .description(
      'Reconstruct timelines from audit exports, and verify timelines and incident logs as evidence.',
    )
    .exitOverride((err: CommanderError) => {
      process.exit(err.exitCode === 0 ? 0 : EXIT_USAGE);
    });

  timeline
    .command('build')
    .description(
      'Build a hash-chained timeline from audit exports (EventLogFile CSV, RTEM, SetupAuditTrail, LoginHistory, incident logs, mapped exports).',
    )
    .argument('<input...>', 'input files or folders')
    .requiredOption('--out <file>', 'timeline JSON to write')
    .option('--ndjson <file>', 'also write one event per line here')
    .option('--csv <file>', 'also write a CSV export here')
    .option('--rejects <file>', 'rejected records, one JSON object per line (default: <out>.rejects.ndjson)')
    .option('--format <fmt>', `format of every input (default: detect each): ${SOURCE_FORMATS.join(', ')}`)
    .option('--mapping <file>', 'field mapping (JSON) for generic NDJSON/CSV inputs')
    .option('--tz <±HH:MM>', 'UTC offset for timestamps without a zone (Setup UI downloads), e.g. -05:00')
    .option(
      '--skew <source=±ms>',
      'clock offset of a source in ms (repeatable), e.g. LoginHistory=-1200',
      collect,
    )
    .option(
      '--from <iso>',
      'keep events at or after this instant (skew-corrected), e.g. 2026-03-10T18:00:00Z',
    )
    .option('--to <iso>', 'keep events at or before this instant (skew-corrected)')
    .option('--user <id-or-username>', 'keep only events of this user (repeatable)', collect)
    .option(
      '--suspicious-ip <cidr>',
      'IP or IPv4 CIDR that marks first suspicious access (repeatable)',
      collect,
    )
    .option('--evidence-dir <dir>', 'folder holding every input; manifest paths are relative to it')
    .option('--tmp-dir <dir>', 'where the external sort spills (default: the system temp folder)')
    .option('--progress', 'report progress on standard error even when it is not a terminal')
    .option('--json', 'print the summary as one JSON object')
    .addHelpText('after', BUILD_HELP)
    .action(async (inputs: string[], raw: Omit<RawBuildOptions, 'inputs'>) => {
      await guarded(async () => {
        const opts = parseBuildOptions({ ...raw, inputs });
        const report = await runTimelineBuild(opts);
        print(opts.json ? JSON.stringify(report) : formatBuildReport(report));
        if (report.rejects)
          process.stderr.write(
            `tourniquet: warning: ${plural(report.rejects, 'record')} rejected (not in the timeline); see ${report.rejectsFile}\n`,
          );
      });
    });

  timeline
    .command('verify')
    .description(
      'Recompute the hash chain of a timeline or an exported incident log; exit 1 naming the first broken event.',
    )
    .argument('<file>', 'timeline JSON or incident-log export')
    .option('--evidence <dir>', 'also re-hash the evidence files of the timeline manifest under this folder')
    .option('--json', 'print the verdict as JSON')
    .addHelpText('after', VERIFY_HELP)
    .action(async (file: string, opts: { evidence?: string; json?: boolean }) => {
      await guarded(async () => {
        const { ok, line, report } = await runTimelineVerify(file, opts);
        print(opts.json ? JSON.stringify(report) : line);
        process.exitCode = ok ? 0 : EXIT_BROKEN;
      });
    });

  return timeline;
}
