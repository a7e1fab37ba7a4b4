import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { SourceFormatError } from '../../domain/timeline/parsers';
import type { FileParseStats, FromParseWorker, ParseWorkerData, ToParseWorker } from './parse-protocol';
import type { RejectsFile, SourceFileSpec } from './sources';

/** Options of {@link parseFilesToRuns}. */
export interface ParsePoolOptions extends Omit<ParseWorkerData, 'entry'> {
  /** Where rejected records go (written by the main thread, in arrival order). */
  rejects: RejectsFile;
  /** Parse workers (default: one per core, at most one per input). */
  threads?: number;
  /** Called as inputs are read: bytes and events so far, over all inputs. */
  onProgress?: (progress: ParseProgress) => void;
}

/** How far parsing has got. */
export interface ParseProgress {
  bytesRead: number;
  bytesTotal: number;
  events: number;
  filesDone: number;
  files: number;
}

/** What the parse phase produced: sorted run files (to merge) and per-input figures (in input order). */
export interface ParsedRuns {
  runs: string[];
  files: FileParseStats[];
}

/**
 * Worker bootstrap used when this module runs from TypeScript sources (the tests): SWC, which transpiles the tests
 * too, compiles the worker's modules on load. Built code (`dist/`) starts the compiled worker directly.
 */
const TS_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const swc = require(require.resolve('@swc/core', { paths: [workerData.entry] }));
require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    module: { type: 'commonjs' },
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
  });
  module._compile(code, filename);
};
require(workerData.entry);
`;

/**
 * A worker's heap cap. A worker holds one run of events at a time, far below this; without a cap V8 lets a busy
 * worker's heap grow to its default limit before collecting, which is what made a build's peak RSS exceed 1 GiB.
 */
const WORKER_OLD_SPACE_MB = 320;

function startWorker(data: ParseWorkerData): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: WORKER_OLD_SPACE_MB };
  const js = join(__dirname, 'parse-worker.js');
  if (existsSync(js)) return new Worker(js, { workerData: data, resourceLimits });
  return new Worker(TS_BOOTSTRAP, {
    eval: true,
    resourceLimits,
    workerData: { ...data, entry: join(__dirname, 'parse-worker.ts') },
  });
}

/** The error a worker reported, as the class the caller expects (format problems stay SourceFormatError). */
function workerError(name: string, message: string): Error {
  if (name === 'SourceFormatError') return new SourceFormatError(message);
  const err = new Error(message);
  err.name = name;
  return err;
}

/**
 * Parses input files on worker threads into sorted run files: each worker takes the next input (largest first)
 * when it is free, so one big file does not hold the others up. Rejected records are written to `rejects` as they
 * arrive. The runs go into private folders under `tmpDir`, which the caller owns and removes (also on failure).
 * On any failure every worker is stopped and the first error is thrown.
 */
export async function parseFilesToRuns(
  specs: ReadonlyArray<SourceFileSpec & { bytes: number }>,
  options: ParsePoolOptions,
): Promise<ParsedRuns> {
  const order = specs.map((_, i) => i).sort((a, b) => specs[b].bytes - specs[a].bytes || a - b);
  const threads = Math.max(1, Math.min(specs.length, options.threads ?? availableParallelism()));
  const bytesTotal = specs.reduce((n, s) => n + s.bytes, 0);
  const bytes = specs.map(() => 0);
  const events = specs.map(() => 0);
  const stats: FileParseStats[] = [];
  const runs: string[][] = [];
  const workers: Worker[] = [];
  let next = 0;
  let pendingRejects = Promise.resolve();
  const { rejects, onProgress, threads: _threads, ...data } = options;
  const progress = () =>
    onProgress?.({
      bytesRead: bytes.reduce((a, b) => a + b, 0),
      bytesTotal,
      events: events.reduce((a, b) => a + b, 0),
      filesDone: stats.length,
      files: specs.length,
    });

  try {
    await new Promise<void>((resolve, reject) => {
      let finished = 0;
      let failed = false;
      const fail = (err: Error) => {
        if (failed) return;
        failed = true;
        reject(err);
      };
      for (let w = 0; w < threads; w++) {
        const worker = startWorker(data);
        workers.push(worker);
        const send = (message: ToParseWorker) => worker.postMessage(message);
        worker.on('error', (err) => fail(err));
        worker.on('exit', (code) => {
          if (code !== 0) fail(new Error(`a timeline parse worker stopped unexpectedly (exit code ${code})`));
        });
        worker.on('message', (message: FromParseWorker) => {
          switch (message.type) {
            case 'ready':
              if (next < order.length) {
                const index = order[next++];
                send({ type: 'file', index, spec: specs[index] });
              } else send({ type: 'finish' });
              break;
            case 'rejects':
              pendingRejects = pendingRejects.then(async () => {
                for (const r of message.rejects) await rejects.add(r);
              });
              pendingRejects.catch((err: unknown) => fail(err as Error));
              break;
            case 'progress':
              bytes[message.index] = message.bytes;
              events[message.index] = message.events;
              progress();
              break;
            case 'file-done': {
              const { type: _type, ...fileStats } = message;
              stats.push(fileStats);
              break;
            }
            case 'runs':
              runs[w] = message.runs;
              if (++finished === threads) resolve();
              break;
            case 'error': {
              const file = message.index === null ? undefined : specs[message.index].file;
              const named = !file || message.message.startsWith(`${file}:`);
              fail(workerError(message.name, named ? message.message : `${file}: ${message.message}`));
              break;
            }
          }
        });
      }
    });
    await pendingRejects;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  stats.sort((a, b) => a.index - b.index);
  return { runs: runs.flat(), files: stats };
}
