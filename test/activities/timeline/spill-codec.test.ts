import fc from 'fast-check';
import { decodeSpillLine, encodeSpillLine } from '../../../activities/timeline/spill-codec';
import type { Precision } from '../../../domain/timeline/event';
import type { SkewedEvent } from '../../../domain/timeline/reconstruct';

/** Text with the characters the codec must escape mixed in. */
const tricky = fc.string({
  unit: fc.constantFrom('a', 'Z', '0', '\t', '\n', '\r', '\\', '\u0000', 'é', '"', ','),
});
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const eventArb: fc.Arbitrary<SkewedEvent> = fc
  .record({
    ts: fc.integer({ min: 0, max: 4_102_444_800_000 }),
    skew: fc.oneof(fc.constant(0), fc.integer({ min: -86_400_000, max: 86_400_000 })),
    precision: fc.constantFrom<Precision>('ms', 's', 'min'),
    source: tricky,
    file: tricky,
    position: fc.nat(),
    userId: maybe(tricky),
    username: maybe(tricky),
    action: tricky,
    target: maybe(fc.record({ object: maybe(tricky), recordIds: maybe(fc.array(tricky, { maxLength: 3 })) })),
    ip: maybe(tricky),
    keys: maybe(fc.record({ session: maybe(tricky), login: maybe(tricky), request: maybe(tricky) })),
    outcome: maybe(tricky),
    raw: fc.dictionary(tricky, fc.oneof(tricky, fc.constant(null)), { maxKeys: 3 }),
    rawHash: tricky,
  })
  .map((r) => ({
    ts: r.ts,
    sourceTs: r.ts - r.skew,
    precision: r.precision,
    source: r.source,
    file: r.file,
    position: r.position,
    actor: { userId: r.userId, username: r.username },
    action: r.action,
    target: r.target,
    ip: r.ip,
    keys: r.keys,
    outcome: r.outcome,
    raw: r.raw,
    rawHash: r.rawHash,
  }));

test('a spilled event decodes to exactly the event written, whatever its texts hold (property)', () => {
  fc.assert(
    fc.property(eventArb, (e) => {
      const line = encodeSpillLine(e);
      expect(line).not.toMatch(/[\n\r]/);
      expect(decodeSpillLine(line)).toEqual(e);
    }),
    { numRuns: 500 },
  );
});

test('a line the codec did not write is refused, not misread', () => {
  expect(() => decodeSpillLine('{"ts":1}')).toThrow(/not a run line/);
  const fields = encodeSpillLine({
    ts: 1,
    sourceTs: 1,
    precision: 'ms',
    source: 's',
    file: 'f',
    position: 1,
    actor: {},
    action: 'a',
    raw: {},
    rawHash: 'h',
  }).split('\t');
  fields[2] = 'hours';
  expect(() => decodeSpillLine(fields.join('\t'))).toThrow(/not a run line/);
});
