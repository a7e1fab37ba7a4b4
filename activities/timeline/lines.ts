import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

/**
 * Reads a file as batches of `\n`-terminated lines (the `\n` removed; a final line without `\n` is included), a
 * chunk at a time, so memory stays bounded by the chunk size plus one line.
 */
export async function* readLineBatches(path: string, chunkBytes = 1 << 20): AsyncGenerator<string[]> {
  const handle = await open(path, 'r');
  try {
    const decoder = new StringDecoder('utf8');
    const buffer = Buffer.allocUnsafe(chunkBytes);
    let carry = '';
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, chunkBytes, null);
      if (bytesRead === 0) break;
      const text = carry + decoder.write(buffer.subarray(0, bytesRead));
      const parts = text.split('\n');
      carry = parts.pop() ?? '';
      if (parts.length) yield parts;
    }
    const rest = carry + decoder.end();
    if (rest.length) yield [rest];
  } finally {
    await handle.close();
  }
}

/** Buffered text output to a file: appends strings, writes them in large chunks. */
export class ChunkedWriter {
  private parts: string[] = [];
  private size = 0;
  bytes = 0;

  private constructor(private readonly handle: import('node:fs/promises').FileHandle) {}

  /** Opens (truncating) `path` for writing. */
  static async open(path: string): Promise<ChunkedWriter> {
    return new ChunkedWriter(await open(path, 'w'));
  }

  /** Appends text; writes when the buffer passes `threshold` characters. */
  async write(text: string, threshold = 1 << 20): Promise<void> {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= threshold) await this.drain();
  }

  /** Writes everything buffered. */
  async drain(): Promise<void> {
    if (!this.parts.length) return;
    const buf = Buffer.from(this.parts.join(''), 'utf8');
    this.parts = [];
    this.size = 0;
    let off = 0;
    while (off < buf.length) off += (await this.handle.write(buf, off)).bytesWritten;
    this.bytes += buf.length;
  }

  /** Writes bytes at a position (after draining), e.g. to fill a placeholder. */
  async writeAt(position: number, text: string): Promise<void> {
    await this.drain();
    await this.handle.write(Buffer.from(text, 'utf8'), 0, undefined, position);
  }

  /** Drains and closes. */
  async close(): Promise<void> {
    try {
      await this.drain();
    } finally {
      await this.handle.close();
    }
  }
}
