import type { CanonicalEvent } from '../event';
import { sourceMatches } from './order';
import type { SkewedEvent } from './types';

/** Per-source clock offsets in milliseconds, added to the stated time: `{ LoginHistory: -1200, 'EventLogFile:*': 300 }`. */
export type SkewOffsets = Readonly<Record<string, number>>;

/**
 * Returns the (memoised) offset for a source: an exact name wins over patterns; among patterns the longest
 * prefix wins. Sources with no entry get 0.
 */
export function skewResolver(offsets: SkewOffsets = {}): (source: string) => number {
  const exact = new Map<string, number>();
  const patterns: Array<[string, number]> = [];
  for (const [key, value] of Object.entries(offsets)) {
    if (!Number.isFinite(value)) throw new RangeError(`skew offset for ${key} must be a finite number of ms`);
    if (key.endsWith('*')) patterns.push([key, value]);
    else exact.set(key, value);
  }
  patterns.sort((a, b) => b[0].length - a[0].length);
  const cache = new Map<string, number>();
  return (source) => {
    let offset = cache.get(source);
    if (offset === undefined) {
      offset = exact.get(source) ?? patterns.find(([p]) => sourceMatches(p, source))?.[1] ?? 0;
      cache.set(source, offset);
    }
    return offset;
  };
}

/** The largest absolute offset: how far skew can move an event. */
export function maxSkew(offsets: SkewOffsets = {}): number {
  return Object.values(offsets).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
}

/** Returns a function that corrects an event's `ts` and keeps the stated time as `sourceTs`. */
export function skewCorrector(
  offsets: SkewOffsets = {},
): <T extends CanonicalEvent>(event: T) => T & SkewedEvent {
  const resolve = skewResolver(offsets);
  return <T extends CanonicalEvent>(event: T): T & SkewedEvent => {
    const sourceTs = (event as Partial<SkewedEvent>).sourceTs ?? event.ts;
    return { ...event, sourceTs, ts: sourceTs + resolve(event.source) };
  };
}
