/**
 * The entry point: streams text chunks of one input through the decoder for its format and yields one
 * {@link ParsedItem} at a time. Memory holds the detection head (64 KB, or up to 1 MiB to finish the first
 * line) at the start, then one record plus the latest chunk.
 */
import { CsvDecoder, jsonDecoder, rawRowMapper, type Decoder } from './decoders';
import { CONTAINER_KEYS, DETECT_HEAD_CHARS, detectFormat, jsonShape } from './detect';
import { SourceFormatError } from './errors';
import { eventLogFileRowMapper } from './eventlogfile';
import { genericRecordMapper, type GenericMapping } from './generic';
import { mapIncidentLogEntry } from './incident-log';
import { loginHistoryCsvMapper, mapLoginHistoryRecord } from './login-history';
import { flattenRecord } from './record-helpers';
import { mapRtemRecord } from './rtem';
import { mapSetupAuditTrailRecord, setupAuditTrailCsvMapper } from './setup-audit-trail';
import { sha256Hex } from '../../hash';
import type { ParsedItem, SourceFormat, TextHasher } from './types';

/** Options of {@link parseSource}. */
export interface ParseSourceOptions {
  /** The input's name as in the evidence manifest; goes into every event and reject. */
  file: string;
  /** Overrides detection (`--format`). */
  format?: SourceFormat;
  /** Field mapping for `generic-ndjson`/`generic-csv`; without `format`, implies the generic format it names. */
  mapping?: GenericMapping;
  /**
   * Offset (minutes east of UTC) for timestamps that carry no zone (`--tz`); without it such timestamps are
   * rejected. Used by the Setup UI CSV downloads and generic ISO times.
   */
  defaultZoneOffsetMinutes?: number;
  /** Longest record accepted, in characters (default 1 MiB for CSV, 16 MiB for JSON elements and lines). */
  maxRecordChars?: number;
  /**
   * How much text to read before detecting the format (default {@link DETECT_HEAD_CHARS}); reading always goes
   * on to the end of the first line (up to 1 MiB) so JSON-lines detection sees a whole record.
   */
  headChars?: number;
  /**
   * Computes each event's `rawHash`: SHA-256 (lower-case hex) of the record's text as UTF-8. Default: the pure
   * JavaScript `sha256Hex` (this module stays free of Node built-ins); Node callers pass a node:crypto one, which
   * gives the same hashes several times faster.
   */
  hashText?: TextHasher;
}

/** Most text read for detection while looking for the end of the first line. */
const MAX_HEAD_CHARS = 1 << 20;

function resolveFormat(head: string, options: ParseSourceOptions): SourceFormat {
  if (options.format) return options.format;
  if (options.mapping) return options.mapping.format === 'csv' ? 'generic-csv' : 'generic-ndjson';
  return detectFormat(head, options.file);
}

function requireMapping(options: ParseSourceOptions, format: SourceFormat): GenericMapping {
  if (!options.mapping) {
    throw new SourceFormatError(`${options.file}: format ${format} needs a field mapping (--mapping <file>)`);
  }
  return options.mapping;
}

function requireColumns(file: string, header: readonly string[], mapping: GenericMapping): void {
  const names = new Set(header.map((h) => h.trim()));
  if (!names.has(mapping.time.field)) {
    throw new SourceFormatError(
      `${file}: the mapping's time field "${mapping.time.field}" is not a column (found: ${[...names].join(', ')})`,
    );
  }
}

function createDecoder(format: SourceFormat, head: string, options: ParseSourceOptions): Decoder {
  const { file, defaultZoneOffsetMinutes: zone, maxRecordChars } = options;
  const hash = options.hashText ?? sha256Hex;
  switch (format) {
    case 'eventlogfile-csv':
      return new CsvDecoder(file, (header) => eventLogFileRowMapper(header, file), hash, maxRecordChars);
    case 'setup-audit-trail-csv':
      return new CsvDecoder(
        file,
        (header) => setupAuditTrailCsvMapper(header, file, zone),
        hash,
        maxRecordChars,
      );
    case 'login-history-csv':
      return new CsvDecoder(
        file,
        (header) => loginHistoryCsvMapper(header, file, zone),
        hash,
        maxRecordChars,
      );
    case 'generic-csv': {
      const mapping = requireMapping(options, format);
      const map = genericRecordMapper(mapping, zone);
      return new CsvDecoder(
        file,
        (header) => {
          requireColumns(file, header, mapping);
          return rawRowMapper(header, map);
        },
        hash,
        maxRecordChars,
      );
    }
    case 'generic-ndjson': {
      const map = genericRecordMapper(requireMapping(options, format), zone);
      return jsonDecoder(
        'ndjson',
        file,
        (record, ctx) => map(flattenRecord(record), ctx),
        CONTAINER_KEYS,
        hash,
        maxRecordChars,
      );
    }
    case 'rtem-json':
      return jsonDecoder(jsonShape(head), file, mapRtemRecord, ['records'], hash, maxRecordChars);
    case 'setup-audit-trail-json':
      return jsonDecoder(jsonShape(head), file, mapSetupAuditTrailRecord, ['records'], hash, maxRecordChars);
    case 'login-history-json':
      return jsonDecoder(jsonShape(head), file, mapLoginHistoryRecord, ['records'], hash, maxRecordChars);
    case 'incident-log-json':
      return jsonDecoder('container', file, mapIncidentLogEntry, ['entries'], hash, maxRecordChars);
  }
}

/** Every item the decoder has ready. */
function drain(decoder: Decoder): ParsedItem[] {
  const items: ParsedItem[] = [];
  for (let item = decoder.next(); item !== undefined; item = decoder.next()) items.push(item);
  return items;
}

/**
 * Parses one input, streamed as text chunks split anywhere, into canonical events and rejects, in file order,
 * one batch per chunk read (empty batches are skipped). Throws {@link SourceFormatError} only for whole-input
 * problems (unknown format, missing header columns, missing mapping); a bad record is yielded as a reject and
 * parsing continues.
 */
export async function* parseSourceBatches(
  input: AsyncIterable<string>,
  options: ParseSourceOptions,
): AsyncGenerator<ParsedItem[], void, undefined> {
  const iterator = input[Symbol.asyncIterator]();
  let done = false;
  try {
    const head: string[] = [];
    const wanted = options.headChars ?? DETECT_HEAD_CHARS;
    let headLength = 0;
    let sawNewline = false;
    while (headLength < wanted || (!sawNewline && headLength < MAX_HEAD_CHARS)) {
      const result = await iterator.next();
      if (result.done) {
        done = true;
        break;
      }
      head.push(result.value);
      headLength += result.value.length;
      sawNewline ||= result.value.includes('\n');
    }
    const headText = head.join('');
    if (done && headText.trim() === '' && options.format) return;
    const format = resolveFormat(headText, options);
    const decoder = createDecoder(format, headText, options);
    decoder.push(headText);
    let items = drain(decoder);
    if (items.length) yield items;
    while (!done) {
      const result = await iterator.next();
      if (result.done) {
        done = true;
        break;
      }
      decoder.push(result.value);
      items = drain(decoder);
      if (items.length) yield items;
    }
    decoder.end();
    items = drain(decoder);
    if (items.length) yield items;
  } finally {
    if (!done) await iterator.return?.();
  }
}

/** {@link parseSourceBatches}, one item at a time. */
export async function* parseSource(
  input: AsyncIterable<string>,
  options: ParseSourceOptions,
): AsyncGenerator<ParsedItem, void, undefined> {
  for await (const items of parseSourceBatches(input, options)) yield* items;
}
