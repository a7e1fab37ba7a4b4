import { SessionStitcher, type MergedEvent } from '../../../../domain/timeline/reconstruct';
import { BASE, ev } from './fixtures';

const m = (partial: Parameters<typeof ev>[0]): MergedEvent => {
  const e = ev(partial);
  return {
    ...e,
    sourceTs: e.ts,
    sources: [{ source: e.source, file: e.file, position: e.position, rawHash: e.rawHash }],
  };
};

test('login → actions → logout sharing keys get one session id (the login key)', () => {
  const s = new SessionStitcher();
  const out = s.push([
    m({ position: 1, action: 'Login', keys: { login: 'LK1' } }),
    m({ position: 2, ts: BASE + 10, action: 'API', keys: { login: 'LK1', session: 'SK1' } }),
    m({ position: 3, ts: BASE + 20, action: 'ReportExport', keys: { session: 'SK1' } }),
    m({ position: 4, ts: BASE + 30, action: 'API', keys: { session: 'SK2' } }),
    m({ position: 5, ts: BASE + 40, action: 'Logout', keys: { session: 'SK1' } }),
    m({ position: 6, ts: BASE + 50, action: 'Setup' }),
  ]);
  expect(out.map((e) => e.sessionId)).toEqual(['LK1', 'LK1', 'LK1', 'SK2', 'LK1', undefined]);
  expect(s.sessions).toBe(2);
});

test('sessions idle longer than the limit are forgotten (bounded memory)', () => {
  const s = new SessionStitcher({ idleHours: 1 });
  s.push([m({ keys: { login: 'LK1', session: 'SK1' } })]);
  const late = s.push([m({ ts: BASE + 2 * 3_600_000, keys: { session: 'SK1' } })]);
  expect(late[0].sessionId).toBe('SK1');
  for (let i = 0; i < 5000; i++)
    s.push([m({ ts: BASE + 3 * 3_600_000 + i * 60_000, keys: { login: `L${i}` } })]);
  expect(s.size).toBeLessThanOrEqual(61);
});

test('a session seen through its session key keeps its login key alive', () => {
  const s = new SessionStitcher({ idleHours: 1 });
  s.push([m({ keys: { login: 'LK1', session: 'SK1' } })]);
  s.push([m({ ts: BASE + 50 * 60_000, keys: { session: 'SK1' } })]);
  const out = s.push([m({ ts: BASE + 100 * 60_000, keys: { login: 'LK1' } })]);
  expect(out[0].sessionId).toBe('LK1');
});
