import { ipMatcher, MarkerDetector, type StitchedEvent } from '../../../../domain/timeline/reconstruct';
import { IpAddressError } from '../../../../domain/ip';
import { ev } from './fixtures';

const st = (partial: Parameters<typeof ev>[0]): StitchedEvent => {
  const e = ev(partial);
  return { ...e, sourceTs: e.ts, sources: [] };
};

test('IPv4 and IPv6 CIDRs and exact addresses', () => {
  const match = ipMatcher(['203.0.113.0/24', '2001:DB8::1', '10.0.0.1', '2001:db8:85a3::/48']);
  expect(match('203.0.113.77')).toBe(true);
  expect(match('203.0.114.1')).toBe(false);
  expect(match('2001:db8::1')).toBe(true);
  expect(match('2001:0db8:0:0:0:0:0:0001')).toBe(true);
  expect(match('10.0.0.1')).toBe(true);
  expect(match('::ffff:203.0.113.9')).toBe(true);
  expect(match('2001:db8:85a3:ffff::7')).toBe(true);
  expect(match('2001:db8:85a4::7')).toBe(false);
  expect(match('not-an-ip')).toBe(false);
  expect(match(undefined)).toBe(false);
  expect(ipMatcher(['0.0.0.0/0'])('8.8.8.8')).toBe(true);
  expect(() => ipMatcher(['1.2.3.4/33'])).toThrow(IpAddressError);
  expect(() => ipMatcher(['1.2.3.4/33'])).toThrow(/prefix length '33'.*0–32 for IPv4/);
});

test('suspicious IPv6 ranges mark IPv6 events, however the address is spelt', () => {
  const d = new MarkerDetector({ suspiciousIps: ['2001:db8:bad::/48'] });
  expect(d.markersOf(st({ ip: '2001:db8:bad1::1' }))).toEqual([]);
  expect(d.markersOf(st({ ip: '2001:0DB8:0BAD:0:0:0:0:7' }))).toEqual(['first-suspicious-access']);
});

test('first-suspicious-access and first-export mark only the first match', () => {
  const d = new MarkerDetector({ suspiciousIps: ['198.51.100.0/24'], suspiciousUsers: ['005000000000009'] });
  expect(d.markersOf(st({ ip: '203.0.113.5' }))).toEqual([]);
  expect(d.markersOf(st({ ip: '198.51.100.7' }))).toEqual(['first-suspicious-access']);
  expect(d.markersOf(st({ ip: '198.51.100.8' }))).toEqual([]);
  const byUser = new MarkerDetector({ suspiciousUsers: ['005000000000009'] });
  expect(byUser.markersOf(st({ actor: { userId: '005000000000009AAA' } }))).toEqual([
    'first-suspicious-access',
  ]);
  const byName = new MarkerDetector({ suspiciousUsers: ['Mallory@Example.org'] });
  expect(byName.markersOf(st({ actor: { username: 'mallory@example.org' } }))).toEqual([
    'first-suspicious-access',
  ]);

  const e = new MarkerDetector();
  expect(e.markersOf(st({ action: 'API' }))).toEqual([]);
  expect(e.markersOf(st({ action: 'Report', raw: { ExportFileFormat: 'CSV' } }))).toEqual(['first-export']);
  expect(e.markersOf(st({ action: 'ReportExport' }))).toEqual([]);
  expect(new MarkerDetector().markersOf(st({ source: 'RTEM:BulkApiResultEventStore', action: 'x' }))).toEqual(
    ['first-export'],
  );
});

test('containment actions and discovery mark every matching event', () => {
  const d = new MarkerDetector();
  const step = st({
    source: 'incident-log',
    action: 'step-completed',
    raw: { kind: 'salesforce.freeze-users' },
  });
  expect(d.markersOf(step)).toEqual(['containment-action']);
  expect(d.markersOf(step)).toEqual(['containment-action']);
  expect(
    d.markersOf(st({ source: 'incident-log', action: 'step-completed', raw: { kind: 'slack.notify' } })),
  ).toEqual([]);
  expect(d.markersOf(st({ source: 'SetupAuditTrail', action: 'frozeuser' }))).toEqual(['containment-action']);
  expect(d.markersOf(st({ source: 'SetupAuditTrail', action: 'revokedoauthtoken' }))).toEqual([
    'containment-action',
  ]);
  expect(d.markersOf(st({ source: 'SetupAuditTrail', action: 'Froze user nurse.jones' }))).toEqual([
    'containment-action',
  ]);
  expect(d.markersOf(st({ source: 'SetupAuditTrail', action: 'PermSetAssign' }))).toEqual([]);
  expect(d.markersOf(st({ source: 'incident-log', action: 'declared' }))).toEqual(['discovery']);
  expect(d.markersOf(st({ source: 'incident-log', action: 'discovered-at-changed' }))).toEqual(['discovery']);
  const custom = new MarkerDetector({ isSalesforceStep: (x) => x.raw.stepId === 'freeze' });
  expect(
    custom.markersOf(st({ source: 'incident-log', action: 'step-completed', raw: { stepId: 'freeze' } })),
  ).toEqual(['containment-action']);
});
