/** `timeline build`: hash the evidence, parse on every core, reconstruct and write; report what was done. */
import * as fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  buildTimelineFromFiles,
  EVENTS_OPEN,
  hashEvidence,
  RejectsFile,
  type BuildTimelineSummary,
  type EvidenceManifest,
} from '../../activities/timeline';
import { readLineBatches } from '../../activities/timeline/lines';
import type { SourceFormat } from '../../domain/timeline/parsers';
import { skewResolver, type SkewOffsets } from '../../domain/timeline/reconstruct';
import type { BuildOptions } from './build-options';
import { commonDir, insideDir, loadMapping, planFormats, resolveInputs, type SkippedFile } from './inputs';
import { BuildProgress } from './progress';
import { errnoText, n, TimelineUsageError } from './usage';

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

/** Runs `timeline build`: hashes the evidence, parses, filters, reconstructs and writes; returns the report. */
export async function runTimelineBuild(opts: BuildOptions): Promise<BuildReport> {
  const started = performance.now();
  const tty = process.stderr.isTTY === true;
  const progress = new BuildProgress(!!opts.progress || tty, tty);
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
    progress.line(
      `reading ${files.length} input${files.length === 1 ? '' : 's'} (${n(manifest.files.reduce((s, f) => s + f.bytes, 0))} bytes)…`,
    );
    const summary = await buildTimelineFromFiles(
      files.map((f, i) => ({
        path: f.abs,
        file: names[i],
        bytes: f.bytes,
        ...(formats[i].explicit ? { format: formats[i].format } : {}),
        ...(formats[i].mapping ? { mapping: formats[i].mapping } : {}),
      })),
      {
        out: opts.out,
        ndjson: opts.ndjson,
        csv: opts.csv,
        tmpDir,
        manifest,
        rejects,
        skew: opts.skew,
        filter: { from: opts.from, to: opts.to, users: opts.user },
        defaultZoneOffsetMinutes: opts.tz,
        markers: opts.suspiciousIp.length ? { suspiciousIps: opts.suspiciousIp } : undefined,
        onProgress: (p) => progress.parse(p),
        onMerged: (events) => progress.merged(events),
        onMerge: () => progress.line('parsed; merging, reconstructing and writing the timeline…'),
      },
    );
    await rejects.close();
    const markerSeqs = new Set(Object.values(summary.markers).filter((s): s is number => s !== undefined));
    const times = await eventTimes(opts.out, markerSeqs);
    const markers: BuildReport['markers'] = {};
    for (const [name, seq] of Object.entries(summary.markers))
      if (seq !== undefined) markers[name] = { seq, time: times.get(seq) ?? '' };
    const seenSources = new Set(summary.files.flatMap((f) => f.sources));
    const resolve = Object.keys(opts.skew).map((key) => [key, skewResolver({ [key]: 1 })] as const);
    const unusedSkew = resolve.filter(([, r]) => ![...seenSources].some((s) => r(s) !== 0)).map(([k]) => k);
    const eventsRead = summary.files.reduce((total, f) => total + f.read, 0);
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
        source: summary.files[i].sources.length ? summary.files[i].name : '',
        bytes: manifest.files[i].bytes,
        sha256: manifest.files[i].sha256,
        eventsRead: summary.files[i].read,
        filteredOut: summary.files[i].filteredOut,
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
      filteredOut: summary.files.reduce((total, f) => total + f.filteredOut, 0),
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
    progress.clear();
    await rejects.close().catch(() => undefined);
    await rm(tmpDir, { recursive: true, force: true });
  }
}
