import type { CanonicalEvent, Precision } from '../event';

/** A canonical event after skew correction: `ts` is corrected, `sourceTs` is what the source stated. */
export interface SkewedEvent extends CanonicalEvent {
  /** UTC epoch milliseconds as the source stated it, before the skew offset was applied. */
  sourceTs: number;
}

/** Where one record of a (possibly merged) event came from. */
export interface SourceRef {
  source: string;
  file: string;
  position: number;
  rawHash: string;
}

/** An event after deduplication: one or more source records standing for one real event. */
export interface MergedEvent extends SkewedEvent {
  /** Every source record merged into this event, the primary (most precise) first. */
  sources: SourceRef[];
}

/** An event after session stitching. */
export interface StitchedEvent extends MergedEvent {
  /** The session this event belongs to (the login key when known, otherwise the session key). */
  sessionId?: string;
}

/** The hashed part of a timeline event: everything but `prevHash` and `hash`. */
export interface TimelinePayload {
  /** 1-based position in the timeline. */
  seq: number;
  /** Corrected UTC epoch milliseconds. */
  ts: number;
  /** UTC epoch milliseconds as the primary source stated it. */
  sourceTs: number;
  /** `ts` as ISO 8601 UTC with milliseconds. */
  time: string;
  precision: Precision;
  /** The primary source (the most precise one when records were merged). */
  source: string;
  file: string;
  position: number;
  rawHash: string;
  sources: SourceRef[];
  actor: { userId?: string; username?: string };
  action: string;
  target?: { object?: string; recordIds?: string[] };
  ip?: string;
  keys?: { session?: string; login?: string; request?: string };
  outcome?: string;
  sessionId?: string;
  /** Derived markers (`first-export`, `containment-action`, …); empty when none. */
  markers: string[];
}

/** One event of the written timeline: its payload plus its hash-chain link. */
export interface TimelineEvent extends TimelinePayload {
  prevHash: string;
  hash: string;
}
