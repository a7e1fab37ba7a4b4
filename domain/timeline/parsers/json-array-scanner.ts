/**
 * A push-based scanner that yields, as text, each element of one JSON array: a top-level array, or the first
 * array found under one of the given keys (`records` in a REST query result, `entries` in an incident log;
 * at any depth, so `sf data query --json` output with `result.records` works). It tracks only string, escape
 * and nesting state; each element's text is then parsed on its own with `JSON.parse`, so memory holds one
 * element plus the latest chunk. An element longer than the limit is skipped (its text not retained) and
 * reported as a failure.
 */

/** One array element as text, or why the text at `line` could not be taken as one. */
export type JsonElement =
  | { ok: true; text: string; line: number; index: number }
  | { ok: false; reason: string; text: string; line: number; index: number };

const enum Mode {
  Seek,
  Array,
  After,
}

const KEEP_HEAD = 2_000;

/** See the module comment. Push chunks, call {@link JsonArrayScanner.end}, pull with {@link JsonArrayScanner.next}. */
export class JsonArrayScanner {
  private buf = '';
  private i = 0;
  private line = 1;
  private depth = 0;
  private inString = false;
  private escape = false;
  private strStart = -1;
  private lastString = '';
  private pendingKey: string | undefined;
  private mode = Mode.Seek;
  private arrayDepth = 0;
  private elemStart = -1;
  private elemLine = 0;
  private index = 0;
  private oversizeHead: string | undefined;
  private ended = false;
  private endReported = false;
  private started = false;
  private readonly keys: ReadonlySet<string>;

  constructor(
    keys: readonly string[],
    private readonly maxElementChars: number = 16 << 20,
  ) {
    this.keys = new Set(keys);
  }

  /** True once the target array has been found. */
  get foundArray(): boolean {
    return this.mode !== Mode.Seek;
  }

  /** Appends a chunk of text (split anywhere). */
  push(chunk: string): void {
    if (!this.started) {
      if (chunk.length === 0) return;
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    if (this.mode === Mode.After) return;
    let keep = this.i;
    if (this.mode === Mode.Array && this.elemStart >= 0) keep = this.elemStart;
    else if (this.mode === Mode.Seek && this.inString) keep = this.strStart;
    if (keep > 0) {
      this.buf = this.buf.slice(keep) + chunk;
      this.i -= keep;
      if (this.elemStart >= 0) this.elemStart -= keep;
      if (this.strStart >= 0) this.strStart -= keep;
    } else {
      this.buf += chunk;
    }
  }

  /** Marks the end of input. */
  end(): void {
    this.ended = true;
  }

  /** The next element, or `undefined` when more input is needed (or, after {@link end}, when done). */
  next(): JsonElement | undefined {
    const buf = this.buf;
    const len = buf.length;
    const keys = this.keys;
    let i = this.i;
    let depth = this.depth;
    let line = this.line;
    for (; i < len; i++) {
      const c = buf.charCodeAt(i);
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === 92) this.escape = true;
        else if (c === 34) {
          this.inString = false;
          if (this.mode === Mode.Seek) {
            this.lastString = buf.slice(this.strStart + 1, i);
            this.strStart = -1;
          }
        } else if (c === 10) line++;
        continue;
      }
      switch (c) {
        case 10:
          line++;
          break;
        case 32:
        case 9:
        case 13:
          break;
        case 34:
          this.inString = true;
          if (this.mode === Mode.Seek) {
            this.strStart = i;
            this.pendingKey = undefined;
          } else if (depth === this.arrayDepth && this.elemStart === -1) this.startElement(i, line);
          break;
        case 123:
        case 91:
          if (this.mode === Mode.Array) {
            if (depth === this.arrayDepth && this.elemStart === -1) this.startElement(i, line);
          } else if (
            c === 91 &&
            (depth === 0 || (this.pendingKey !== undefined && keys.has(this.pendingKey)))
          ) {
            this.mode = Mode.Array;
            this.arrayDepth = depth + 1;
          }
          this.pendingKey = undefined;
          depth++;
          break;
        case 125:
        case 93:
          if (this.mode === Mode.Array && depth === this.arrayDepth) {
            this.mode = Mode.After;
            const element = this.endElement(i);
            this.save(len, depth - 1, line);
            this.buf = '';
            this.i = 0;
            if (element) return element;
            return undefined;
          }
          depth--;
          break;
        case 44:
          if (this.mode === Mode.Array && depth === this.arrayDepth) {
            const element = this.endElement(i);
            if (element) {
              this.save(i + 1, depth, line);
              return element;
            }
          }
          this.pendingKey = undefined;
          break;
        case 58:
          if (this.mode === Mode.Seek) this.pendingKey = this.lastString;
          break;
        default:
          if (this.mode === Mode.Array) {
            if (depth === this.arrayDepth && this.elemStart === -1) this.startElement(i, line);
          } else this.pendingKey = undefined;
      }
    }
    this.save(i, depth, line);
    if (this.elemStart >= 0 && i - this.elemStart > this.maxElementChars) {
      this.oversizeHead = buf.slice(this.elemStart, this.elemStart + KEEP_HEAD);
      this.elemStart = -2;
    }
    if (this.ended && this.mode === Mode.Array && !this.endReported) {
      this.endReported = true;
      if (this.elemStart === -1) {
        return {
          ok: false,
          reason: 'input ended before the array was closed (truncated file?)',
          text: '',
          line,
          index: this.index,
        };
      }
      const text = this.elemStart >= 0 ? buf.slice(this.elemStart) : (this.oversizeHead ?? '');
      this.elemStart = -1;
      return {
        ok: false,
        reason: 'input ended inside this element (truncated file?)',
        text,
        line: this.elemLine,
        index: this.index++,
      };
    }
    return undefined;
  }

  private save(i: number, depth: number, line: number): void {
    this.i = i;
    this.depth = depth;
    this.line = line;
  }

  private startElement(i: number, line: number): void {
    this.elemStart = i;
    this.elemLine = line;
    this.oversizeHead = undefined;
  }

  private endElement(i: number): JsonElement | undefined {
    const start = this.elemStart;
    if (start === -1) return undefined;
    this.elemStart = -1;
    const index = this.index++;
    if (start === -2) {
      const text = this.oversizeHead ?? '';
      this.oversizeHead = undefined;
      return {
        ok: false,
        reason: `element is longer than ${this.maxElementChars} characters`,
        text,
        line: this.elemLine,
        index,
      };
    }
    return { ok: true, text: this.buf.slice(start, i).trimEnd(), line: this.elemLine, index };
  }
}
