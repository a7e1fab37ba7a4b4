/**
 * A push-based RFC 4180 CSV record reader: quoted fields, doubled quotes, embedded commas and newlines, CRLF
 * or LF, an optional UTF-8 BOM. It holds at most one incomplete record plus the latest chunk, and scans with
 * `indexOf` and `slice` (no per-character concatenation), because EventLogFile inputs run to millions of rows.
 */

/** A record read from CSV text, or why the text at `line` is not a record. */
export type CsvRow =
  | { ok: true; fields: string[]; line: number; text: string }
  | { ok: false; reason: string; line: number; text: string };

/** Options of {@link CsvReader}. */
export interface CsvReaderOptions {
  /** A record longer than this (in UTF-16 code units) is rejected; bounds memory on a stray quote. */
  maxRecordChars?: number;
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;
/** Returned by the record parser when the buffer ends inside the record and more input may follow. */
const NEED_MORE = 0;

/** Default {@link CsvReaderOptions.maxRecordChars}: 1 MiB of text. */
export const DEFAULT_MAX_RECORD_CHARS = 1 << 20;

/**
 * Push chunks with {@link CsvReader.push}, call {@link CsvReader.end} after the last one, and pull records
 * with {@link CsvReader.next} until it returns `undefined` (needs more input, or finished after `end`).
 * Blank lines are skipped. Line numbers are 1-based physical lines where each record starts. A malformed
 * record spanning several lines (an unterminated quote, text after a closing quote) is rejected as its first
 * line only, and reading resumes on the next line, so one stray quote cannot swallow the rest of the file.
 */
export class CsvReader {
  /** Set after reading the header to reject records with a different number of fields (0: any). */
  expectedFields = 0;
  private buf = '';
  private pos = 0;
  private line = 1;
  private ended = false;
  private started = false;
  /** Cached index of the next `"` at or after `pos` (-1: none before `quoteScanned`). */
  private quoteAt = -1;
  private quoteScanned = 0;
  private readonly maxRecordChars: number;
  // Results of the last slow-path parse (kept on the instance to avoid allocating a result object).
  private parsedNext = 0;
  private parsedEnd = 0;
  private parseError = '';
  /** After rejecting an over-long line whose end has not arrived yet: drop text up to the next newline. */
  private skipping = false;

  constructor(options: CsvReaderOptions = {}) {
    this.maxRecordChars = options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
  }

