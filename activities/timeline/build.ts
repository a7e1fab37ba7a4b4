import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CanonicalEvent } from '../../domain/timeline/event';
import { PRECISION_MS } from '../../domain/timeline/event';
import type { EventFilterSpec } from '../../domain/timeline/filter';
import {
  eventComparator,
  maxSkew,
  Reconstructor,
  type MarkerOptions,
  type ReconstructSummary,
  type RenderedEvents,
  type SkewedEvent,
  type SkewOffsets,
} from '../../domain/timeline/reconstruct';
import type { EvidenceManifest } from './evidence';
import { DEFAULT_BATCH_SIZE, DEFAULT_RUN_SIZE, mergeRunFiles, SortedRunWriter } from './external-sort';
import { nodeLinkHasher } from './link-hash';
import type { FileParseStats } from './parse-protocol';
import { parseFilesToRuns, type ParseProgress } from './parse-pool';
import { sortableEventMaker } from './sortable';
import type { RejectsFile, SourceFileSpec } from './sources';
import { SPILL_CODEC } from './spill-codec';
import { writeTimeline, type TimelineSourceSummary } from './writer';

/** One in-memory (or streamed) input of {@link buildTimeline}. */
export interface TimelineInput {
  /** Source name as listed in the timeline (e.g. `EventLogFile`, `LoginHistory`). */
  name: string;
  /** The evidence file it was parsed from (as named in the manifest). */
  file: string;
  events: AsyncIterable<CanonicalEvent> | Iterable<CanonicalEvent>;
  /** Records the parser rejected (read after the events are consumed). */
  rejects?: () => number;
}

/** Options of {@link buildTimeline} and {@link buildTimelineFromFiles}. */
export interface BuildTimelineOptions {
  /** Timeline JSON path. */
  out: string;
  ndjson?: string;
  csv?: string;
  /** Where the external sort spills (a private folder is made inside and removed at the end). */
  tmpDir: string;
  /** Events per sort run (default 100,000). */
  runSize?: number;
  manifest: EvidenceManifest;
  skew?: SkewOffsets;
  priority?: readonly string[];
  markers?: MarkerOptions;
  sessionIdleHours?: number;
  /** Clock for the duration (default `performance.now`). */
  now?: () => number;
  /** Called after each merged batch with the events merged so far (a progress line, an activity heartbeat). */
  onMerged?: (events: number) => void;
}

/** What a build produced. */
export interface BuildTimelineSummary {
  /** Events kept per input name (after filters, before deduplication). */
  eventsPerSource: Record<string, number>;
  /** Rejected records per input name. */
  rejects: Record<string, number>;
  /** Events in the timeline (after deduplication). */
  events: number;
  duplicatesMerged: number;
  /** Corrected time span as ISO 8601 UTC (null when empty). */
  timeSpan: { from: string; to: string } | null;
  markers: ReconstructSummary['markers'];
  rootHash: string;
  ms: number;
}

/** Sorted events, however the sort was done. */
type SortedBatches = AsyncIterable<SkewedEvent[]> | Iterable<SkewedEvent[]>;

/** Per-input figures the timeline lists: how many events each kept, how many records it rejected. */
interface InputTally {
  name: string;
  file: string;
  events: number;
  rejects: number;
}

/**
 * The second half of every build: dedupe, sessions, markers and the hash chain over the sorted events, written
 * as the timeline (and its NDJSON/CSV exports). `inputs` is read once the first event arrives (after sorting).
 */
async function reconstructAndWrite(
  sorted: SortedBatches,
  inputs: () => InputTally[],
  options: BuildTimelineOptions,
  started: number,
): Promise<BuildTimelineSummary> {
  const now = options.now ?? (() => performance.now());
  const reconstructor = new Reconstructor({
    priority: options.priority,
    markers: options.markers,
    sessionIdleHours: options.sessionIdleHours,
    dedupeWindowMs: PRECISION_MS.min,
    hasher: nodeLinkHasher,
  });
  let summary: ReconstructSummary | undefined;
  let merged = 0;
  async function* timeline(): AsyncGenerator<RenderedEvents> {
    for await (const batch of sorted) {
      const out = reconstructor.pushRendered(batch);
      merged += batch.length;
      options.onMerged?.(merged);
      if (out.events.length) yield out;
    }
    const end = reconstructor.finishRendered();
    summary = end.summary;
    if (end.rendered.events.length) yield end.rendered;
  }
  const counts: Record<string, number> = {};
  const rejects: Record<string, number> = {};
  const sources = (): TimelineSourceSummary[] =>
    inputs().map((input) => {
      counts[input.name] = (counts[input.name] ?? 0) + input.events;
      rejects[input.name] = (rejects[input.name] ?? 0) + input.rejects;
      return {
        name: input.name,
        file: input.file,
        sha256: options.manifest.files.find((f) => f.path === input.file)?.sha256 ?? null,
        events: input.events,
        rejects: input.rejects,
      };
    });
  const written = await writeTimeline(timeline(), {
    out: options.out,
    ndjson: options.ndjson,
    csv: options.csv,
    sources,
    manifest: options.manifest,
    stats: () => ({
      eventsPerSource: counts,
      rejects,
      duplicatesMerged: summary?.duplicatesMerged ?? 0,
      markers: summary?.markers ?? {},
      timeSpan: summary?.timeSpan ?? null,
      maxSkewMs: maxSkew(options.skew),
    }),
  });
  const span = summary?.timeSpan;
  return {
    eventsPerSource: counts,
    rejects,
    events: written.events,
    duplicatesMerged: summary?.duplicatesMerged ?? 0,
    timeSpan: span ? { from: new Date(span.from).toISOString(), to: new Date(span.to).toISOString() } : null,
    markers: summary?.markers ?? {},
    rootHash: written.rootHash,
    ms: Math.round(now() - started),
  };
}

