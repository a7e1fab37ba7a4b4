import { toId18 } from '../salesforce/ids';
import type { CanonicalEvent } from './event';

/** Which events a timeline build keeps: a time window (inclusive, corrected time) and/or users. */
export interface EventFilterSpec {
  /** Epoch ms; events before it are left out. */
  from?: number;
  /** Epoch ms; events after it are left out. */
  to?: number;
  /** User ids (15 or 18 characters) or usernames (case-insensitive); events of other users are left out. */
  users?: readonly string[];
}

/**
 * The filter as a predicate over skew-corrected events (`ts` already corrected), or undefined when it keeps
 * everything. A user matches by 18-character id or by username, as each source records it.
 */
export function eventFilter(
  spec: EventFilterSpec,
): ((e: Pick<CanonicalEvent, 'ts' | 'actor'>) => boolean) | undefined {
  const users = spec.users ?? [];
  if (spec.from === undefined && spec.to === undefined && !users.length) return undefined;
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const u of users) {
    const id = toId18(u);
    if (id) ids.add(id);
    names.add(u.toLowerCase());
  }
  const from = spec.from ?? -Infinity;
  const to = spec.to ?? Infinity;
  return (e) => {
    if (e.ts < from || e.ts > to) return false;
    if (!users.length) return true;
    const { userId, username } = e.actor;
    if (userId && ids.has(toId18(userId) ?? userId)) return true;
    return !!username && names.has(username.toLowerCase());
  };
}
