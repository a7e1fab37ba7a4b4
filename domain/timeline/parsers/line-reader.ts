/**
 * A push-based line reader for NDJSON: yields each non-blank line (without its LF or CRLF terminator) with
 * its 1-based line number, holding at most one incomplete line plus the latest chunk. A leading UTF-8 BOM is
 * dropped.
 */

/** One line of text and where it starts; `tooLong` lines carry only their first 2,000 characters. */
export interface TextLine {
  line: number;
  text: string;
  tooLong?: boolean;
}

/** See the module comment. Push chunks, call {@link LineReader.end}, pull lines with {@link LineReader.next}. */
export class LineReader {
  private buf = '';
  private pos = 0;
  private line = 1;
  private ended = false;
  private started = false;
  /** After reporting an over-long line whose end has not arrived yet: drop text up to the next newline. */
  private skipping = false;

  constructor(private readonly maxLineChars: number = 16 << 20) {}

  /** Appends a chunk of text (split anywhere). */
  push(chunk: string): void {
    if (!this.started) {
      if (chunk.length === 0) return;
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    this.buf = this.pos > 0 ? this.buf.slice(this.pos) + chunk : this.buf + chunk;
    this.pos = 0;
  }

  /** Marks the end of input: the last line may lack a terminator. */
  end(): void {
    this.ended = true;
  }

  /** The next non-blank line, or `undefined` when more input is needed (or, after {@link end}, when done). */
  next(): TextLine | undefined {
    const buf = this.buf;
    for (;;) {
      if (this.skipping) {
        const end = buf.indexOf('\n', this.pos);
        if (end === -1) {
          this.pos = buf.length;
          return undefined;
        }
        this.skipping = false;
        this.pos = end + 1;
        this.line++;
      }
      if (this.pos >= buf.length) return undefined;
      const nl = buf.indexOf('\n', this.pos);
      if (nl === -1 && !this.ended) {
        if (buf.length - this.pos <= this.maxLineChars) return undefined;
        const text = buf.slice(this.pos, this.pos + 2_000);
        this.skipping = true;
        this.pos = buf.length;
        return { line: this.line, text, tooLong: true };
      }
      let end = nl === -1 ? buf.length : nl;
      if (end > this.pos && buf.charCodeAt(end - 1) === 13) end--;
      const text = buf.slice(this.pos, end);
      const line = this.line;
      this.pos = nl === -1 ? buf.length : nl + 1;
      this.line++;
      if (text.trim() !== '') return { line, text };
    }
  }
}
