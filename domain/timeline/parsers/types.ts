import type { CanonicalEvent, RejectedRecord } from '../event';

/** The input formats the source parsers understand. */
export type SourceFormat =
  | 'eventlogfile-csv'
  | 'rtem-json'
  | 'setup-audit-trail-json'
  | 'login-history-json'
  | 'setup-audit-trail-csv'
  | 'login-history-csv'
  | 'incident-log-json'
  | 'generic-ndjson'
  | 'generic-csv';

/** Every {@link SourceFormat}, in the order detection tries them. */
export const SOURCE_FORMATS: readonly SourceFormat[] = [
  'incident-log-json',
  'rtem-json',
  'setup-audit-trail-json',
  'login-history-json',
  'eventlogfile-csv',
  'setup-audit-trail-csv',
  'login-history-csv',
  'generic-ndjson',
  'generic-csv',
];

/** One item out of a source parser: an event, or a record that could not be parsed (never dropped silently). */
export type ParsedItem =
  { kind: 'event'; event: CanonicalEvent } | { kind: 'reject'; reject: RejectedRecord };

/** SHA-256 (lower-case hex) of a record's text, as UTF-8: the `rawHash` of its event. */
export type TextHasher = (text: string) => string;

/** Where a record sits in its file, and its original text (hashed into `rawHash`). */
export interface RecordContext {
  file: string;
  /** 1-based physical line where the record starts. */
  line: number;
  /** `CanonicalEvent.position`: start line for CSV/NDJSON, element index + 1 for JSON arrays. */
  position: number;
  /** The record's text exactly as in the file (without the line terminator that ends it). */
  text: string;
  /** Computes `rawHash` from `text` (see `ParseSourceOptions.hashText`). */
  hashText: TextHasher;
}

/** Longest reject text kept (see `RejectedRecord.text`). */
export const REJECT_TEXT_MAX = 2_000;

/** Builds a reject item, truncating the offending text. */
export function rejectItem(file: string, line: number, reason: string, text: string): ParsedItem {
  return {
    kind: 'reject',
    reject: {
      file,
      line,
      reason,
      text: text.length > REJECT_TEXT_MAX ? text.slice(0, REJECT_TEXT_MAX) : text,
    },
  };
}
