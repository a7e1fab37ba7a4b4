import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTimeline, hashEvidence, verifyTimelineFile } from '../../../activities/timeline';
import type { CanonicalEvent } from '../../../domain/timeline/event';
import { BASE, ev } from '../../domain/timeline/reconstruct/fixtures';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tq-build-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function* gen(events: CanonicalEvent[]): AsyncGenerator<CanonicalEvent> {
  for (const e of events) yield await Promise.resolve(e);
}

test('builds a verified timeline from several sources: skew, dedupe, sessions, markers, summary', async () => {
  const evidence = join(dir, 'evidence');
  await mkdir(evidence);
  await writeFile(join(evidence, 'login-history.csv'), 'lh');
  await writeFile(join(evidence, 'elf-login.csv'), 'elf');
  const manifest = await hashEvidence([join(evidence, 'login-history.csv'), join(evidence, 'elf-login.csv')]);
  // LoginHistory runs 1.2 s fast: after -1200 ms its second [BASE - 200, BASE + 800) holds the ELF login at BASE + 555.
  const lh = Array.from({ length: 50 }, (_, i) =>
    ev({
      source: 'LoginHistory',
      file: 'login-history.csv',
      precision: 's',
      position: i + 1,
      ts: BASE + 1000 + i * 60_000,
      actor: { userId: '005000000000001' },
    }),
  );
  const elf = Array.from({ length: 50 }, (_, i) =>
    ev({ position: i + 1, file: 'elf-login.csv', ts: BASE + 555 + i * 60_000, keys: { login: `LK${i}` } }),
  );
  let rejected = 0;
  const summary = await buildTimeline(
    [
      { name: 'LoginHistory', file: 'login-history.csv', events: gen(lh), rejects: () => 2 },
      {
        name: 'EventLogFile',
        file: 'elf-login.csv',
        events: (async function* () {
          yield* gen(elf);
          rejected = 1;
        })(),
        rejects: () => rejected,
      },
    ],
    {
      out: join(dir, 'timeline.json'),
      csv: join(dir, 'timeline.csv'),
      tmpDir: dir,
      runSize: 7,
      manifest,
      skew: { LoginHistory: -1200 },
      markers: { suspiciousIps: ['203.0.113.0/24'] },
    },
  );
  expect(summary).toMatchObject({
    eventsPerSource: { LoginHistory: 50, EventLogFile: 50 },
    rejects: { LoginHistory: 2, EventLogFile: 1 },
    events: 50,
    duplicatesMerged: 50,
    markers: { 'first-suspicious-access': 1 },
    timeSpan: {
      from: new Date(BASE + 555).toISOString(),
      to: new Date(BASE + 555 + 49 * 60_000).toISOString(),
    },
  });
  expect(summary.rootHash).toMatch(/^[0-9a-f]{64}$/);
  const verdict = await verifyTimelineFile(join(dir, 'timeline.json'), { evidenceDir: evidence });
  expect(verdict).toEqual({ ok: true, events: 50, rootHash: summary.rootHash, evidenceFiles: 2 });
  expect((await readdir(dir)).sort()).toEqual(['evidence', 'timeline.csv', 'timeline.json']);
});
