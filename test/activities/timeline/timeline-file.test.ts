import fc from 'fast-check';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  csvCell,
  hashEvidence,
  verifyTimelineFile,
  writeTimeline,
  nodeLinkHasher,
  type EvidenceManifest,
} from '../../../activities/timeline';
import { GENESIS_HASH } from '../../../domain/hash-chain';
import {
  compareEvents,
  reconstructAll,
  skewCorrector,
  type TimelineEvent,
} from '../../../domain/timeline/reconstruct';
import { BASE, ev } from '../../domain/timeline/reconstruct/fixtures';

let dir: string;
const manifest: EvidenceManifest = { files: [], createdAt: new Date(0).toISOString() };
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tq-timeline-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function timeline(n: number): TimelineEvent[] {
  const correct = skewCorrector();
  const input = Array.from({ length: n }, (_, i) =>
    correct(
      ev({
        ts: BASE + i * 1000,
        position: i + 1,
        action: i % 3 ? 'API' : '=HYPERLINK("http://evil")',
        actor: { username: `ü${i}@example.org` },
        raw: { note: 'x\u001by' },
        keys: { session: `S${i % 4}` },
      }),
    ),
  ).sort(compareEvents);
  return reconstructAll(input, { hasher: nodeLinkHasher }).events;
}

test('writes the timeline (root hash first, one event per line), NDJSON and CSV; verify accepts it', async () => {
  const events = timeline(25);
  const out = join(dir, 'timeline.json');
  const result = await writeTimeline([events.slice(0, 10), events[10], events.slice(11)], {
    out,
    ndjson: join(dir, 'timeline.ndjson'),
    csv: join(dir, 'timeline.csv'),
    sources: () => [{ name: 'EventLogFile', file: 'elf.csv', sha256: null, events: 25, rejects: 0 }],
    manifest,
    stats: { note: 'test' },
  });
  expect(result).toMatchObject({ events: 25, rootHash: events[24].hash });
  const text = await readFile(out, 'utf8');
  const parsed = JSON.parse(text) as {
    rootHash: string;
    events: TimelineEvent[];
    stats: Record<string, unknown>;
  };
  expect(Object.keys(parsed)[2]).toBe('rootHash');
  expect(parsed.rootHash).toBe(events[24].hash);
  expect(parsed.events).toEqual(JSON.parse(JSON.stringify(events)));
  expect(parsed.stats).toEqual({ note: 'test', events: 25, rootHash: events[24].hash });
  expect(await verifyTimelineFile(out)).toEqual({ ok: true, events: 25, rootHash: events[24].hash });
  const nd = (await readFile(join(dir, 'timeline.ndjson'), 'utf8')).trimEnd().split('\n');
  expect(nd.map((l) => (JSON.parse(l) as TimelineEvent).seq)).toEqual(events.map((e) => e.seq));
  const csv = (await readFile(join(dir, 'timeline.csv'), 'utf8')).split('\r\n');
  expect(csv[0].startsWith('seq,time,ts,')).toBe(true);
  expect(csv[1]).toContain(`,"'=HYPERLINK(""http://evil"")",`);
});

test('an empty timeline has the genesis root hash and verifies', async () => {
  const out = join(dir, 't.json');
  await writeTimeline([], { out, sources: [], manifest });
  expect(JSON.parse(await readFile(out, 'utf8'))).toMatchObject({ rootHash: GENESIS_HASH, events: [] });
  expect(await verifyTimelineFile(out)).toEqual({ ok: true, events: 0, rootHash: GENESIS_HASH });
});

test('CSV cells are safe against formula injection and quoted when needed', () => {
  expect(csvCell('=1+2')).toBe("'=1+2");
  expect(csvCell('+1')).toBe("'+1");
  expect(csvCell('-1')).toBe("'-1");
  expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  expect(csvCell('\tx')).toBe("'\tx");
  expect(csvCell('\rx')).toBe(`"'\rx"`);
  expect(csvCell('a,b')).toBe('"a,b"');
  expect(csvCell('say "hi"')).toBe('"say ""hi"""');
  expect(csvCell('plain')).toBe('plain');
  expect(csvCell(-5)).toBe('-5');
  expect(csvCell(undefined)).toBe('');
});

test('removing, reordering or re-linking events is reported at the first broken seq', async () => {
  const events = timeline(6);
  const out = join(dir, 't.json');
  await writeTimeline([events], { out, sources: [], manifest });
  const lines = (await readFile(out, 'utf8')).split('\n');
  const first = lines.indexOf('"events":[') + 1;
  const without = [...lines];
  without.splice(first + 2, 1);
  await writeFile(out, without.join('\n'));
  expect(await verifyTimelineFile(out)).toMatchObject({ ok: false, brokenAt: 3 });
  const truncated = lines.slice(0, first + 3);
  await writeFile(out, truncated.join('\n'));
  expect(await verifyTimelineFile(out)).toMatchObject({ ok: false });
});

test('property: any single-byte change in the events region is detected', async () => {
  const events = timeline(8);
  const out = join(dir, 't.json');
  await writeTimeline([events], { out, sources: [], manifest });
  const original = await readFile(out);
  const start = original.indexOf('"events":[\n') + '"events":[\n'.length;
  const end = original.indexOf('\n],\n"stats"') + 1;
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: start, max: end - 1 }),
      fc.integer({ min: 1, max: 255 }),
      async (at, delta) => {
        const copy = Buffer.from(original);
        copy[at] = (copy[at] + delta) % 256;
        await writeFile(out, copy);
        const verdict = await verifyTimelineFile(out);
        expect(verdict.ok).toBe(false);
      },
    ),
    { numRuns: 400 },
  );
  await writeFile(out, original);
  expect((await verifyTimelineFile(out)).ok).toBe(true);
});

test('with evidenceDir, the first tampered evidence file is named', async () => {
  const evidence = join(dir, 'evidence');
  await rm(evidence, { recursive: true, force: true });
  await import('node:fs/promises').then((fs) => fs.mkdir(evidence));
  await writeFile(join(evidence, 'a.csv'), 'a\n');
  await writeFile(join(evidence, 'b.csv'), 'b\n');
  const m = await hashEvidence([join(evidence, 'a.csv'), join(evidence, 'b.csv')], { baseDir: evidence });
  const out = join(dir, 't.json');
  await writeTimeline([timeline(3)], { out, sources: [], manifest: m });
  expect(await verifyTimelineFile(out, { evidenceDir: evidence })).toMatchObject({
    ok: true,
    evidenceFiles: 2,
  });
  await writeFile(join(evidence, 'b.csv'), 'B\n');
  expect(await verifyTimelineFile(out, { evidenceDir: evidence })).toMatchObject({
    ok: false,
    file: 'b.csv',
    brokenAt: null,
  });
});
