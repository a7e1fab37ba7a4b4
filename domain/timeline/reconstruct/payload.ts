import type { ChainLink } from '../../hash-chain';
import type { SourceRef, StitchedEvent, TimelineEvent, TimelinePayload } from './types';

/**
 * Builds the hashed payload of a timeline event, copying only the fields the timeline defines. Every payload has the
 * same fields in the same order (absent ones undefined; canonical JSON leaves them out).
 */
export function timelinePayload(e: StitchedEvent, seq: number, markers: string[]): TimelinePayload {
  const t = e.target;
  const k = e.keys;
  return {
    seq,
    ts: e.ts,
    sourceTs: e.sourceTs,
    time: new Date(e.ts).toISOString(),
    precision: e.precision,
    source: e.source,
    file: e.file,
    position: e.position,
    rawHash: e.rawHash,
    sources: e.sources.map((s) => ({
      source: s.source,
      file: s.file,
      position: s.position,
      rawHash: s.rawHash,
    })),
    actor: { userId: e.actor.userId, username: e.actor.username },
    action: e.action,
    target: t === undefined ? undefined : { object: t.object, recordIds: t.recordIds && [...t.recordIds] },
    ip: e.ip,
    keys: k === undefined ? undefined : { login: k.login, request: k.request, session: k.session },
    outcome: e.outcome,
    sessionId: e.sessionId,
    markers,
  };
}

const q = JSON.stringify;

function num(n: number): string {
  if (!Number.isFinite(n)) throw new TypeError('canonicalJson: non-finite number');
  return q(n);
}

function strings(list: readonly string[]): string {
  let s = '[';
  for (let i = 0; i < list.length; i++) s += (i ? ',' : '') + q(list[i]);
  return s + ']';
}

function sourcesJson(list: readonly SourceRef[]): string {
  let s = '[';
  for (let i = 0; i < list.length; i++) {
    const r = list[i];
    s += `${i ? ',' : ''}{"file":${q(r.file)},"position":${num(r.position)},"rawHash":${q(r.rawHash)},"source":${q(r.source)}}`;
  }
  return s + ']';
}

function optional(parts: Array<[string, string | undefined]>): string {
  let s = '{';
  let first = true;
  for (const [k, v] of parts) {
    if (v === undefined) continue;
    s += (first ? '' : ',') + `"${k}":` + v;
    first = false;
  }
  return s + '}';
}

/**
 * A payload's canonical JSON in three pieces, cut where `hash` and `prevHash` go in sorted key order (after
 * `file`, and after `precision`): the payload's JSON is `a + b + c`, the whole event's `a + hash + b + prevHash + c`.
 * Written field by field: the same text `canonicalJson` gives, several times faster.
 */
function payloadSegments(p: TimelinePayload): [string, string, string] {
  const a = p.actor;
  const first = `{"action":${q(p.action)},"actor":${optional([
    ['userId', a.userId === undefined ? undefined : q(a.userId)],
    ['username', a.username === undefined ? undefined : q(a.username)],
  ])},"file":${q(p.file)}`;
  let s = '';
  if (p.ip !== undefined) s += `,"ip":${q(p.ip)}`;
  if (p.keys !== undefined)
    s += `,"keys":${optional([
      ['login', p.keys.login === undefined ? undefined : q(p.keys.login)],
      ['request', p.keys.request === undefined ? undefined : q(p.keys.request)],
      ['session', p.keys.session === undefined ? undefined : q(p.keys.session)],
    ])}`;
  s += `,"markers":${strings(p.markers)}`;
  if (p.outcome !== undefined) s += `,"outcome":${q(p.outcome)}`;
  s += `,"position":${num(p.position)},"precision":${q(p.precision)}`;
  let t = `,"rawHash":${q(p.rawHash)},"seq":${num(p.seq)}`;
  if (p.sessionId !== undefined) t += `,"sessionId":${q(p.sessionId)}`;
  t += `,"source":${q(p.source)},"sourceTs":${num(p.sourceTs)},"sources":${sourcesJson(p.sources)}`;
  if (p.target !== undefined)
    t += `,"target":${optional([
      ['object', p.target.object === undefined ? undefined : q(p.target.object)],
      ['recordIds', p.target.recordIds === undefined ? undefined : strings(p.target.recordIds)],
    ])}`;
  return [first, s, t + `,"time":${q(p.time)},"ts":${num(p.ts)}}`];
}

/** The canonical JSON (see `domain/canonical-json.ts`) of a timeline payload; with `link`, of the whole event. */
export function timelinePayloadJson(p: TimelinePayload, link?: ChainLink): string {
  const [a, b, c] = payloadSegments(p);
  return link ? `${a},"hash":${q(link.hash)}${b},"prevHash":${q(link.prevHash)}${c}` : a + b + c;
}

/** The canonical JSON of a whole timeline event (payload plus link), one line of the timeline file. */
export function timelineEventJson(e: TimelineEvent): string {
  return timelinePayloadJson(e, e);
}

/**
 * Links a payload after `prevHash` with `hasher` (SHA-256 over `prevHash` and the payload's canonical JSON) and
 * returns the event with its canonical JSON, rendering the payload once for both.
 */
export function linkPayload(
  p: TimelinePayload,
  prevHash: string,
  hasher: (prevHash: string, payloadJson: string) => string,
): { event: TimelineEvent; line: string } {
  const [a, b, c] = payloadSegments(p);
  const hash = hasher(prevHash, a + b + c);
  const event: TimelineEvent = Object.assign(p, { prevHash, hash });
  return { event, line: `${a},"hash":"${hash}"${b},"prevHash":"${prevHash}"${c}` };
}
