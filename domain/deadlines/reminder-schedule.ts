import type { ObligationResult } from './result';

/**
 * When reminders and escalations go out for evaluated obligations. Pure and deterministic, so the deadline
 * workflow calls it on every wake-up with workflow time.
 *
 * - A reminder is due `offset` before an obligation's due instant (offset 0: at the due instant).
 * - An escalation goes out as soon as the obligation is overdue (1 ms after its due instant) and again every
 *   `escalateEveryMs` while it stays overdue and unmet.
 * - A due instant is "armed" when first seen. Reminders whose instant was already past at that moment never go out
 *   (an incident discovered 40 days ago gets no "30 days left" reminder); escalations always do.
 * - When several reminders of one obligation are past and unsent (a worker was down), only the latest goes out;
 *   the earlier ones are marked superseded. Likewise only the latest escalation.
 * - A due instant that moves (tolling, a corrected discovery time) is armed afresh under its new instant.
 */

/** What the schedule remembers between wake-ups (plain JSON; carried across continue-as-new). */
export interface ReminderState {
  /** `obligationId@dueMs` → workflow time it was first seen. */
  armed: Record<string, number>;
  /** Keys of reminders and escalations sent or superseded (`obligationId@dueMs#r<offset>`, `…#e<k>`). */
  done: string[];
}

/** Reminder offsets and escalation cadence. */
export interface ReminderPolicy {
  /** Milliseconds before the due instant, e.g. 30 days … 24 hours, and 0 for "at due". */
  offsetsMs: readonly number[];
  /** Repeat period of the overdue escalation. */
  escalateEveryMs: number;
}

/** One reminder or escalation to send now. */
export interface ReminderNotice {
  kind: 'reminder' | 'overdue';
  obligation: ObligationResult;
  /** The instant it was scheduled for (epoch ms). */
  scheduledAt: number;
  /** For a reminder: its offset before the due instant. For an escalation: how long the obligation is overdue. */
  offsetMs: number;
  key: string;
}

/** The schedule's answer at one instant. */
export interface ReminderPlan {
  /** Send these now, in schedule order. */
  fire: ReminderNotice[];
  /** The next instant anything is scheduled, if anything is. */
  nextAt: number | undefined;
  /** Reminders still to come, earliest first (for the `deadlines` query). */
  upcoming: Array<{ obligationId: string; kind: 'reminder' | 'overdue'; at: number }>;
  state: ReminderState;
}

/** The default policy: 30 d, 14 d, 7 d, 72 h and 24 h before, and at the due instant; escalation daily. */
export const DEFAULT_REMINDER_POLICY: ReminderPolicy = {
  offsetsMs: [30, 14, 7, 3, 1, 0].map((days) => days * 86_400_000),
  escalateEveryMs: 86_400_000,
};

const OPEN: ReadonlySet<string> = new Set(['pending', 'due-soon', 'overdue']);

/** Plans reminders for `obligations` at workflow time `now`; `state` is not modified (the new one is returned). */
export function planReminders(
  obligations: readonly ObligationResult[],
  policy: ReminderPolicy,
  state: ReminderState,
  now: number,
): ReminderPlan {
  const armed: Record<string, number> = {};
  const done = new Set(state.done);
  const fire: ReminderNotice[] = [];
  const upcoming: ReminderPlan['upcoming'] = [];
  const offsets = [...new Set(policy.offsetsMs)].sort((a, b) => b - a);
  for (const obligation of obligations) {
    if (!OPEN.has(obligation.status) || obligation.due === null) continue;
    const due = Date.parse(obligation.due);
    const armKey = `${obligation.id}@${due}`;
    const armedAt = state.armed[armKey] ?? now;
    armed[armKey] = armedAt;

    let latest: ReminderNotice | undefined;
    for (const offset of offsets) {
      const at = due - offset;
      const key = `${armKey}#r${offset}`;
      if (at < armedAt || done.has(key)) continue;
      if (at > now) {
        upcoming.push({ obligationId: obligation.id, kind: 'reminder', at });
        continue;
      }
      if (latest) done.add(latest.key);
      latest = { kind: 'reminder', obligation, scheduledAt: at, offsetMs: offset, key };
    }
    if (latest) fire.push(latest);

    const firstEscalation = due + 1;
    if (now >= firstEscalation) {
      const k = Math.floor((now - firstEscalation) / policy.escalateEveryMs);
      const at = firstEscalation + k * policy.escalateEveryMs;
      const key = `${armKey}#e${k}`;
      if (!done.has(key))
        fire.push({ kind: 'overdue', obligation, scheduledAt: at, offsetMs: at - due, key });
      upcoming.push({ obligationId: obligation.id, kind: 'overdue', at: at + policy.escalateEveryMs });
    } else upcoming.push({ obligationId: obligation.id, kind: 'overdue', at: firstEscalation });
  }
  for (const notice of fire) done.add(notice.key);
  fire.sort((a, b) => a.scheduledAt - b.scheduledAt || a.obligation.id.localeCompare(b.obligation.id));
  upcoming.sort((a, b) => a.at - b.at || a.obligationId.localeCompare(b.obligationId));
  // Keys of obligations no longer open (met, moved) are dropped, so the state stays as small as what is pending.
  const live = Object.keys(armed);
  const kept = [...done].filter((key) => live.some((a) => key.startsWith(`${a}#`)));
  return { fire, nextAt: upcoming[0]?.at, upcoming, state: { armed, done: kept } };
}
