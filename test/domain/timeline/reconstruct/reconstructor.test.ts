import {
  compareEvents,
  reconstructAll,
  Reconstructor,
  skewCorrector,
  verifyTimelineEvents,
} from '../../../../domain/timeline/reconstruct';
import { BASE, ev } from './fixtures';

test('the whole pipeline: skew, dedupe, sessions, markers, seq, chain', () => {
  const correct = skewCorrector({ LoginHistory: -1200 });
  const input = [
    ev({ source: 'incident-log', file: 'log.json', action: 'declared', ts: BASE + 60_000, ip: undefined }),
    ev({
      source: 'LoginHistory',
      file: 'lh.csv',
      precision: 's',
      ts: BASE + 1000,
      actor: { userId: '005000000000001' },
    }),
    ev({ ts: BASE + 555, keys: { login: 'LK1', session: 'SK1' } }),
    ev({
      source: 'EventLogFile:ReportExport',
      file: 'elf-rx.csv',
      action: 'ReportExport',
      ts: BASE + 5000,
      keys: { session: 'SK1' },
    }),
    ev({
      source: 'SetupAuditTrail',
      file: 'sat.csv',
      precision: 's',
      action: 'frozeuser',
      ts: BASE + 70_000,
      ip: undefined,
    }),
  ];
  const sorted = input.map(correct).sort(compareEvents);
  const { events, summary } = reconstructAll(sorted, { markers: { suspiciousIps: ['203.0.113.0/24'] } });
  expect(events.map((e) => [e.seq, e.action, e.sources.length, e.sessionId, e.markers])).toEqual([
    [1, 'Login', 2, 'LK1', ['first-suspicious-access']],
    [2, 'ReportExport', 1, 'LK1', ['first-export']],
    [3, 'declared', 1, undefined, ['discovery']],
    [4, 'frozeuser', 1, undefined, ['containment-action']],
  ]);
  expect(events[0].ts).toBe(BASE + 555);
  expect(events[0].sources[1]).toMatchObject({ source: 'LoginHistory', file: 'lh.csv' });
  expect(events[0].time).toBe(new Date(BASE + 555).toISOString());
  expect(summary).toMatchObject({
    events: 4,
    duplicatesMerged: 1,
    markers: { 'first-suspicious-access': 1, 'first-export': 2, discovery: 3, 'containment-action': 4 },
    timeSpan: { from: BASE + 555, to: BASE + 70_000 },
    rootHash: events[3].hash,
  });
  expect(verifyTimelineEvents(events)).toEqual({ ok: true, count: 4, rootHash: events[3].hash });
});

test('feeding in batches gives the same timeline as all at once', () => {
  const correct = skewCorrector();
  const sorted = Array.from({ length: 200 }, (_, i) =>
    correct(
      ev({
        ts: BASE + Math.floor(i / 3) * 700,
        position: i + 1,
        source: i % 2 ? 'LoginHistory' : 'EventLogFile:Login',
      }),
    ),
  ).sort(compareEvents);
  const whole = reconstructAll(sorted);
  const r = new Reconstructor();
  const parts = [];
  for (let i = 0; i < sorted.length; i += 17) parts.push(...r.push(sorted.slice(i, i + 17)));
  const end = r.finish();
  expect([...parts, ...end.events]).toEqual(whole.events);
  expect(end.summary).toEqual(whole.summary);
});
