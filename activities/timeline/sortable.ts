import type { CanonicalEvent } from '../../domain/timeline/event';
import {
  markerRaw,
  skewResolver,
  type SkewedEvent,
  type SkewOffsets,
} from '../../domain/timeline/reconstruct';

/**
 * Returns the function that turns a parsed event into what the sort carries: `ts` corrected by its source's skew
 * offset (the stated time kept as `sourceTs`), and `raw` reduced to the fields reconstruction reads (the record
 * itself stays in the evidence file, named by file, position and `rawHash`).
 */
export function sortableEventMaker(skew: SkewOffsets = {}): (e: CanonicalEvent) => SkewedEvent {
  const offsetOf = skewResolver(skew);
  return (e) => {
    const sourceTs = (e as Partial<SkewedEvent>).sourceTs ?? e.ts;
    const out: SkewedEvent = {
      ts: sourceTs + offsetOf(e.source),
      sourceTs,
      precision: e.precision,
      source: e.source,
      file: e.file,
      position: e.position,
      actor: e.actor,
      action: e.action,
      raw: markerRaw(e.raw),
      rawHash: e.rawHash,
    };
    if (e.target !== undefined) out.target = e.target;
    if (e.ip !== undefined) out.ip = e.ip;
    if (e.keys !== undefined) out.keys = e.keys;
    if (e.outcome !== undefined) out.outcome = e.outcome;
    return out;
  };
}
