import type { CanonicalEvent } from '../../domain/timeline/event';
import { PRECISION_MS } from '../../domain/timeline/event';
import {
  maxSkew,
  Reconstructor,
  skewCorrector,
  type MarkerOptions,
  type ReconstructSummary,
  type SkewedEvent,
  type SkewOffsets,
  type TimelineEvent,
} from '../../domain/timeline/reconstruct';
import type { EvidenceManifest } from './evidence';
import { externalSortBatches } from './external-sort';
import { nodeLinkHasher } from './link-hash';
import { writeTimeline, type TimelineSourceSummary } from './writer';

/** One input of {@link buildTimeline}. */
export interface TimelineInput {
  /** Source name as listed in the timeline (e.g. `EventLogFile`, `LoginHistory`). */
  name: string;
  /** The evidence file it was parsed from (as named in the manifest). */
  file: string;
  events: AsyncIterable<CanonicalEvent> | Iterable<CanonicalEvent>;
  /** Records the parser rejected (read after the events are consumed). */
  rejects?: () => number;
}

/** Options of {@link buildTimeline}. */
export interface BuildTimelineOptions {
  /** Timeline JSON path. */
  out: string;
  ndjson?: string;
  csv?: string;
  /** Spill directory for the external sort. */
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
}

/** What {@link buildTimeline} produced. */
export interface BuildTimelineSummary {
  /** Events read per input name (before deduplication). */
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

/**
 * Builds a timeline: reads every input, corrects skew, sorts everything together (external sort, bounded memory),
 * dedupes, stitches sessions, derives markers, chains and writes. Skew is applied before sorting, because the
 * corrected time is the sort key.
 */
export async function buildTimeline(
  inputs: readonly TimelineInput[],
  options: BuildTimelineOptions,
): Promise<BuildTimelineSummary> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const counts: Record<string, number> = {};
  const perInput = inputs.map(() => 0);
  const correct = skewCorrector(options.skew);
  async function* all(): AsyncGenerator<SkewedEvent> {
    for (let i = 0; i < inputs.length; i++) {
      let n = 0;
      for await (const e of inputs[i].events) {
        n++;
        yield correct(e);
      }
      perInput[i] = n;
      counts[inputs[i].name] = (counts[inputs[i].name] ?? 0) + n;
    }
  }
  const rejects: Record<string, number> = {};
  const sources = (): TimelineSourceSummary[] =>
    inputs.map((input, i) => {
      const r = input.rejects?.() ?? 0;
      rejects[input.name] = (rejects[input.name] ?? 0) + r;
      return {
        name: input.name,
        file: input.file,
        sha256: options.manifest.files.find((f) => f.path === input.file)?.sha256 ?? null,
        events: perInput[i],
        rejects: r,
      };
    });
  const reconstructor = new Reconstructor({
    priority: options.priority,
    markers: options.markers,
    sessionIdleHours: options.sessionIdleHours,
    dedupeWindowMs: PRECISION_MS.min,
    hasher: nodeLinkHasher,
  });
  let summary: ReconstructSummary | undefined;
  async function* timeline(): AsyncGenerator<TimelineEvent[]> {
    for await (const batch of externalSortBatches(all(), {
      tmpDir: options.tmpDir,
      runSize: options.runSize,
      priority: options.priority,
    })) {
      const out = reconstructor.push(batch);
      if (out.length) yield out;
    }
    const end = reconstructor.finish();
    summary = end.summary;
    if (end.events.length) yield end.events;
  }
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
