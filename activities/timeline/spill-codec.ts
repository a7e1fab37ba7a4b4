import type { Precision, RawRecord } from '../../domain/timeline/event';
import type { SkewedEvent } from '../../domain/timeline/reconstruct';
import type { RunCodec } from './external-sort';

/**
 * One skew-corrected event as one line of a sort run: its fields separated by tabs, in a fixed order. Cheaper to
 * write and read back than JSON (the external sort writes and reads every event once), and exact: decoding gives
 * back the same event, absent fields included (written as a lone NUL, which an escaped text never is).
 *
 * Only the `raw` fields reconstruction reads (see `MARKER_RAW_FIELDS`) travel with the event: the timeline names
 * each record by file, position and `rawHash`; the record itself stays in the evidence file.
 */

const ABSENT = '\u0000';
// NUL marks an absent field, so it must be escaped inside texts.
// eslint-disable-next-line no-control-regex
const SPECIAL = /[\t\n\r\\\u0000]/;
// eslint-disable-next-line no-control-regex
const SPECIAL_ALL = /[\t\n\r\\\u0000]/g;
const ESCAPES: Record<string, string> = {
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
  '\\': '\\\\',
  '\u0000': '\\0',
};
const UNESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', '\\': '\\', '0': '\u0000' };
const PRECISIONS: ReadonlySet<string> = new Set<Precision>(['ms', 's', 'min']);
const FIELDS = 19;
const HAS_TARGET = 1;
const HAS_KEYS = 2;

function esc(text: string): string {
  return SPECIAL.test(text) ? text.replace(SPECIAL_ALL, (c) => ESCAPES[c]) : text;
}

function opt(text: string | undefined): string {
  return text === undefined ? ABSENT : esc(text);
}

function unesc(text: string): string {
  return text.indexOf('\\') < 0 ? text : text.replace(/\\(.)/g, (_, c: string) => UNESCAPES[c] ?? c);
}

function unopt(text: string): string | undefined {
  return text === ABSENT ? undefined : unesc(text);
}

function isEmpty(raw: RawRecord): boolean {
  for (const _ in raw) return false;
  return true;
}

/** Encodes an event as one run line (no line terminator). */
export function encodeSpillLine(e: SkewedEvent): string {
  const t = e.target;
  const k = e.keys;
  return (
    `${e.ts}\t${e.sourceTs === e.ts ? '' : e.sourceTs}\t${e.precision}\t${esc(e.source)}\t${esc(e.file)}\t${e.position}` +
    `\t${opt(e.actor.userId)}\t${opt(e.actor.username)}\t${esc(e.action)}\t${(t ? HAS_TARGET : 0) | (k ? HAS_KEYS : 0)}` +
    `\t${opt(t?.object)}\t${t?.recordIds === undefined ? ABSENT : esc(JSON.stringify(t.recordIds))}\t${opt(e.ip)}` +
    `\t${opt(k?.session)}\t${opt(k?.login)}\t${opt(k?.request)}\t${opt(e.outcome)}\t${esc(e.rawHash)}` +
    `\t${isEmpty(e.raw) ? '' : esc(JSON.stringify(e.raw))}`
  );
}

/**
 * Decodes a line written by {@link encodeSpillLine}; throws on a line it did not write. Every event it returns has
 * the same fields in the same order (absent ones `undefined`), so the code after the sort sees one object shape.
 */
export function decodeSpillLine(line: string): SkewedEvent {
  const f = line.split('\t');
  if (f.length !== FIELDS || !PRECISIONS.has(f[2]))
    throw new Error(`sort run: not a run line (${f.length} fields): ${line.slice(0, 120)}`);
  const ts = Number(f[0]);
  const flags = Number(f[9]);
  return {
    ts,
    sourceTs: f[1] === '' ? ts : Number(f[1]),
    precision: f[2] as Precision,
    source: unesc(f[3]),
    file: unesc(f[4]),
    position: Number(f[5]),
    actor: { userId: unopt(f[6]), username: unopt(f[7]) },
    action: unesc(f[8]),
    target:
      flags & HAS_TARGET
        ? {
            object: unopt(f[10]),
            recordIds: f[11] === ABSENT ? undefined : (JSON.parse(unesc(f[11])) as string[]),
          }
        : undefined,
    ip: unopt(f[12]),
    keys:
      flags & HAS_KEYS ? { session: unopt(f[13]), login: unopt(f[14]), request: unopt(f[15]) } : undefined,
    outcome: unopt(f[16]),
    raw: f[18] === '' ? {} : (JSON.parse(unesc(f[18])) as RawRecord),
    rawHash: unesc(f[17]),
  };
}

/** The run codec of the timeline build. */
export const SPILL_CODEC: RunCodec<SkewedEvent> = { encode: encodeSpillLine, decode: decodeSpillLine };
