import type { RejectedRecord } from '../../domain/timeline/event';
import type { EventFilterSpec } from '../../domain/timeline/filter';
import type { SkewOffsets } from '../../domain/timeline/reconstruct';
import type { SourceFileSpec } from './sources';

/** The messages between the build (main thread) and its parse workers. */

/** What a parse worker starts with. */
export interface ParseWorkerData {
  /** Where the worker's private spill folder goes. */
  tmpDir: string;
  /** Events per sorted run. */
  runSize: number;
  priority?: readonly string[];
  skew: SkewOffsets;
  filter: EventFilterSpec;
  defaultZoneOffsetMinutes?: number;
  /** Entry module to load (only when the worker runs from TypeScript sources, see `parse-pool.ts`). */
  entry?: string;
}

/** Main → worker: parse this input next, or finish (spill the last run and report the runs). */
export type ToParseWorker = { type: 'file'; index: number; spec: SourceFileSpec } | { type: 'finish' };

/** What one input yielded. */
export interface FileParseStats {
  index: number;
  /** Source family of its events (`EventLogFile`, `LoginHistory`, …; the file name when it yielded none). */
  name: string;
  /** Events parsed. */
  read: number;
  /** Events left out by the filter. */
  filteredOut: number;
  /** Every source name its events carry (`EventLogFile:Login`, …). */
  sources: string[];
}

/** Worker → main. */
export type FromParseWorker =
  | { type: 'ready' }
  | { type: 'rejects'; rejects: RejectedRecord[] }
  | { type: 'progress'; index: number; events: number; bytes: number }
  | ({ type: 'file-done' } & FileParseStats)
  | { type: 'runs'; runs: string[] }
  | { type: 'error'; index: number | null; name: string; message: string };
