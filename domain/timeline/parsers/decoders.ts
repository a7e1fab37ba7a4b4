/**
 * Decoders: one per input syntax (CSV, JSON array/container, NDJSON), each pushing text chunks through a
 * streaming reader and mapping one record at a time with a format's mapper.
 */
import type { RawRecord } from '../event';
import { CsvReader } from './csv-reader';
import { SourceFormatError } from './errors';
import type { CsvRowMapper } from './eventlogfile';
import { JsonArrayScanner } from './json-array-scanner';
import type { JsonRecordMapper } from './json-record';
import { LineReader } from './line-reader';
import { parseJsonObject, recordReject } from './record-helpers';
import { rejectItem, type ParsedItem, type TextHasher } from './types';
import type { JsonShape } from './detect';

/** A streaming decoder: push chunks, pull items until `undefined`, then `end()` and pull the rest. */
export interface Decoder {
  push(chunk: string): void;
  end(): void;
  next(): ParsedItem | undefined;
}

/** CSV: the first record is the header, from which `makeMapper` builds the row mapper. */
export class CsvDecoder implements Decoder {
  private readonly reader: CsvReader;
  private mapper: CsvRowMapper | undefined;

  constructor(
    private readonly file: string,
    private readonly makeMapper: (header: string[]) => CsvRowMapper,
    private readonly hashText: TextHasher,
    maxRecordChars?: number,
  ) {
    this.reader = new CsvReader({ maxRecordChars });
  }

  push(chunk: string): void {
    this.reader.push(chunk);
  }

  end(): void {
    this.reader.end();
  }

  next(): ParsedItem | undefined {
    for (;;) {
      const row = this.reader.next();
      if (row === undefined) return undefined;
      if (this.mapper === undefined) {
        if (!row.ok)
          throw new SourceFormatError(`${this.file}:${row.line}: the CSV header is malformed: ${row.reason}`);
        this.mapper = this.makeMapper(row.fields);
        this.reader.expectedFields = row.fields.length;
        continue;
      }
      if (!row.ok) return rejectItem(this.file, row.line, row.reason, row.text);
      return this.mapper(row.fields, {
        file: this.file,
        line: row.line,
        position: row.line,
        text: row.text,
        hashText: this.hashText,
      });
    }
  }
}

/** Row mapper over header-keyed records, for mappers that take a {@link RawRecord}. */
export function rawRowMapper(
  header: readonly string[],
  map: (raw: RawRecord, ctx: Parameters<CsvRowMapper>[1]) => ParsedItem,
): CsvRowMapper {
  const names = header.map((h) => h.trim());
  return (fields, ctx) => {
    const raw: RawRecord = {};
    for (let i = 0; i < names.length; i++) raw[names[i]] = fields[i];
    return map(raw, ctx);
  };
}

/** JSON lines: each non-blank line is one record; position = its line number. */
export class NdjsonDecoder implements Decoder {
  private readonly reader: LineReader;

  constructor(
    private readonly file: string,
    private readonly mapper: JsonRecordMapper,
    private readonly hashText: TextHasher,
    private readonly maxLineChars: number = 16 << 20,
  ) {
    this.reader = new LineReader(maxLineChars);
  }

  push(chunk: string): void {
    this.reader.push(chunk);
  }

  end(): void {
    this.reader.end();
  }

  next(): ParsedItem | undefined {
    const line = this.reader.next();
    if (line === undefined) return undefined;
    if (line.tooLong) {
      return rejectItem(
        this.file,
        line.line,
        `line is longer than ${this.maxLineChars} characters`,
        line.text,
      );
    }
    const ctx = {
      file: this.file,
      line: line.line,
      position: line.line,
      text: line.text,
      hashText: this.hashText,
    };
    const record = parseJsonObject(line.text);
    return typeof record === 'string' ? recordReject(ctx, record) : this.mapper(record, ctx);
  }
}

/** A JSON array (top-level, or under `records`/`entries`): position = element index + 1. */
export class JsonArrayDecoder implements Decoder {
  private readonly scanner: JsonArrayScanner;
  private ended = false;
  private checked = false;

  constructor(
    private readonly file: string,
    private readonly mapper: JsonRecordMapper,
    keys: readonly string[],
    private readonly hashText: TextHasher,
    maxRecordChars?: number,
  ) {
    this.scanner = new JsonArrayScanner(keys, maxRecordChars);
  }

  push(chunk: string): void {
    this.scanner.push(chunk);
  }

  end(): void {
    this.ended = true;
    this.scanner.end();
  }

  next(): ParsedItem | undefined {
    const element = this.scanner.next();
    if (element === undefined) {
      if (this.ended && !this.checked) {
        this.checked = true;
        if (!this.scanner.foundArray) {
          throw new SourceFormatError(
            `${this.file}: no array of records found: expected a JSON array, or an object with a "records" or "entries" array`,
          );
        }
      }
      return undefined;
    }
    if (!element.ok) return rejectItem(this.file, element.line, element.reason, element.text);
    const ctx = {
      file: this.file,
      line: element.line,
      position: element.index + 1,
      text: element.text,
      hashText: this.hashText,
    };
    const record = parseJsonObject(element.text);
    return typeof record === 'string' ? recordReject(ctx, record) : this.mapper(record, ctx);
  }
}

/** The decoder for a JSON input of the given shape. */
export function jsonDecoder(
  shape: JsonShape,
  file: string,
  mapper: JsonRecordMapper,
  keys: readonly string[],
  hashText: TextHasher,
  maxRecordChars?: number,
): Decoder {
  return shape === 'ndjson'
    ? new NdjsonDecoder(file, mapper, hashText, maxRecordChars)
    : new JsonArrayDecoder(file, mapper, keys, hashText, maxRecordChars);
}
