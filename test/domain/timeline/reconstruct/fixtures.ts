import fc from 'fast-check';
import type { CanonicalEvent, Precision } from '../../../../domain/timeline/event';
import { PRECISION_MS } from '../../../../domain/timeline/event';

/** Test helpers: canonical events by hand and at random. */

const BASE = Date.UTC(2026, 2, 10, 19, 0, 0);

/** A canonical event with sensible defaults. */
export function ev(partial: Partial<CanonicalEvent> & { ts?: number } = {}): CanonicalEvent {
  return {
    ts: BASE,
    precision: 'ms',
    source: 'EventLogFile:Login',
    file: 'elf-login.csv',
    position: 1,
    actor: { userId: '005000000000001AAA' },
    action: 'Login',
    ip: '203.0.113.5',
    raw: {},
    rawHash: 'a'.repeat(64),
    ...partial,
  };
}

export { BASE };

const SOURCES: Array<[string, Precision]> = [
  ['incident-log', 'ms'],
  ['RTEM:LoginEvent', 'ms'],
  ['EventLogFile:Login', 'ms'],
  ['EventLogFile:ReportExport', 'ms'],
  ['LoginHistory', 's'],
  ['SetupAuditTrail', 's'],
  ['generic:vpn', 'min'],
];

/** Random events from a few sources, users and IPs, timestamps aligned to their precision (as sources write them). */
export function eventArb(): fc.Arbitrary<Omit<CanonicalEvent, 'position' | 'file'>> {
  return fc
    .record({
      src: fc.constantFrom(...SOURCES),
      offset: fc.integer({ min: 0, max: 5 * 60_000 }),
      user: fc.constantFrom('005000000000001AAA', '005000000000002AAA'),
      ip: fc.constantFrom('203.0.113.5', '198.51.100.7', undefined),
      action: fc.constantFrom('Login', 'ReportExport', 'Logout'),
      precision: fc.option(fc.constantFrom<Precision>('ms', 's', 'min'), { nil: undefined }),
    })
    .map(({ src, offset, user, ip, action, precision }) => {
      const p = precision ?? src[1];
      const w = PRECISION_MS[p];
      return {
        ts: BASE + Math.floor(offset / w) * w,
        precision: p,
        source: src[0],
        actor: { userId: user, username: `${user}@example.org` },
        action,
        ...(ip ? { ip } : {}),
        raw: {},
        rawHash: 'b'.repeat(64),
      };
    });
}

/** Random event lists with unique (source, file, position). */
export function eventsArb(maxLength = 60): fc.Arbitrary<CanonicalEvent[]> {
  return fc.array(eventArb(), { maxLength }).map((list) => {
    const next = new Map<string, number>();
    return list.map((e) => {
      const position = (next.get(e.source) ?? 0) + 1;
      next.set(e.source, position);
      return { ...e, file: `${e.source}.csv`, position };
    });
  });
}
