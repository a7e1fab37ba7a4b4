import { open } from 'node:fs/promises';
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { TourniquetError } from '../../domain/errors';

/** Exit code of a verification that found a broken chain or altered evidence. */
export const EXIT_BROKEN = 1;
/** Exit code of a usage or input problem (bad flag, unreadable input, unknown format): nothing was verified or built. */
export const EXIT_USAGE = 2;

/** A `timeline` flag or input is wrong; the message names the flag (or file) and how to fix it. */
export class TimelineUsageError extends TourniquetError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('TIMELINE_USAGE', message, options);
  }
}

/** The errno code of a file-system error (ENOENT, EACCES…), or its message. */
export function errnoText(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? (err as Error).message;
}

/** A path as the user can recognise it: relative to the working directory when inside it. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/** How much of a file format detection reads. */
export const HEAD_BYTES = 1 << 20;

/** The first `max` bytes of a file as UTF-8 text (a character cut at the end is dropped). */
export async function readHead(file: string, max = HEAD_BYTES): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(max);
    const { bytesRead } = await handle.read(buf, 0, max, 0);
    return new StringDecoder('utf8').write(buf.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** `1,234,567`. */
export const n = (v: number): string => v.toLocaleString('en-US');

/** `1 event`, `2 events`. */
export const plural = (count: number, word: string): string => `${n(count)} ${word}${count === 1 ? '' : 's'}`;
