import fc from 'fast-check';
import { formatIncidentId, isIncidentId } from '../../domain/incident-id';

test('property: every formatted id is well-formed and carries the UTC declaration date', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 4_102_444_800_000 }),
      fc.uint8Array({ minLength: 6, maxLength: 6 }),
      (ms, random) => {
        const id = formatIncidentId(ms, random);
        expect(isIncidentId(id)).toBe(true);
        expect(id.slice(4, 12)).toBe(new Date(ms).toISOString().slice(0, 10).replace(/-/g, ''));
      },
    ),
  );
});

test('malformed ids are rejected; too little randomness is refused', () => {
  for (const bad of [
    'INC-2026123-ABCDEF',
    'inc-20261203-ABCDEF',
    'INC-20261203-ABCDEI',
    'INC-20261203-ABCDE',
    "INC-20261203-ABCDEF' OR 1=1",
  ]) {
    expect(isIncidentId(bad)).toBe(false);
  }
  expect(() => formatIncidentId(0, new Uint8Array(5))).toThrow(RangeError);
});