  /** Appends a chunk of text (split anywhere). */
  push(chunk: string): void {
    if (!this.started) {
      if (chunk.length === 0) return;
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    if (this.pos > 0) {
      const drop = this.pos;
      this.buf = this.buf.slice(drop) + chunk;
      this.pos = 0;
      this.quoteAt = this.quoteAt >= drop ? this.quoteAt - drop : -1;
      this.quoteScanned = Math.max(0, this.quoteScanned - drop);
    } else {
      this.buf += chunk;
    }
  }

  /** Marks the end of input: the last record may lack a line terminator. */
  end(): void {
    this.ended = true;
  }

  /** The next record, or `undefined` when more input is needed (or, after {@link end}, when done). */
  next(): CsvRow | undefined {
    const buf = this.buf;
    for (;;) {
      if (this.skipping) {
        const nl = buf.indexOf('\n', this.pos);
        if (nl === -1) {
          this.pos = buf.length;
          return undefined;
        }
        this.skipping = false;
        this.pos = nl + 1;
        this.line++;
      }
      const pos = this.pos;
      if (pos >= buf.length) return undefined;
      const nl = buf.indexOf('\n', pos);
      if (nl === -1 && !this.ended) {
        if (buf.length - pos > this.maxRecordChars)
          return this.rejectFirstLine(
            `record is longer than the size limit (${this.maxRecordChars} characters)`,
          );
        return undefined;
      }
      const lineEnd = nl === -1 ? buf.length : nl;
      const quote = this.nextQuote(pos);
      if (quote === -1 || quote > lineEnd) {
        // Fast path: a line without quotes is one record.
        let end = lineEnd;
        if (end > pos && buf.charCodeAt(end - 1) === CR) end--;
        const startLine = this.line;
        this.line++;
        this.pos = nl === -1 ? buf.length : nl + 1;
        if (end === pos) continue; // blank line
        const text = buf.slice(pos, end);
        const fields = text.split(',');
        if (this.expectedFields !== 0 && fields.length !== this.expectedFields) {
          return { ok: false, reason: this.countReason(fields.length), line: startLine, text };
        }
        return { ok: true, fields, line: startLine, text };
      }
      const fields: string[] = [];
      const status = this.parseQuoted(pos, fields);
      if (status === NEED_MORE) {
        if (buf.length - pos > this.maxRecordChars) {
          return this.rejectFirstLine(
            `quoted field is not closed within the size limit (${this.maxRecordChars} characters)`,
          );
        }
        return undefined;
      }
      const next = this.parsedNext;
      const end = this.parsedEnd;
      const spanned = this.countLines(pos, end);
      if (this.parseError !== '') {
        if (spanned > 1) return this.rejectFirstLine(this.parseError);
        return this.consume(next, spanned, { ok: false, reason: this.parseError, line: 0, text: '' }, end);
      }
      if (end === pos) {
        this.pos = next;
        this.line += spanned;
        continue;
      }
      if (this.expectedFields !== 0 && fields.length !== this.expectedFields) {
        return this.consume(
          next,
          spanned,
          { ok: false, reason: this.countReason(fields.length), line: 0, text: '' },
          end,
        );
      }
      return this.consume(next, spanned, { ok: true, fields, line: 0, text: '' }, end);
    }
  }

  private consume(next: number, spanned: number, row: CsvRow, end: number): CsvRow {
    row.line = this.line;
    row.text = this.buf.slice(this.pos, end);
    this.pos = next;
    this.line += spanned;
    return row;
  }

  private countReason(actual: number): string {
    return `wrong number of fields: expected ${this.expectedFields} (as in the header), found ${actual}`;
  }

  /** Rejects the physical line at `pos` and resumes after it. */
  private rejectFirstLine(reason: string): CsvRow {
    const buf = this.buf;
    const pos = this.pos;
    const nl = buf.indexOf('\n', pos);
    let end = nl === -1 ? buf.length : nl;
    if (end > pos && buf.charCodeAt(end - 1) === CR) end--;
    const row: CsvRow = { ok: false, reason, line: this.line, text: buf.slice(pos, end) };
    if (nl === -1 && !this.ended) {
      this.skipping = true;
      this.pos = buf.length;
      return row;
    }
    this.pos = nl === -1 ? buf.length : nl + 1;
    this.line++;
    return row;
  }

  /** Physical lines from `start` to the record's end (1 for a record without embedded newlines). */
  private countLines(start: number, end: number): number {
    const buf = this.buf;
    let count = 1;
    let p = buf.indexOf('\n', start);
    while (p !== -1 && p < end) {
      count++;
      p = buf.indexOf('\n', p + 1);
    }
    return count;
  }

  private nextQuote(from: number): number {
    if (this.quoteAt >= from) return this.quoteAt;
    const buf = this.buf;
    if (this.quoteAt === -1 && this.quoteScanned >= buf.length) return -1;
    const start = this.quoteAt === -1 ? Math.max(from, this.quoteScanned) : from;
    this.quoteAt = buf.indexOf('"', start);
    // Without a match the whole buffer is known quote-free from `start`; with one, only up to the match.
    this.quoteScanned = this.quoteAt === -1 ? buf.length : this.quoteAt;
    return this.quoteAt;
  }

  /**
   * Parses one record that contains a quote, starting at `start`, into `fields`. Sets `parsedEnd` (end of the
   * record's text), `parsedNext` (start of the next record) and `parseError` ('' when well-formed). Returns
   * {@link NEED_MORE} when the buffer ends inside the record and more input may come, else 1.
   */
  private parseQuoted(start: number, fields: string[]): number {
    const buf = this.buf;
    const len = buf.length;
    const ended = this.ended;
    this.parseError = '';
    let i = start;
    for (;;) {
      if (i < len && buf.charCodeAt(i) === QUOTE) {
        let j = i + 1;
        let value = '';
        for (;;) {
          const k = buf.indexOf('"', j);
          if (k === -1) {
            if (!ended) return NEED_MORE;
            this.parseError = 'unterminated quoted field';
            this.parsedEnd = len;
            this.parsedNext = len;
            return 1;
          }
          if (k + 1 >= len && !ended) return NEED_MORE;
          if (buf.charCodeAt(k + 1) === QUOTE) {
            value += buf.slice(j, k + 1);
            j = k + 2;
            continue;
          }
          value = value === '' ? buf.slice(j, k) : value + buf.slice(j, k);
          i = k + 1;
          break;
        }
        fields.push(value);
        if (i >= len) return this.finish(len, len);
        const c = buf.charCodeAt(i);
        if (c === COMMA) {
          i++;
          continue;
        }
        if (c === LF) return this.finish(i, i + 1);
        if (c === CR) {
          if (i + 1 >= len && !ended) return NEED_MORE;
          if (i + 1 >= len) return this.finish(i, len);
          if (buf.charCodeAt(i + 1) === LF) return this.finish(i, i + 2);
        }
        const nl = buf.indexOf('\n', i);
        if (nl === -1 && !ended) return NEED_MORE;
        this.parseError = `unexpected text after a closing quote (field ${fields.length})`;
        const end = nl === -1 ? len : nl > i && buf.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
        return this.finish(end, nl === -1 ? len : nl + 1);
      }
      // Unquoted field: up to the next comma or line end (a quote inside is taken literally).
      const nl = buf.indexOf('\n', i);
      if (nl === -1 && !ended) return NEED_MORE;
      const lineEnd = nl === -1 ? len : nl;
      const comma = buf.indexOf(',', i);
      if (comma !== -1 && comma < lineEnd) {
        fields.push(buf.slice(i, comma));
        i = comma + 1;
        continue;
      }
      const end = lineEnd > i && buf.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;
      fields.push(buf.slice(i, end));
      if (end === start) fields.length = 0;
      return this.finish(end, nl === -1 ? len : nl + 1);
    }
  }

  private finish(end: number, next: number): number {
    this.parsedEnd = end;
    this.parsedNext = next;
    return 1;
  }
}

/** Splits one CSV line of text into fields (for headers and format detection); `undefined` if malformed. */
export function splitCsvHeader(text: string): string[] | undefined {
  const reader = new CsvReader();
  reader.push(text);
  reader.end();
  const row = reader.next();
  return row?.ok ? row.fields : undefined;
}
