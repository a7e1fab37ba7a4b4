import { HOUR_MS, formatDuration, type EpochMs } from './instant';
import { formatLocal } from './time-zone';
import type { ObligationStatus } from './vocabulary';

/**
 * Where an applicable obligation stands at `now`: `met` when it was met (saying how late, if it was);
 * otherwise `overdue` once `now` is past `due`, `due-soon` within `dueSoonWithinHours` of it (the due instant
 * itself included), `pending` before that. `due` is `null` only for a met obligation whose due was not computed.
 */
export function statusAt(
  due: EpochMs | null,
  metAt: EpochMs | undefined,
  now: EpochMs,
  dueSoonWithinHours: number,
  zone: string,
): { status: ObligationStatus; statusReason: string } {
  if (metAt !== undefined) {
    const late = due !== null && metAt > due ? `, ${formatDuration(metAt - due)} after the deadline` : '';
    return { status: 'met', statusReason: `met at ${formatLocal(metAt, zone)}${late}` };
  }
  if (due === null) throw new RangeError('an unmet obligation needs a due instant');
  if (now > due) return { status: 'overdue', statusReason: `overdue by ${formatDuration(now - due)}` };
  const left = due - now;
  if (left <= dueSoonWithinHours * HOUR_MS)
    return { status: 'due-soon', statusReason: `due in ${formatDuration(left)}` };
  return { status: 'pending', statusReason: `due in ${formatDuration(left)}` };
}
