import { GENESIS_HASH } from '../../domain/hash-chain';
import {
  timelineEventJson,
  type RenderedEvents,
  type TimelineEvent,
} from '../../domain/timeline/reconstruct';
import { csvHeader, csvRow } from './csv';
import type { EvidenceManifest } from './evidence';
import { EVENTS_CLOSE, EVENTS_OPEN, HEADER_PREFIX } from './format';
import { ChunkedWriter } from './lines';

/** One input source as listed in the timeline. */
export interface TimelineSourceSummary {
  name: string;
  file: string;
  /** SHA-256 of the file from the evidence manifest (null when it is not in the manifest). */
  sha256: string | null;
  /** Events read from it (before deduplication). */
  events: number;
  rejects: number;
}

/** JSON-compatible statistics written at the end of the timeline. */
export type TimelineStats = Record<string, string | number | boolean | null | object>;

/** Options of {@link writeTimeline}. */
export interface WriteTimelineOptions {
  /** Path of the timeline JSON. */
  out: string;
  /** Also write one event per line here. */
  ndjson?: string;
  /** Also write a CSV export here (formula-injection safe). */
  csv?: string;
  /** The sources; a function is called once the first event arrives (when sorting has read every input). */
  sources: readonly TimelineSourceSummary[] | (() => readonly TimelineSourceSummary[]);
  manifest: EvidenceManifest;
  /** Statistics; a function is called after the last event. `events` and `rootHash` are added. */
  stats?: TimelineStats | (() => TimelineStats);
}

/** What {@link writeTimeline} wrote. */
export interface WriteTimelineResult {
  events: number;
  rootHash: string;
  bytes: number;
}

/** What {@link writeTimeline} takes: chained events, one at a time or in batches, optionally already rendered. */
export type TimelineWriteItem = TimelineEvent | readonly TimelineEvent[] | RenderedEvents;

/**
 * Streams timeline events (already chained) to the timeline JSON (see `format.ts` for the layout) and optionally
 * NDJSON and CSV. Memory stays bounded by the output buffers.
 */
export async function writeTimeline(
  events: AsyncIterable<TimelineWriteItem> | Iterable<TimelineWriteItem>,
  options: WriteTimelineOptions,
): Promise<WriteTimelineResult> {
  const out = await ChunkedWriter.open(options.out);
  const nd = options.ndjson ? await ChunkedWriter.open(options.ndjson) : undefined;
  const csv = options.csv ? await ChunkedWriter.open(options.csv) : undefined;
  let count = 0;
  let rootHash = GENESIS_HASH;
  let headerDone = false;
  const header = async (): Promise<void> => {
    headerDone = true;
    const sources = typeof options.sources === 'function' ? options.sources() : options.sources;
    await out.write(
      `${HEADER_PREFIX}${GENESIS_HASH}",\n"sources":${JSON.stringify(sources)},\n"manifest":${JSON.stringify(
        options.manifest,
      )},\n${EVENTS_OPEN}\n`,
    );
    if (csv) await csv.write(csvHeader());
  };
  try {
    for await (const item of events) {
      const rendered = 'lines' in item ? item : undefined;
      const batch = rendered
        ? rendered.events
        : Array.isArray(item)
          ? (item as readonly TimelineEvent[])
          : [item as TimelineEvent];
      if (!batch.length) continue;
      if (!headerDone) await header();
      let text = '';
      let ndText = '';
      let csvText = '';
      for (let i = 0; i < batch.length; i++) {
        const e = batch[i];
        const line = rendered ? rendered.lines[i] : timelineEventJson(e);
        text += (count ? ',\n' : '') + line;
        if (nd) ndText += line + '\n';
        if (csv) csvText += csvRow(e);
        count++;
        rootHash = e.hash;
      }
      await out.write(text);
      if (nd) await nd.write(ndText);
      if (csv) await csv.write(csvText);
    }
    if (!headerDone) await header();
    const stats = typeof options.stats === 'function' ? options.stats() : (options.stats ?? {});
    await out.write(
      `${count ? '\n' : ''}${EVENTS_CLOSE}\n"stats":${JSON.stringify({ ...stats, events: count, rootHash })}}\n`,
    );
    await out.writeAt(Buffer.byteLength(HEADER_PREFIX), rootHash);
    await Promise.all([nd?.drain(), csv?.drain()]);
    return { events: count, rootHash, bytes: out.bytes };
  } finally {
    await Promise.all([out.close(), nd?.close(), csv?.close()]);
  }
}
