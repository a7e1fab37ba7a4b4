import { toId18 } from '../../salesforce/ids';
import type { CanonicalEvent } from '../event';

/** The action class used to match one real event across sources (`Login`, `LoginEvent` → `login`). */
export function actionClass(action: string): string {
  const lower = action.toLowerCase();
  if (lower.startsWith('login')) return lower.startsWith('loginas') ? 'loginas' : 'login';
  if (lower.startsWith('logout')) return 'logout';
  return lower;
}

/** True when two actors are the same user: 18-character ids when both have one, otherwise usernames (case-insensitive). */
export function sameActor(a: CanonicalEvent['actor'], b: CanonicalEvent['actor']): boolean {
  if (a.userId && b.userId) {
    const x = toId18(a.userId) ?? a.userId;
    const y = toId18(b.userId) ?? b.userId;
    return x === y;
  }
  if (a.username && b.username) return a.username.toLowerCase() === b.username.toLowerCase();
  return false;
}
