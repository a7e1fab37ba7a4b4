/**
 * The canonical audit event every source parser produces, and the timeline event reconstruction emits.
 * Times are UTC epoch milliseconds; the source clock's precision is recorded, never silently rounded.
 */

/** How precise the source's clock is: milliseconds, whole seconds, whole minutes. */
export type Precision = 'ms' | 's' | 'min';

/** Milliseconds per unit of each precision (the width of the window a coarse timestamp stands for). */
export const PRECISION_MS: Record<Precision, number> = { ms: 1, s: 1_000, min: 60_000 };

/** A raw record as read: field name → value. */
export type RawRecord = Record<string, string | number | boolean | null>;

/** One event as a source recorded it. */
export interface CanonicalEvent {
  /** UTC epoch milliseconds as the source stated it (skew offsets are applied later, in reconstruction). */
  ts: number;
  precision: Precision;
  /** Source name: `EventLogFile:<EventType>`, `RTEM:<Object>`, `SetupAuditTrail`, `LoginHistory`, `incident-log`, `generic:<name>`. */
  source: string;
  /** The input file it came from (as named in the evidence manifest). */
  file: string;
  /** 1-based position of the record in the file (data line for CSV/NDJSON, array index + 1 for JSON). */
  position: number;
  /** Who: 18-character user id when known, and/or username. */
  actor: { userId?: string; username?: string };
  /** What: the event type or action (e.g. `ReportExport`, `Login`, `PermSetAssign`, `approved`). */
  action: string;
  /** On what: object type and record ids, when the source says. */
  target?: { object?: string; recordIds?: string[] };
  /** Client IP, when the source says. */
  ip?: string;
  /** Correlation keys: session, login and request keys, when the source has them. */
  keys?: { session?: string; login?: string; request?: string };
  /** Success/failure or the source's status text. */
  outcome?: string;
  /** The record exactly as parsed (no PHI is added; sources may contain what they contain). */
  raw: RawRecord;
  /** SHA-256 (hex) of the record's original text (the CSV line, the JSON object text). */
  rawHash: string;
}

/** A record that could not be parsed: never dropped silently. */
export interface RejectedRecord {
  file: string;
  /** 1-based line number in the file. */
  line: number;
  reason: string;
  /** The offending text (truncated to 2,000 characters). */
  text: string;
}
