import { TimelineChainer, type LinkHasher } from './chain';
import { Deduplicator } from './dedupe';
import { MarkerDetector, type MarkerName, type MarkerOptions } from './markers';
import { timelinePayload } from './payload';
import { SessionStitcher } from './sessions';
import type { SkewedEvent, TimelineEvent } from './types';

/** Options of {@link Reconstructor}. */
export interface ReconstructOptions {
  /** Source priority of the total order (must match the sort). */
  priority?: readonly string[];
  /** Dedupe look-back window in ms (default one minute, the widest precision). */
  dedupeWindowMs?: number;
  /** Forget sessions idle for longer than this much event time (hours); default 12. */
  sessionIdleHours?: number;
  markers?: MarkerOptions;
  /** Link hasher (default pure JavaScript SHA-256). */
  hasher?: LinkHasher;
}

/** What reconstruction found, once finished. */
export interface ReconstructSummary {
  events: number;
  duplicatesMerged: number;
  /** First seq of each marker. */
  markers: Partial<Record<MarkerName, number>>;
  /** Corrected time span, epoch ms (null when there are no events). */
  timeSpan: { from: number; to: number } | null;
  rootHash: string;
}

/** Timeline events with their lines of the timeline file (canonical JSON), index for index. */
export interface RenderedEvents {
  events: TimelineEvent[];
  lines: string[];
}

/**
 * Streaming reconstruction over events already skew-corrected and sorted in the total order: dedupe → session
 * stitching → markers → seq and hash chain. Feed batches with {@link push} (or {@link pushRendered}, which also
 * returns each event's line of the timeline file, rendered once for hashing and writing), then call
 * {@link finish} (or {@link finishRendered}).
 */
export class Reconstructor {
  private readonly dedupe: Deduplicator;
  private readonly stitcher: SessionStitcher;
  private readonly detector: MarkerDetector;
  private readonly chainer: TimelineChainer;
  private seq = 0;
  private from: number | null = null;
  private to: number | null = null;
  private readonly firsts: Partial<Record<MarkerName, number>> = {};

  constructor(options: ReconstructOptions = {}) {
    this.dedupe = new Deduplicator({ priority: options.priority, windowMs: options.dedupeWindowMs });
    this.stitcher = new SessionStitcher({ idleHours: options.sessionIdleHours });
    this.detector = new MarkerDetector(options.markers);
    this.chainer = new TimelineChainer(options.hasher);
  }

  /** Feeds a sorted batch; returns the timeline events now final. */
  push(batch: readonly SkewedEvent[]): TimelineEvent[] {
    return this.emit(this.dedupe.push(batch)).events;
  }

  /** {@link push}, with each event's timeline line. */
  pushRendered(batch: readonly SkewedEvent[]): RenderedEvents {
    return this.emit(this.dedupe.push(batch));
  }

  /** Ends the stream: returns the remaining events and the summary. */
  finish(): { events: TimelineEvent[]; summary: ReconstructSummary } {
    const { rendered, summary } = this.finishRendered();
    return { events: rendered.events, summary };
  }

  /** {@link finish}, with each remaining event's timeline line. */
  finishRendered(): { rendered: RenderedEvents; summary: ReconstructSummary } {
    const rendered = this.emit(this.dedupe.flush());
    return {
      rendered,
      summary: {
        events: this.seq,
        duplicatesMerged: this.dedupe.merged,
        markers: { ...this.firsts },
        timeSpan: this.from === null || this.to === null ? null : { from: this.from, to: this.to },
        rootHash: this.chainer.lastHash,
      },
    };
  }

  private emit(batch: ReturnType<Deduplicator['push']>): RenderedEvents {
    const stitched = this.stitcher.push(batch);
    const events = new Array<TimelineEvent>(stitched.length);
    const lines = new Array<string>(stitched.length);
    for (let i = 0; i < stitched.length; i++) {
      const e = stitched[i];
      const seq = ++this.seq;
      const markers = this.detector.markersOf(e);
      for (const m of markers) this.firsts[m] ??= seq;
      if (this.from === null) this.from = e.ts;
      this.to = e.ts;
      const linked = this.chainer.linkWithLine(timelinePayload(e, seq, markers));
      events[i] = linked.event;
      lines[i] = linked.line;
    }
    return { events, lines };
  }
}

/** Reconstructs a whole sorted, skew-corrected array (convenience for tests and small inputs). */
export function reconstructAll(
  sorted: readonly SkewedEvent[],
  options: ReconstructOptions = {},
): { events: TimelineEvent[]; summary: ReconstructSummary } {
  const r = new Reconstructor(options);
  const head = r.push(sorted);
  const { events, summary } = r.finish();
  return { events: head.concat(events), summary };
}
