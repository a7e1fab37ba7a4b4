import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildTimelineFromFiles,
  hashEvidence,
  RejectsFile,
  verifyTimelineFile,
  type BuildFromFilesOptions,
} from '../../../activities/timeline';
import { toId18 } from '../../../domain/salesforce/ids';
import { SourceFormatError } from '../../../domain/timeline/parsers';

const HEADER =
  '"EVENT_TYPE","TIMESTAMP","REQUEST_ID","USER_ID","CLIENT_IP","URI","TIMESTAMP_DERIVED","USER_ID_DERIVED"';
const T0 = Date.UTC(2026, 2, 10, 18, 0, 0);

/** An EventLogFile URI CSV of `rows` events, one a second, out of file order, users alternating. */
function uriCsv(rows: number, offsetMs: number): string {
  const lines = [HEADER];
  for (let i = rows - 1; i >= 0; i--) {
    const ts = T0 + offsetMs + i * 1000;
    const user = i % 2 ? '0055e000001AbCd' : '0055e000002XyZw';
    lines.push(
      `"URI","20260310180000.000","REQ${offsetMs}-${i}","${user}","10.0.0.${i % 250}","/lightning/r/Contact/003${i}/view","${new Date(ts).toISOString()}","${toId18(user)}"`,
    );
  }
  return lines.join('\n') + '\n';
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tq-build-files-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes the inputs and builds from them with the given options; returns the summary, rejects and timeline text. */
async function build(
  inputs: Record<string, string>,
  options: Partial<BuildFromFilesOptions> & { tag: string },
) {
  const paths: string[] = [];
  for (const [name, text] of Object.entries(inputs)) {
    const p = join(dir, name);
    await writeFile(p, text);
    paths.push(p);
  }
  const manifest = await hashEvidence(paths);
  const rejects = await RejectsFile.open(join(dir, `${options.tag}.rejects.ndjson`));
  const out = join(dir, `${options.tag}.timeline.json`);
  try {
    const summary = await buildTimelineFromFiles(
      await Promise.all(
        paths.map(async (p) => ({ path: p, file: p.slice(dir.length + 1), bytes: (await stat(p)).size })),
      ),
      { out, tmpDir: dir, manifest, ...options, rejects },
    );
    await rejects.close();
    return { summary, out, rejects, timeline: await readFile(out, 'utf8') };
  } finally {
    await rejects.close();
  }
}

test('two parse workers with tiny runs give the same timeline, byte for byte, as one worker with one run', async () => {
  const inputs = { 'a.csv': uriCsv(300, 0), 'b.csv': uriCsv(200, 500), 'c.csv': uriCsv(50, 250) };
  const many = await build(inputs, { tag: 'many', threads: 2, runSize: 7 });
  const one = await build(inputs, { tag: 'one', threads: 1, runSize: 1_000_000 });
  expect(many.summary.events).toBe(550);
  expect(many.summary.files.map((f) => [f.name, f.read])).toEqual([
    ['EventLogFile', 300],
    ['EventLogFile', 200],
    ['EventLogFile', 50],
  ]);
  // The header holds the creation time of the manifest; the events and the root hash must be identical.
  const events = (text: string) => text.slice(text.indexOf('\n"events":['));
  expect(events(many.timeline)).toBe(events(one.timeline));
  expect(many.summary.rootHash).toBe(one.summary.rootHash);
  const seqTimes = [...many.timeline.matchAll(/"ts":(\d+)/g)].map((m) => Number(m[1]));
  expect(seqTimes).toEqual([...seqTimes].sort((x, y) => x - y));
  expect(await verifyTimelineFile(many.out)).toMatchObject({ ok: true, events: 550 });
  // Spill folders are private and removed: only inputs and outputs remain.
  expect((await readdir(dir)).filter((f) => f.startsWith('tourniquet-'))).toEqual([]);
});

test('rejects are written with file and line, filters count what they leave out, skew moves the filter window', async () => {
  const csv = uriCsv(10, 0).replace(/\n"URI","20260310180000.000","REQ0-3"[^\n]*/, '\n"URI","not-a-time"');
  const { summary, rejects } = await build(
    { 'uri.csv': csv },
    {
      tag: 'filtered',
      threads: 2,
      runSize: 3,
      skew: { 'EventLogFile:*': 60_000 },
      // After +60 s the events sit at 18:01:00…18:01:09; keep 18:01:02…18:01:05 of user 0055e000001AbCd (odd i).
      filter: { from: T0 + 62_000, to: T0 + 65_000, users: ['0055e000001AbCd'] },
    },
  );
  expect(rejects.total).toBe(1);
  expect(rejects.sample[0]).toMatchObject({ file: 'uri.csv' });
  expect(summary.files[0]).toMatchObject({ read: 9, filteredOut: 8 });
  // i = 5 only: 3 is the rejected row, 2 and 4 belong to the other user.
  expect(summary.events).toBe(1);
});

test('an input whose format cannot be told fails the build with a SourceFormatError naming the file', async () => {
  await expect(
    build({ 'good.csv': uriCsv(5, 0), 'mystery.txt': 'hello\nworld\n' }, { tag: 'bad', threads: 2 }),
  ).rejects.toThrow(SourceFormatError);
  await expect(build({ 'mystery2.txt': 'hello\nworld\n' }, { tag: 'bad2', threads: 1 })).rejects.toThrow(
    /mystery2\.txt/,
  );
});

test('two inputs with the same evidence name are refused before anything is parsed', async () => {
  const p = join(dir, 'x.csv');
  await writeFile(p, uriCsv(3, 0));
  const rejects = await RejectsFile.open(join(dir, 'r.ndjson'));
  await expect(
    buildTimelineFromFiles(
      [
        { path: p, file: 'x.csv', bytes: 1 },
        { path: p, file: 'x.csv', bytes: 1 },
      ],
      { out: join(dir, 't.json'), tmpDir: dir, manifest: { files: [], createdAt: '' }, rejects },
    ),
  ).rejects.toThrow(/two inputs are named x\.csv/);
  await rejects.close();
});
