import type { CanonicalEvent, Precision } from '../event';

/**
 * The stable total order of the timeline: corrected `ts`, then precision (ms, s, min), then source priority,
 * then source name, then file, then position. Strings compare as JavaScript does (UTF-16 code units).
 */

/** Default source priority: earlier patterns win ties. `X:*` matches every source starting with `X:`. */
export const DEFAULT_SOURCE_PRIORITY: readonly string[] = [
  'incident-log',
  'RTEM:*',
  'EventLogFile:*',
  'LoginHistory',
  'SetupAuditTrail',
  'generic:*',
];

const PRECISION_RANK: Record<Precision, number> = { ms: 0, s: 1, min: 2 };

/** True when `source` matches `pattern` (exact, or a `prefix*` pattern). */
export function sourceMatches(pattern: string, source: string): boolean {
  return pattern.endsWith('*') ? source.startsWith(pattern.slice(0, -1)) : pattern === source;
}

/** Returns a (memoised) function giving a source's rank in `priority`; unmatched sources rank last. */
export function sourceRanker(
  priority: readonly string[] = DEFAULT_SOURCE_PRIORITY,
): (source: string) => number {
  const cache = new Map<string, number>();
  return (source) => {
    let rank = cache.get(source);
    if (rank === undefined) {
      rank = priority.findIndex((p) => sourceMatches(p, source));
      if (rank < 0) rank = priority.length;
      cache.set(source, rank);
    }
    return rank;
  };
}

/** The fields the order looks at. */
export type OrderedEvent = Pick<CanonicalEvent, 'ts' | 'precision' | 'source' | 'file' | 'position'>;

/** A comparator for the total order, with a configurable source priority. */
export function eventComparator(
  priority: readonly string[] = DEFAULT_SOURCE_PRIORITY,
): (a: OrderedEvent, b: OrderedEvent) => number {
  const rank = sourceRanker(priority);
  return (a, b) => {
    if (a.ts !== b.ts) return a.ts < b.ts ? -1 : 1;
    if (a.precision !== b.precision) return PRECISION_RANK[a.precision] - PRECISION_RANK[b.precision];
    if (a.source !== b.source) {
      const d = rank(a.source) - rank(b.source);
      if (d !== 0) return d;
      return a.source < b.source ? -1 : 1;
    }
    if (a.file !== b.file) return a.file < b.file ? -1 : 1;
    return a.position - b.position;
  };
}

/** The total order with the default source priority. */
export const compareEvents: (a: OrderedEvent, b: OrderedEvent) => number = eventComparator();

/** Offset making timestamps in [-2^52, 2^52) non-negative, still exact doubles, for fixed-width encoding. */
const TS_OFFSET = 2 ** 52;

function encodeTs(ts: number): string {
  if (!Number.isInteger(ts) || ts < -TS_OFFSET || ts >= TS_OFFSET)
    throw new RangeError(`sort key: ts ${ts} must be an integer in [-2^52, 2^52) ms`);
  return hex(ts + TS_OFFSET, 14);
}

/** Order-preserving escape so `\u0000` can terminate variable-length fields. */
function escapeField(text: string): string {
  if (text.indexOf('\u0000') < 0 && text.indexOf('\u0001') < 0) return text;
  let out = '';
  for (const c of text) out += c === '\u0000' ? '\u0001\u0001' : c === '\u0001' ? '\u0001\u0002' : c;
  return out;
}

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, '0');
}

/**
 * A sort-key encoder for the same order: keys compare (as JavaScript strings) exactly as {@link eventComparator}
 * orders their events. Layout: 14 hex digits of `ts + 2^52`, the precision rank, 4 hex digits of source rank,
 * source `\0`, file `\0`, 13 hex digits of position.
 */
export function sortKeyEncoder(
  priority: readonly string[] = DEFAULT_SOURCE_PRIORITY,
): (event: OrderedEvent) => string {
  const rank = sourceRanker(priority);
  return (e) =>
    encodeTs(e.ts) +
    PRECISION_RANK[e.precision] +
    hex(rank(e.source), 4) +
    escapeField(e.source) +
    '\u0000' +
    escapeField(e.file) +
    '\u0000' +
    hex(e.position, 13);
}

/** The sort key with the default source priority. */
export const encodeSortKey: (event: OrderedEvent) => string = sortKeyEncoder();
