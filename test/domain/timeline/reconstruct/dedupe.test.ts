import fc from 'fast-check';
import type { CanonicalEvent } from '../../../../domain/timeline/event';
import {
  compareEvents,
  Deduplicator,
  skewCorrector,
  type MergedEvent,
} from '../../../../domain/timeline/reconstruct';
import { BASE, ev, eventsArb } from './fixtures';

function dedupe(events: readonly CanonicalEvent[], batch = 5): { out: MergedEvent[]; merged: number } {
  const correct = skewCorrector();
  const sorted = events.map(correct).sort(compareEvents);
  const d = new Deduplicator();
  const out: MergedEvent[] = [];
  for (let i = 0; i < sorted.length; i += batch) out.push(...d.push(sorted.slice(i, i + batch)));
  out.push(...d.flush());
  return { out, merged: d.merged };
}

const lh = (partial: Partial<CanonicalEvent> = {}): CanonicalEvent =>
  ev({
    source: 'LoginHistory',
    file: 'login-history.csv',
    precision: 's',
    actor: { userId: '005000000000001', username: 'Ann@Example.org' },
    ...partial,
  });
const elf = (partial: Partial<CanonicalEvent> = {}): CanonicalEvent =>
  ev({ ts: BASE + 555, actor: { userId: '005000000000001AAA', username: 'ann@example.org' }, ...partial });

test('a LoginHistory login and the EventLogFile login within its second merge, keeping the ms time and both sources', () => {
  const { out, merged } = dedupe([lh(), elf({ keys: { login: 'LK1' } })]);
  expect(merged).toBe(1);
  expect(out).toHaveLength(1);
  expect(out[0].ts).toBe(BASE + 555);
  expect(out[0].precision).toBe('ms');
  expect(out[0].source).toBe('EventLogFile:Login');
  expect(out[0].keys).toEqual({ login: 'LK1' });
  expect(out[0].sources.map((s) => s.source)).toEqual(['EventLogFile:Login', 'LoginHistory']);
});

test('no merge outside the precision window, with another IP, another user, or another action', () => {
  expect(dedupe([lh(), elf({ ts: BASE + 1000 })]).out).toHaveLength(2);
  expect(dedupe([lh(), elf({ ts: BASE - 1 })]).out).toHaveLength(2);
  expect(dedupe([lh(), elf({ ip: '198.51.100.7' })]).out).toHaveLength(2);
  expect(dedupe([lh(), elf({ actor: { userId: '005000000000002AAA' } })]).out).toHaveLength(2);
  expect(dedupe([lh(), elf({ action: 'Logout' })]).out).toHaveLength(2);
  expect(dedupe([lh({ ip: undefined }), elf({ ip: undefined })]).out).toHaveLength(2);
});

test('usernames compare case-insensitively when ids are missing; LoginEvent counts as a login', () => {
  const a = lh({ actor: { username: 'ANN@example.org' } });
  const b = elf({ actor: { username: 'ann@EXAMPLE.org' }, action: 'LoginEvent', source: 'RTEM:LoginEvent' });
  expect(dedupe([a, b]).out).toHaveLength(1);
});

test('two records of the same source never merge, even identical ones', () => {
  expect(dedupe([elf(), elf({ position: 2 })]).out).toHaveLength(2);
  expect(dedupe([lh(), lh({ position: 2 }), elf()]).out).toHaveLength(2);
});

test('merges happen only inside the look-back window and memory does not grow with the stream', () => {
  const d = new Deduplicator();
  const correct = skewCorrector();
  let released = 0;
  for (let i = 0; i < 10_000; i++) {
    released += d.push([correct(elf({ ts: BASE + i * 1000, position: i + 1 }))]).length;
  }
  expect(released).toBeGreaterThan(9_900);
  expect(d.flush().length + released).toBe(10_000);
});

test('property: output sorted, nothing lost or invented, never two records of one source, idempotent', () => {
  fc.assert(
    fc.property(eventsArb(80), fc.integer({ min: 1, max: 9 }), (events, batch) => {
      const { out, merged } = dedupe(events, batch);
      for (let i = 1; i < out.length; i++) expect(compareEvents(out[i - 1], out[i])).toBeLessThanOrEqual(0);
      const refs = out.flatMap((e) => e.sources.map((s) => `${s.source}#${s.position}`)).sort();
      expect(refs).toEqual(events.map((e) => `${e.source}#${e.position}`).sort());
      expect(out.length + merged).toBe(events.length);
      for (const e of out) expect(new Set(e.sources.map((s) => s.source)).size).toBe(e.sources.length);
      const again = dedupe(out, batch);
      expect(again.merged).toBe(0);
      expect(again.out).toEqual(out);
    }),
    { numRuns: 300 },
  );
});
