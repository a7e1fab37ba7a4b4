import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { eventComparator, type OrderedEvent } from '../../domain/timeline/reconstruct';
import { MinHeap } from './heap';
import { ChunkedWriter, readLineBatches } from './lines';

/** How items are written to and read from run files: one line each, no line terminator inside. */
export interface RunCodec<T> {
  encode(item: T): string;
  decode(line: string): T;
}

/** The default codec: JSON lines. */
export const JSON_RUN_CODEC: RunCodec<never> = {
  encode: (item) => JSON.stringify(item),
  decode: (line) => JSON.parse(line) as never,
};

/** Options of {@link externalSort}. */
export interface ExternalSortOptions<T = unknown> {
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
  /** Run file format (default JSON lines). */
  codec?: RunCodec<T>;
}

/** Events per sorted run unless told otherwise (what one sorting thread holds in memory at a time). */
export const DEFAULT_RUN_SIZE = 100_000;
/** Events per batch a merge yields. */
export const DEFAULT_BATCH_SIZE = 4_096;
const DEFAULT_FAN_IN = 256;

/**
 * Collects items into sorted runs of at most `runSize`, each written to its own file in `dir` (created on the first
 * spill). {@link finish} returns the run files in the order written, or the last items still in memory when nothing
 * was spilled, so small inputs never touch the disk.
 */
export class SortedRunWriter<T> {
  private buffer: T[] = [];
  private dir: string | undefined;
  private readonly runs: string[] = [];

  constructor(
    private readonly options: {
      /** Parent of the private spill folder. */
      tmpDir: string;
      runSize: number;
      compare: (a: T, b: T) => number;
      codec: RunCodec<T>;
      /** Name prefix of the spill folder (several writers may share `tmpDir`). */
      prefix?: string;
    },
  ) {}

  /** The private spill folder, once something was spilled. */
  get spillDir(): string | undefined {
    return this.dir;
  }

  /** Adds one item; true when the buffer is full and the caller must `await spill()` before pushing more. */
  push(item: T): boolean {
    this.buffer.push(item);
    return this.buffer.length >= this.options.runSize;
  }

  /** Sorts and writes the buffered items as one run. */
  async spill(): Promise<void> {
    if (!this.buffer.length) return;
    this.dir ??= await mkdtemp(join(this.options.tmpDir, this.options.prefix ?? 'tourniquet-sort-'));
    const items = this.buffer;
    this.buffer = [];
    items.sort(this.options.compare);
    const path = join(this.dir, `run-${this.runs.length}.txt`);
    await writeLines(path, items, this.options.codec);
    this.runs.push(path);
  }

  /**
   * Ends input: the run files (the buffer spilled too), or the sorted buffer when nothing was spilled (unless
   * `alwaysSpill`, for a writer whose runs another thread merges).
   */
  async finish(options: { alwaysSpill?: boolean } = {}): Promise<{ runs: string[] } | { sorted: T[] }> {
    if (!this.runs.length && !options.alwaysSpill) {
      const sorted = this.buffer.sort(this.options.compare);
      this.buffer = [];
      return { sorted };
    }
    await this.spill();
    return { runs: [...this.runs] };
  }
}

