import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseSource, type ParseSourceOptions } from '../../../../domain/timeline/parsers';
import type { CanonicalEvent, RejectedRecord } from '../../../../domain/timeline/event';

/** Directory of the hand-written sample inputs. */
export const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'fixtures', 'timeline');

/** A fixture's text exactly as stored (BOM and CRLF kept). */
export function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

/** A fixture's parsed JSON (mapping files). */
export function fixtureJson(name: string): unknown {
  return JSON.parse(fixture(name)) as unknown;
}

/** Yields `text` in chunks of the given sizes (cycled), as a file stream would. */
export async function* chunked(
  text: string,
  sizes: readonly number[] = [text.length || 1],
): AsyncGenerator<string> {
  let at = 0;
  let k = 0;
  while (at < text.length) {
    const size = Math.max(1, sizes[k++ % sizes.length]);
    await Promise.resolve(); // a real stream hands chunks over asynchronously
    yield text.slice(at, at + size);
    at += size;
  }
}

/** Yields `text` split at the given cut points. */
export async function* splitAt(text: string, cuts: readonly number[]): AsyncGenerator<string> {
  let prev = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    if (cut <= prev || cut >= text.length) continue;
    await Promise.resolve();
    yield text.slice(prev, cut);
    prev = cut;
  }
  yield text.slice(prev);
}

/** Parsed events and rejects of one input. */
export interface Parsed {
  events: CanonicalEvent[];
  rejects: RejectedRecord[];
}

/** Runs {@link parseSource} to completion and splits the items. */
export async function parse(
  input: AsyncIterable<string> | string,
  options: ParseSourceOptions,
): Promise<Parsed> {
  const events: CanonicalEvent[] = [];
  const rejects: RejectedRecord[] = [];
  const source = typeof input === 'string' ? chunked(input) : input;
  for await (const item of parseSource(source, options)) {
    if (item.kind === 'event') events.push(item.event);
    else rejects.push(item.reject);
  }
  return { events, rejects };
}
