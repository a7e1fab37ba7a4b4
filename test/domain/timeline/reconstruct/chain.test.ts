import fc from 'fast-check';
import { canonicalJson } from '../../../../domain/canonical-json';
import { linkHash, verifyHashChain, type ChainLink } from '../../../../domain/hash-chain';
import {
  pureLinkHasher,
  TimelineChainer,
  timelineEventJson,
  timelinePayloadJson,
  type TimelinePayload,
} from '../../../../domain/timeline/reconstruct';

const str = fc.string({ unit: 'binary', maxLength: 12 });
const opt = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });

/** Random payloads including absent optional members and awkward strings. */
const payloadArb: fc.Arbitrary<TimelinePayload> = fc
  .record({
    seq: fc.integer({ min: 1, max: 1e9 }),
    ts: fc.integer({ min: 0, max: 4e12 }),
    sourceTs: fc.integer({ min: -1e12, max: 4e12 }),
    precision: fc.constantFrom<'ms' | 's' | 'min'>('ms', 's', 'min'),
    source: str,
    file: str,
    position: fc.integer({ min: 1, max: 1e9 }),
    rawHash: str,
    sources: fc.array(fc.record({ source: str, file: str, position: fc.nat(), rawHash: str }), {
      maxLength: 3,
    }),
    userId: opt(str),
    username: opt(str),
    action: str,
    target: opt(fc.record({ object: opt(str), recordIds: opt(fc.array(str, { maxLength: 3 })) })),
    ip: opt(str),
    keys: opt(fc.record({ session: opt(str), login: opt(str), request: opt(str) })),
    outcome: opt(str),
    sessionId: opt(str),
    markers: fc.array(str, { maxLength: 3 }),
  })
  .map(({ userId, username, target, keys, ...rest }) => {
    const p: TimelinePayload = { ...rest, time: new Date(rest.ts).toISOString(), actor: {} };
    if (userId !== undefined) p.actor.userId = userId;
    if (username !== undefined) p.actor.username = username;
    if (target) {
      p.target = {};
      if (target.object !== undefined) p.target.object = target.object;
      if (target.recordIds !== undefined) p.target.recordIds = target.recordIds;
    }
    if (keys) {
      p.keys = {};
      for (const k of ['session', 'login', 'request'] as const)
        if (keys[k] !== undefined) p.keys[k] = keys[k];
    }
    for (const k of ['ip', 'outcome', 'sessionId'] as const) if (p[k] === undefined) delete p[k];
    return p;
  });

test('property: the fast payload serializer writes exactly canonicalJson', () => {
  fc.assert(
    fc.property(
      payloadArb,
      fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }),
      (p, h) => {
        expect(timelinePayloadJson(p)).toBe(canonicalJson(p));
        const full = { ...p, prevHash: h, hash: h.split('').reverse().join('') };
        expect(timelineEventJson(full)).toBe(canonicalJson(full));
      },
    ),
    { numRuns: 1000 },
  );
});

test('property: the chainer links as domain/hash-chain does, and verifyHashChain accepts the result', () => {
  fc.assert(
    fc.property(fc.array(payloadArb, { maxLength: 8 }), (payloads) => {
      const chainer = new TimelineChainer();
      const links = payloads.map((p, i) => chainer.link({ ...p, seq: i + 1 }));
      links.forEach((l) => {
        const { prevHash, hash, ...payload } = l;
        expect(hash).toBe(linkHash(prevHash, payload));
        expect(pureLinkHasher(prevHash, canonicalJson(payload))).toBe(hash);
      });
      const verdict = verifyHashChain(links as unknown as Array<ChainLink & Record<string, unknown>>);
      expect(verdict.ok).toBe(true);
      if (verdict.ok && links.length) expect(verdict.rootHash).toBe(chainer.lastHash);
    }),
    { numRuns: 100 },
  );
});

test('non-finite numbers are refused as canonicalJson refuses them', () => {
  expect(() =>
    timelinePayloadJson({
      seq: 1,
      ts: Number.NaN,
      sourceTs: 0,
      time: 'x',
      precision: 'ms',
      source: 's',
      file: 'f',
      position: 1,
      rawHash: 'h',
      sources: [],
      actor: {},
      action: 'a',
      markers: [],
    }),
  ).toThrow(TypeError);
});
