/** The simulator's notion of "now" in epoch milliseconds. */
export type Clock = () => number;

/**
 * A clock that starts at `startIso` (when given) and then advances with real time, so a scenario set on
 * 10 March 2026 keeps millisecond ordering between requests; without `startIso`, the wall clock.
 */
export function createClock(startIso?: string): Clock {
  if (!startIso) return () => Date.now();
  const start = Date.parse(startIso);
  const realStart = Date.now();
  return () => start + (Date.now() - realStart);
}
