import fc from 'fast-check';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { externalSort, externalSortBatches } from '../../../activities/timeline';
import type { CanonicalEvent } from '../../../domain/timeline/event';
import { compareEvents } from '../../../domain/timeline/reconstruct';
import { eventsArb } from '../../domain/timeline/reconstruct/fixtures';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tq-sort-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

async function* from<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const x of items) yield await Promise.resolve(x);
}

function synthetic(n: number, seed = 1): CanonicalEvent[] {
  let s = seed;
  const rnd = (): number => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const sources = ['EventLogFile:Login', 'LoginHistory', 'RTEM:ApiEvent', 'incident-log', 'generic:vpn'];
  return Array.from({ length: n }, (_, i) => ({
    ts: 1_700_000_000_000 + Math.floor(rnd() * 5000),
    precision: (['ms', 's', 'min'] as const)[Math.floor(rnd() * 3)],
    source: sources[Math.floor(rnd() * sources.length)],
    file: `f${Math.floor(rnd() * 3)}.csv`,
    position: i + 1,
    actor: { userId: '005000000000001AAA', username: `u${i % 7}@x.org` },
    action: 'Login',
    ip: '203.0.113.5',
    raw: { LINE: `line "${i}"\n,=cmd`, N: i, OK: i % 2 === 0, NIL: null },
    rawHash: 'c'.repeat(64),
  }));
}

test('a tiny runSize over a few thousand events gives exactly the in-memory sort, and spill files are removed', async () => {
  const events = synthetic(3000);
  const sorted = await collect(externalSort(from(events), { tmpDir: dir, runSize: 7, fanIn: 16 }));
  expect(sorted).toEqual([...events].sort(compareEvents));
  expect(await readdir(dir)).toEqual([]);
});

test('input that fits in one run is sorted in memory; batches respect batchSize', async () => {
  const events = synthetic(100, 7);
  const batches = await collect(externalSortBatches(events, { tmpDir: dir, runSize: 1000, batchSize: 30 }));
  expect(batches.map((b) => b.length)).toEqual([30, 30, 30, 10]);
  expect(batches.flat()).toEqual([...events].sort(compareEvents));
});

test('stable: events with equal order keys keep their input order across runs', async () => {
  const events = Array.from({ length: 50 }, (_, i) => ({
    ...synthetic(1)[0],
    ts: 5,
    position: 1,
    action: `a${i}`,
  }));
  const sorted = await collect(externalSort(from(events), { tmpDir: dir, runSize: 3 }));
  expect(sorted.map((e) => e.action)).toEqual(events.map((e) => e.action));
});

test('stopping early still removes the spill files', async () => {
  const it = externalSort(from(synthetic(500)), { tmpDir: dir, runSize: 10 });
  for await (const _ of it) break;
  expect(await readdir(dir)).toEqual([]);
});

test('property: external sort equals in-memory sort for any input and run size', async () => {
  await fc.assert(
    fc.asyncProperty(eventsArb(80), fc.integer({ min: 1, max: 20 }), async (events, runSize) => {
      const sorted = await collect(externalSort(from(events), { tmpDir: dir, runSize, fanIn: 3 }));
      expect(sorted).toEqual([...events].sort(compareEvents));
    }),
    { numRuns: 60 },
  );
});
