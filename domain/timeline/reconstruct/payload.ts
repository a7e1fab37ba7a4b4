import type { ChainLink } from '../../hash-chain';
import type { SourceRef, StitchedEvent, TimelineEvent, TimelinePayload } from './types';

/** Builds the hashed payload of a timeline event, copying only the fields the timeline defines. */
export function timelinePayload(e: StitchedEvent, seq: number, markers: string[]): TimelinePayload {
  const p: TimelinePayload = {
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
    actor: {},
    action: e.action,
    markers,
  };
  if (e.actor.userId !== undefined) p.actor.userId = e.actor.userId;
  if (e.actor.username !== undefined) p.actor.username = e.actor.username;
  if (e.target) {
    p.target = {};
    if (e.target.object !== undefined) p.target.object = e.target.object;
    if (e.target.recordIds !== undefined) p.target.recordIds = [...e.target.recordIds];
  }
  if (e.ip !== undefined) p.ip = e.ip;
  if (e.keys) {
    p.keys = {};
    if (e.keys.login !== undefined) p.keys.login = e.keys.login;
    if (e.keys.request !== undefined) p.keys.request = e.keys.request;
    if (e.keys.session !== undefined) p.keys.session = e.keys.session;
  }
  if (e.outcome !== undefined) p.outcome = e.outcome;
  if (e.sessionId !== undefined) p.sessionId = e.sessionId;
  return p;
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
 * The canonical JSON (see `domain/canonical-json.ts`) of a timeline payload, written field by field: the same text
 * `canonicalJson(payload)` gives, several times faster. With `link`, `hash` and `prevHash` are included in their
 * sorted places (the canonical JSON of the whole timeline event).
 */
export function timelinePayloadJson(p: TimelinePayload, link?: ChainLink): string {
  const a = p.actor;
  let s = `{"action":${q(p.action)},"actor":${optional([
    ['userId', a.userId === undefined ? undefined : q(a.userId)],
    ['username', a.username === undefined ? undefined : q(a.username)],
  ])},"file":${q(p.file)}`;
  if (link) s += `,"hash":${q(link.hash)}`;
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
  if (link) s += `,"prevHash":${q(link.prevHash)}`;
  s += `,"rawHash":${q(p.rawHash)},"seq":${num(p.seq)}`;
  if (p.sessionId !== undefined) s += `,"sessionId":${q(p.sessionId)}`;
  s += `,"source":${q(p.source)},"sourceTs":${num(p.sourceTs)},"sources":${sourcesJson(p.sources)}`;
  if (p.target !== undefined)
    s += `,"target":${optional([
      ['object', p.target.object === undefined ? undefined : q(p.target.object)],
      ['recordIds', p.target.recordIds === undefined ? undefined : strings(p.target.recordIds)],
    ])}`;
  return s + `,"time":${q(p.time)},"ts":${num(p.ts)}}`;
}

/** The canonical JSON of a whole timeline event (payload plus link), one line of the timeline file. */
export function timelineEventJson(e: TimelineEvent): string {
  return timelinePayloadJson(e, e);
}