async function writeLines<T>(
  path: string,
  items: Iterable<T> | AsyncIterable<T[]>,
  codec: RunCodec<T>,
): Promise<void> {
  const out = await ChunkedWriter.open(path);
  try {
    if (Symbol.asyncIterator in items) {
      for await (const batch of items) {
        let text = '';
        for (const item of batch) text += codec.encode(item) + '\n';
        await out.write(text);
      }
    } else {
      let text = '';
      for (const item of items) {
        text += codec.encode(item) + '\n';
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

interface Cursor<T> {
  run: number;
  lines: AsyncIterator<string[]>;
  batch: string[];
  i: number;
  current: T;
}

async function advance<T>(c: Cursor<T>, codec: RunCodec<T>): Promise<boolean> {
  while (c.i >= c.batch.length) {
    const next = await c.lines.next();
    if (next.done) return false;
    c.batch = next.value;
    c.i = 0;
  }
  c.current = codec.decode(c.batch[c.i]);
  c.batch[c.i++] = '';
  return true;
}

/** k-way merge of sorted run files with a binary heap; yields batches in order (ties: the earlier run first). */
async function* mergeRuns<T>(
  paths: readonly string[],
  compare: (a: T, b: T) => number,
  codec: RunCodec<T>,
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
      if (await advance(c, codec)) heap.push(c);
    }
    let out: T[] = [];
    for (;;) {
      const top = heap.peek();
      if (!top) break;
      out.push(top.current);
      if (top.i < top.batch.length) {
        top.current = codec.decode(top.batch[top.i]);
        top.batch[top.i++] = '';
        heap.replaceTop(top);
      } else if (await advance(top, codec)) heap.replaceTop(top);
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

/** Options of {@link mergeRunFiles}. */
export interface MergeRunsOptions<T> {
  compare: (a: T, b: T) => number;
  codec: RunCodec<T>;
  /** Where intermediate merge passes write (only used with more than `fanIn` runs). */
  scratchDir: string;
  batchSize?: number;
  fanIn?: number;
}

/**
 * Merges sorted run files into one sorted stream of batches. Ties go to the run listed first, so a merge of runs
 * written in input order is stable. More than `fanIn` runs are merged in passes through `scratchDir`; every
 * intermediate file is removed once merged. The run files themselves are left to the caller.
 */
export async function* mergeRunFiles<T>(
  paths: readonly string[],
  options: MergeRunsOptions<T>,
): AsyncGenerator<T[]> {
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const fanIn = Math.max(2, options.fanIn ?? DEFAULT_FAN_IN);
  const intermediate: string[] = [];
  try {
    let level = 0;
    let current = paths.slice();
    while (current.length > fanIn) {
      const next: string[] = [];
      for (let i = 0; i < current.length; i += fanIn) {
        const path = join(options.scratchDir, `merge-${level}-${next.length}.txt`);
        const group = current.slice(i, i + fanIn);
        await writeLines(path, mergeRuns(group, options.compare, options.codec, batchSize), options.codec);
        for (const p of group) if (intermediate.includes(p)) await rm(p, { force: true });
        intermediate.push(path);
        next.push(path);
      }
      current = next;
      level++;
    }
    yield* mergeRuns(current, options.compare, options.codec, batchSize);
  } finally {
    for (const p of intermediate) await rm(p, { force: true });
  }
}

function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/**
 * Sorts any number of events in the timeline's total order with bounded memory, yielding batches: runs of
 * `runSize` events are sorted in memory and spilled (JSON lines unless `codec` says otherwise), then merged k ways
 * with a binary heap over streaming readers. Input that fits in one run is never written to disk. Spill files are
 * removed when the iteration ends (completely, early, or by an error).
 */
export async function* externalSortBatches<T extends OrderedEvent>(
  events: AsyncIterable<T> | Iterable<T>,
  options: ExternalSortOptions<T>,
): AsyncGenerator<T[]> {
  const compare = eventComparator(options.priority);
  const codec = options.codec ?? JSON_RUN_CODEC;
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const writer = new SortedRunWriter<T>({
    tmpDir: options.tmpDir,
    runSize: Math.max(1, options.runSize ?? DEFAULT_RUN_SIZE),
    compare,
    codec,
  });
  try {
    for await (const e of events) if (writer.push(e)) await writer.spill();
    const result = await writer.finish();
    if ('sorted' in result) {
      yield* chunks(result.sorted, batchSize);
      return;
    }
    yield* mergeRunFiles(result.runs, {
      compare,
      codec,
      scratchDir: writer.spillDir as string,
      batchSize,
      fanIn: options.fanIn,
    });
  } finally {
    if (writer.spillDir) await rm(writer.spillDir, { recursive: true, force: true });
  }
}

/** {@link externalSortBatches}, one event at a time. */
export async function* externalSort<T extends OrderedEvent>(
  events: AsyncIterable<T> | Iterable<T>,
  options: ExternalSortOptions<T>,
): AsyncGenerator<T> {
  for await (const batch of externalSortBatches(events, options)) yield* batch;
}