function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/**
 * Builds a timeline from inputs given as event streams, on this thread: reads every input, corrects skew, sorts
 * everything together (external sort, bounded memory), then dedupes, stitches sessions, derives markers, chains
 * and writes. Skew is applied before sorting, because the corrected time is the sort key. For input files, use
 * {@link buildTimelineFromFiles}, which parses on every core.
 */
export async function buildTimeline(
  inputs: readonly TimelineInput[],
  options: BuildTimelineOptions,
): Promise<BuildTimelineSummary> {
  const started = (options.now ?? (() => performance.now()))();
  const work = await mkdtemp(join(options.tmpDir, 'tourniquet-build-'));
  try {
    const compare = eventComparator(options.priority);
    const writer = new SortedRunWriter<SkewedEvent>({
      tmpDir: work,
      runSize: options.runSize ?? DEFAULT_RUN_SIZE,
      compare,
      codec: SPILL_CODEC,
    });
    const sortable = sortableEventMaker(options.skew);
    const kept = inputs.map(() => 0);
    for (let i = 0; i < inputs.length; i++) {
      for await (const e of inputs[i].events) {
        kept[i]++;
        if (writer.push(sortable(e))) await writer.spill();
      }
    }
    const result = await writer.finish();
    const sorted =
      'sorted' in result
        ? chunks(result.sorted, DEFAULT_BATCH_SIZE)
        : mergeRunFiles(result.runs, { compare, codec: SPILL_CODEC, scratchDir: work });
    return await reconstructAndWrite(
      sorted,
      () =>
        inputs.map((input, i) => ({
          name: input.name,
          file: input.file,
          events: kept[i],
          rejects: input.rejects?.() ?? 0,
        })),
      options,
      started,
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Options of {@link buildTimelineFromFiles}. */
export interface BuildFromFilesOptions extends BuildTimelineOptions {
  /** Where records that cannot be parsed go (never dropped). */
  rejects: RejectsFile;
  /** Events to keep (corrected time, users); the rest are counted as filtered out. */
  filter?: EventFilterSpec;
  /** Minutes east of UTC for timestamps without a zone (Setup UI downloads). */
  defaultZoneOffsetMinutes?: number;
  /** Parse workers (default: one per core). */
  threads?: number;
  /** Parse progress, for a progress bar or an activity heartbeat. */
  onProgress?: (progress: ParseProgress) => void;
  /** Called once parsing is done and the merge begins. */
  onMerge?: () => void;
}

/** A build from files: the summary plus what each input yielded (in input order). */
export interface BuildFromFilesSummary extends BuildTimelineSummary {
  files: FileParseStats[];
}

/**
 * Builds a timeline from input files: worker threads parse, filter, correct skew and write sorted runs (one input
 * at a time each, largest first); this thread merges the runs and reconstructs and writes the timeline. Input
 * `file` names must be unique (they are the evidence names every event carries). Memory is bounded by the run
 * size per worker, whatever the input size.
 */
export async function buildTimelineFromFiles(
  files: ReadonlyArray<SourceFileSpec & { bytes: number }>,
  options: BuildFromFilesOptions,
): Promise<BuildFromFilesSummary> {
  const started = (options.now ?? (() => performance.now()))();
  const names = new Set<string>();
  for (const f of files) {
    if (names.has(f.file))
      throw new Error(
        `buildTimelineFromFiles: two inputs are named ${f.file}; every input needs its own name`,
      );
    names.add(f.file);
  }
  const work = await mkdtemp(join(options.tmpDir, 'tourniquet-build-'));
  try {
    const parsed = await parseFilesToRuns(files, {
      tmpDir: work,
      runSize: options.runSize ?? DEFAULT_RUN_SIZE,
      priority: options.priority,
      skew: options.skew ?? {},
      filter: options.filter ?? {},
      defaultZoneOffsetMinutes: options.defaultZoneOffsetMinutes,
      rejects: options.rejects,
      threads: options.threads,
      onProgress: options.onProgress,
    });
    options.onMerge?.();
    const sorted = mergeRunFiles(parsed.runs, {
      compare: eventComparator(options.priority),
      codec: SPILL_CODEC,
      scratchDir: work,
    });
    const summary = await reconstructAndWrite(
      sorted,
      () =>
        parsed.files.map((f) => ({
          name: f.name,
          file: files[f.index].file,
          events: f.read - f.filteredOut,
          rejects: options.rejects.countOf(files[f.index].file),
        })),
      options,
      started,
    );
    return { ...summary, files: parsed.files };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
