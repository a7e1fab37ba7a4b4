import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { eventComparator, type OrderedEvent } from '../../domain/timeline/reconstruct';
import { MinHeap } from './heap';
import { ChunkedWriter, readLineBatches } from './lines';

/** Options of {@link externalSort}. */
export interface ExternalSortOptions {
  /** Directory for spill files (a private subdirectory is created and removed). */
  tmpDir: string;
  /** Events held in memory per run (default 100,000). */
  runSize?: number;
  /** Source priority of the total order. */
  priority?: readonly string[];
  /** Events per output batch (default 4,096). */
  batchSize?: number;
  /** Most runs merged at once; more are merged in passes (default 256). */
  fanIn?: number;
}

interface Cursor<T> {
  run: number;
  lines: AsyncIterator<string[]>;
  batch: string[];
  i: number;
  current: T;
}

async function writeRun<T>(path: string, events: Iterable<T> | AsyncIterable<T[]>): Promise<void> {
  const out = await ChunkedWriter.open(path);
  try {
    if (Symbol.asyncIterator in events) {
      for await (const batch of events) {
        let text = '';
        for (const e of batch) text += JSON.stringify(e) + '\n';
        await out.write(text);
      }
    } else {
      let text = '';
      for (const e of events) {
        text += JSON.stringify(e) + '\n';
        if (text.length > 1 << 20) {
          await out.write(text, 0);
          text = '';
        }
      }
      await out.write(text, 0);
    }
  } finally {
    await out.close();
  }
}

async function advance<T>(c: Cursor<T>): Promise<boolean> {
  while (c.i >= c.batch.length) {
    const next = await c.lines.next();
    if (next.done) return false;
    c.batch = next.value;
    c.i = 0;
  }
  c.current = JSON.parse(c.batch[c.i]) as T;
  c.batch[c.i++] = '';
  return true;
}

/** k-way merge of sorted run files with a binary heap; yields batches in order (ties: earlier run first). */
async function* mergeRuns<T extends OrderedEvent>(
  paths: readonly string[],
  compare: (a: T, b: T) => number,
  batchSize: number,
): AsyncGenerator<T[]> {
  const heap = new MinHeap<Cursor<T>>((a, b) => {
    const d = compare(a.current, b.current);
    return d < 0 || (d === 0 && a.run < b.run);
  });
  const cursors: Cursor<T>[] = [];
  try {
    for (let run = 0; run < paths.length; run++) {
      const c: Cursor<T> = {
        run,
        lines: readLineBatches(paths[run], 1 << 18),
        batch: [],
        i: 0,
        current: undefined as unknown as T,
      };
      cursors.push(c);
      if (await advance(c)) heap.push(c);
    }
    let out: T[] = [];
    for (;;) {
      const top = heap.peek();
      if (!top) break;
      out.push(top.current);
      if (top.i < top.batch.length) {
        top.current = JSON.parse(top.batch[top.i]) as T;
        top.batch[top.i++] = '';
        heap.replaceTop(top);
      } else if (await advance(top)) heap.replaceTop(top);
      else heap.pop();
      if (out.length >= batchSize) {
        yield out;
        out = [];
      }
    }
    if (out.length) yield out;
  } finally {
    for (const c of cursors) await c.lines.return?.(undefined);
  }
}

function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/**
 * Sorts any number of events in the timeline's total order with bounded memory, yielding batches: runs of
 * `runSize` events are sorted in memory and spilled as NDJSON, then merged k ways with a binary heap over
 * streaming readers. Input that fits in one run is never written to disk. Spill files are removed when the
 * iteration ends (completely, early, or by an error).
 */
export async function* externalSortBatches<T extends OrderedEvent>(
  events: AsyncIterable<T> | Iterable<T>,
  options: ExternalSortOptions,
): AsyncGenerator<T[]> {
  const runSize = Math.max(1, options.runSize ?? 100_000);
  const batchSize = Math.max(1, options.batchSize ?? 4_096);
  const fanIn = Math.max(2, options.fanIn ?? 256);
  const compare = eventComparator(options.priority);
  let dir: string | undefined;
  const runs: string[] = [];
  try {
    let buffer: T[] = [];
    const spill = async (): Promise<void> => {
      dir ??= await mkdtemp(join(options.tmpDir, 'tourniquet-sort-'));
      buffer.sort(compare);
      const path = join(dir, `run-${runs.length}.ndjson`);
      await writeRun(path, buffer);
      runs.push(path);
      buffer = [];
    };
    for await (const e of events) {
      buffer.push(e);
      if (buffer.length >= runSize) await spill();
    }
    if (!runs.length) {
      buffer.sort(compare);
      yield* chunks(buffer, batchSize);
      return;
    }
    if (buffer.length) await spill();
    let level = 0;
    let current = runs.slice();
    while (current.length > fanIn) {
      const next: string[] = [];
      for (let i = 0; i < current.length; i += fanIn) {
        const path = join(dir as string, `merge-${level}-${next.length}.ndjson`);
        await writeRun(path, mergeRuns<T>(current.slice(i, i + fanIn), compare, batchSize));
        for (const p of current.slice(i, i + fanIn)) await rm(p, { force: true });
        next.push(path);
        runs.push(path);
      }
      current = next;
      level++;
    }
    yield* mergeRuns<T>(current, compare, batchSize);
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

/** {@link externalSortBatches}, one event at a time. */
export async function* externalSort<T extends OrderedEvent>(
  events: AsyncIterable<T> | Iterable<T>,
  options: ExternalSortOptions,
): AsyncGenerator<T> {
  for await (const batch of externalSortBatches(events, options)) yield* batch;
}
