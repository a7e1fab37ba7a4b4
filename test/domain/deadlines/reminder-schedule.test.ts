import fc from 'fast-check';
import type { ObligationResult } from '../../../domain/deadlines';
import {
  DEFAULT_REMINDER_POLICY,
  planReminders,
  type ReminderNotice,
  type ReminderState,
} from '../../../domain/deadlines/reminder-schedule';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 2, 10, 19, 0, 0);

function obligation(
  id: string,
  due: number | null,
  status: ObligationResult['status'] = 'pending',
): ObligationResult {
  return {
    id,
    ruleId: id,
    title: id,
    regime: 'HIPAA',
    recipient: 'individuals',
    due: due === null ? null : new Date(due).toISOString(),
    dueLocal: null,
    triggeredAt: null,
    basis: '',
    citation: '45 CFR 164.404',
    outerLimit: '',
    status,
    statusReason: '',
    tolled: false,
    verifiedOn: '2026-12-04',
  };
}

/** Runs the schedule the way the workflow does: wake at each `nextAt` until `until`; returns every notice sent. */
function simulate(
  obligations: ObligationResult[],
  start: number,
  until: number,
): Array<ReminderNotice & { at: number }> {
  const sent: Array<ReminderNotice & { at: number }> = [];
  let state: ReminderState = { armed: {}, done: [] };
  let now = start;
  for (let i = 0; i < 1000 && now <= until; i++) {
    const plan = planReminders(obligations, DEFAULT_REMINDER_POLICY, state, now);
    state = plan.state;
    for (const n of plan.fire) sent.push({ ...n, at: now });
    if (plan.nextAt === undefined) break;
    expect(plan.nextAt).toBeGreaterThan(now);
    now = plan.nextAt;
  }
  return sent;
}

test('a 60-day deadline armed at discovery reminds at 30 d, 14 d, 7 d, 72 h, 24 h and at due, each exactly once and on time', () => {
  const due = T0 + 60 * DAY;
  const sent = simulate([obligation('hipaa-individuals', due)], T0, due - 1);
  expect(sent.map((n) => [n.kind, (due - n.at) / HOUR])).toEqual([
    ['reminder', 30 * 24],
    ['reminder', 14 * 24],
    ['reminder', 7 * 24],
    ['reminder', 72],
    ['reminder', 24],
  ]);
  const atDue = simulate([obligation('hipaa-individuals', due)], T0, due + 2 * DAY + 5);
  expect(atDue.slice(5).map((n) => [n.kind, n.at - due])).toEqual([
    ['reminder', 0],
    ['overdue', 1],
    ['overdue', 1 + DAY],
    ['overdue', 1 + 2 * DAY],
  ]);
});

test('reminders already past when a deadline is first seen are not sent; an overdue one escalates at once', () => {
  const due = T0 + 60 * DAY;
  const late = simulate([obligation('o', due)], due - 10 * DAY, due - 1);
  expect(late.map((n) => (due - n.at) / DAY)).toEqual([7, 3, 1]);
  const overdue = planReminders(
    [obligation('o', due, 'overdue')],
    DEFAULT_REMINDER_POLICY,
    { armed: {}, done: [] },
    due + 5 * HOUR,
  );
  expect(overdue.fire.map((n) => [n.kind, n.scheduledAt - due])).toEqual([['overdue', 1]]);
});

test('after a long outage only the latest missed reminder goes out, the earlier ones are superseded', () => {
  const due = T0 + 60 * DAY;
  const first = planReminders([obligation('o', due)], DEFAULT_REMINDER_POLICY, { armed: {}, done: [] }, T0);
  const woke = planReminders([obligation('o', due)], DEFAULT_REMINDER_POLICY, first.state, due - 2 * DAY);
  expect(woke.fire.map((n) => n.offsetMs / DAY)).toEqual([3]);
  const again = planReminders([obligation('o', due)], DEFAULT_REMINDER_POLICY, woke.state, due - 2 * DAY);
  expect(again.fire).toEqual([]);
  expect(again.nextAt).toBe(due - DAY);
});

test('met, not-applicable and uncomputed obligations get nothing; a moved due instant is armed afresh', () => {
  const plan = planReminders(
    [obligation('met', T0, 'met'), obligation('na', null, 'not-applicable')],
    DEFAULT_REMINDER_POLICY,
    { armed: {}, done: [] },
    T0,
  );
  expect(plan).toMatchObject({ fire: [], nextAt: undefined, upcoming: [] });
  const due = T0 + 60 * DAY;
  const before = planReminders([obligation('o', due)], DEFAULT_REMINDER_POLICY, { armed: {}, done: [] }, T0);
  const tolled = planReminders(
    [obligation('o', due + 30 * DAY)],
    DEFAULT_REMINDER_POLICY,
    before.state,
    T0 + DAY,
  );
  expect(tolled.nextAt).toBe(due); // 30 days before the new due instant
  expect(Object.keys(tolled.state.armed)).toEqual([`o@${due + 30 * DAY}`]);
});

test('property: every notice goes out at or after its instant, never twice, and never before the deadline was seen', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: -20 * DAY, max: 90 * DAY }), { minLength: 1, maxLength: 4 }),
      fc.integer({ min: 0, max: 100 * DAY }),
      (dueOffsets, horizon) => {
        const obligations = dueOffsets.map((d, i) =>
          obligation(`o${i}`, T0 + d, d < 0 ? 'overdue' : 'pending'),
        );
        const sent = simulate(obligations, T0, T0 + horizon);
        const keys = sent.map((n) => n.key);
        expect(new Set(keys).size).toBe(keys.length);
        for (const n of sent) {
          expect(n.at).toBeGreaterThanOrEqual(n.scheduledAt);
          if (n.kind === 'reminder') expect(n.scheduledAt).toBeGreaterThanOrEqual(T0);
          else expect(n.scheduledAt).toBeGreaterThan(Date.parse(n.obligation.due ?? ''));
        }
      },
    ),
    { numRuns: 200 },
  );
});
