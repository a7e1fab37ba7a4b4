import { createHash } from 'node:crypto';
import { canonicalJson } from '../../domain/canonical-json';
import { GENESIS_HASH } from '../../domain/hash-chain';
import {
  timelineEventJson,
  timelinePayloadJson,
  type TimelineEvent,
} from '../../domain/timeline/reconstruct';
import { verifyEvidence, type EvidenceManifest } from './evidence';
import { EVENTS_CLOSE, EVENTS_OPEN, HEADER_PREFIX } from './format';
import { readLineBatches } from './lines';

/** What {@link verifyTimelineFile} found. */
export type TimelineVerdict =
  | { ok: true; events: number; rootHash: string; evidenceFiles?: number }
  | {
      ok: false;
      /** seq of the first broken event; null when the problem is outside the events (layout, root hash, evidence). */
      brokenAt: number | null;
      /** The first evidence file that is missing or differs. */
      file?: string;
      reason: string;
    };

interface Header {
  rootHash?: unknown;
  manifest?: EvidenceManifest;
  stats?: { events?: unknown };
}

function checkEvent(line: string, seq: number, prev: string): { hash: string } | { reason: string } {
  if (!line.startsWith('{') || !line.endsWith('}')) return { reason: 'the line is not one JSON object' };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return { reason: `not valid JSON (${(err as Error).message})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { reason: 'not a JSON object' };
  // The writer writes canonical JSON; any other spelling of the same value (e.g. `\u001B` for `\u001b`) is an edit.
  // Fast path: the field-by-field serializer reproduces the line exactly only when the line holds exactly a timeline
  // event's fields in canonical form; otherwise fall back to the generic canonical JSON.
  const { prevHash, hash, ...payload } = value as Record<string, unknown>;
  let payloadJson: string | undefined;
  try {
    if (timelineEventJson(value as TimelineEvent) === line)
      payloadJson = timelinePayloadJson(value as TimelineEvent);
  } catch {
    payloadJson = undefined;
  }
  if (payloadJson === undefined) {
    // canonicalJson refuses values a writer never produces (e.g. a number edited to 1e999, which parses as
    // Infinity): that is an edit to report, not an error to throw.
    try {
      if (canonicalJson(value) !== line)
        return { reason: 'the line is not in canonical JSON form: it was edited' };
      payloadJson = canonicalJson(payload);
    } catch (err) {
      return {
        reason: `holds a value no timeline writer produces (${(err as Error).message}): it was edited`,
      };
    }
  }
  if (payload.seq !== seq) return { reason: `seq ${String(payload.seq)} should be ${seq}` };
  if (prevHash !== prev)
    return {
      reason: `prevHash ${String(prevHash)} should be ${prev} (an event before it was removed, inserted or altered)`,
    };
  const expected = createHash('sha256').update(prev).update(payloadJson).digest('hex');
  if (hash !== expected)
    return {
      reason: `hash ${String(hash)} does not match its content (expected ${expected}): this event was altered`,
    };
  return { hash: expected };
}

/**
 * Verifies a timeline file written by `writeTimeline`, streaming: the layout, every event's seq, `prevHash` and
 * hash, and the root hash (first line) against the last hash. Names the seq of the first broken event. With
 * `evidenceDir`, also re-hashes the evidence files of the manifest and names the first that differs.
 */
export async function verifyTimelineFile(
  path: string,
  options: { evidenceDir?: string } = {},
): Promise<TimelineVerdict> {
  let phase: 'header' | 'events' | 'trailer' = 'header';
  const head: string[] = [];
  const tail: string[] = [];
  let pending: string | undefined;
  let prev = GENESIS_HASH;
  let seq = 0;
  const fail = (reason: string, brokenAt: number | null): TimelineVerdict => ({
    ok: false,
    brokenAt,
    reason,
  });
  const take = (line: string, last: boolean): TimelineVerdict | undefined => {
    seq++;
    if (last === line.endsWith(',')) {
      return fail(
        last ? 'the last event line must not end with a comma' : 'the event line must end with a comma',
        seq,
      );
    }
    const r = checkEvent(last ? line : line.slice(0, -1), seq, prev);
    if ('reason' in r) return fail(r.reason, seq);
    prev = r.hash;
    return undefined;
  };
  for await (const lines of readLineBatches(path)) {
    for (const line of lines) {
      if (phase === 'header') {
        if (line === EVENTS_OPEN) phase = 'events';
        else head.push(line);
      } else if (phase === 'events') {
        if (line === EVENTS_CLOSE) {
          phase = 'trailer';
          if (pending !== undefined) {
            const bad = take(pending, true);
            if (bad) return bad;
            pending = undefined;
          }
        } else {
          if (pending !== undefined) {
            const bad = take(pending, false);
            if (bad) return bad;
          }
          pending = line;
        }
      } else tail.push(line);
    }
  }
  if (phase !== 'trailer') {
    if (phase === 'events') return fail('the events array is not closed (file truncated?)', seq + 1);
    return fail(`no "${EVENTS_OPEN}" line: not a timeline file`, null);
  }
  if (!head.length || !head[0].startsWith(HEADER_PREFIX))
    return fail('the first line is not a timeline header', null);
  let header: Header;
  try {
    header = JSON.parse(`${head.join('')}"events":[],${tail.join('')}`) as Header;
  } catch (err) {
    return fail(`the header or stats are not valid JSON (${(err as Error).message})`, null);
  }
  if (header.rootHash !== prev)
    return fail(`rootHash ${String(header.rootHash)} is not the last event's hash ${prev}`, null);
  if (header.stats?.events !== undefined && header.stats.events !== seq)
    return fail(
      `stats.events says ${JSON.stringify(header.stats.events)} but the file holds ${seq} events`,
      null,
    );
  if (options.evidenceDir) {
    if (!header.manifest || !Array.isArray(header.manifest.files)) return fail('no evidence manifest', null);
    const ev = await verifyEvidence(header.manifest, options.evidenceDir);
    if (!ev.ok)
      return { ok: false, brokenAt: null, file: ev.file, reason: `evidence ${ev.file}: ${ev.reason}` };
    return { ok: true, events: seq, rootHash: prev, evidenceFiles: ev.files };
  }
  return { ok: true, events: seq, rootHash: prev };
}
