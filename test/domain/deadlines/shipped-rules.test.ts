import type { DeadlineFactsInput } from '../../../domain/deadlines';
import { evaluate, obligation, waiting } from './support';

const NY = 'America/New_York';

// One or more vectors per shipped rule: the facts, the obligation, and its due instant in local time.
const VECTORS: Array<[string, Partial<DeadlineFactsInput>, string, string]> = [
  ['HIPAA individuals, leap year: 15 Jan 2028 + 60 days', { discoveredAt: '2028-01-15T10:00:00-05:00', timeZone: NY }, 'hipaa-individuals', '2028-03-15T10:00:00.000-04:00'],
  ['HIPAA individuals over the November DST change', { discoveredAt: '2026-09-10T09:00:00-04:00', timeZone: NY }, 'hipaa-individuals', '2026-11-09T09:00:00.000-05:00'],
  ['HIPAA individuals over the year end', { discoveredAt: '2026-11-15T12:00:00-05:00', timeZone: NY }, 'hipaa-individuals', '2027-01-14T12:00:00.000-05:00'],
  ['HIPAA media in a State with more than 500', { affected: { total: 700, byJurisdiction: { CA: 501, NV: 199 } } }, 'hipaa-media:CA', '2026-05-01T09:00:00.000+00:00'],
  ['HIPAA HHS (500 or more) with individuals not yet notified: their deadline', { affected: { total: 500 } }, 'hipaa-hhs-500-or-more', '2026-05-01T09:00:00.000+00:00'],
  ['HIPAA HHS (500 or more) once individuals are notified: that instant', { affected: { total: 500 }, events: [{ type: 'individuals-notified', at: '2026-04-10T15:00:00Z' }] }, 'hipaa-hhs-500-or-more', '2026-04-10T15:00:00.000+00:00'],
  ['HIPAA HHS (under 500), discovered in 2027: end of 29 Feb 2028', { discoveredAt: '2027-06-01T12:00:00-04:00', timeZone: NY, affected: { total: 499 } }, 'hipaa-hhs-under-500', '2028-02-29T23:59:59.999-05:00'],
  ['HIPAA HHS (under 500), discovered 31 Dec late evening: still that year locally', { discoveredAt: '2026-12-31T23:30:00-05:00', timeZone: NY, affected: { total: 10 } }, 'hipaa-hhs-under-500', '2027-03-01T23:59:59.999-05:00'],
  ['HIPAA business associate to the covered entity', { entityType: 'business-associate' }, 'hipaa-business-associate', '2026-05-01T09:00:00.000+00:00'],
  ['FTC HBNR individuals', { entityType: 'phr-vendor' }, 'ftc-hbnr-individuals', '2026-05-01T09:00:00.000+00:00'],
  ['FTC HBNR media at 500 residents', { entityType: 'phr-vendor', affected: { total: 500, byJurisdiction: { FL: 500 } } }, 'ftc-hbnr-media:FL', '2026-05-01T09:00:00.000+00:00'],
  ['FTC HBNR notice to the FTC with individuals (500 or more)', { entityType: 'phr-vendor', affected: { total: 800 }, events: [{ type: 'individuals-notified', at: '2026-03-20T10:00:00Z' }] }, 'ftc-hbnr-ftc-500-or-more', '2026-03-20T10:00:00.000+00:00'],
  ['FTC HBNR annual log (under 500)', { entityType: 'phr-vendor', affected: { total: 12 } }, 'ftc-hbnr-ftc-under-500', '2027-03-01T23:59:59.999+00:00'],
  ['SEC 8-K: 4 business days around 3 July 2026 (Independence Day observed)', { timeZone: NY, publicCompany: true, materialityDeterminedAt: '2026-06-30T10:00:00-04:00' }, 'sec-8k-item-1-05', '2026-07-07T10:00:00.000-04:00'],
  ['SEC 8-K: over Thanksgiving', { timeZone: NY, publicCompany: true, materialityDeterminedAt: '2026-11-23T09:30:00-05:00' }, 'sec-8k-item-1-05', '2026-11-30T09:30:00.000-05:00'],
  ['SEC 8-K: Christmas 2027 on a Saturday, observed Friday', { timeZone: NY, publicCompany: true, materialityDeterminedAt: '2027-12-22T17:00:00-05:00' }, 'sec-8k-item-1-05', '2027-12-29T17:00:00.000-05:00'],
  ['GDPR: 72 hours after awareness, over the March DST change', { timeZone: NY, euDataSubjects: true, awareAt: '2026-03-07T12:00:00-05:00' }, 'gdpr-art-33', '2026-03-10T13:00:00.000-04:00'],
  ['GDPR: awareness not given, discovery used', { euDataSubjects: true }, 'gdpr-art-33', '2026-03-05T09:00:00.000+00:00'],
  ['California residents: 30 days', { affected: { total: 10, byJurisdiction: { CA: 10 } } }, 'us-ca-individuals', '2026-04-01T09:00:00.000+00:00'],
  ['California AG: 15 days after residents are notified', { affected: { total: 501, byJurisdiction: { CA: 501 } }, events: [{ type: 'individuals-notified', at: '2026-03-20T12:00:00Z' }] }, 'us-ca-attorney-general', '2026-04-04T12:00:00.000+00:00'],
  ['California CDPH: 15 business days, weekdays only (3 July counts)', { timeZone: NY, discoveredAt: '2026-06-30T10:00:00-04:00', attributes: { 'ca-licensed-health-facility': true } }, 'us-ca-cdph', '2026-07-21T10:00:00.000-04:00'],
  ['California patient notice under 1280.15: same', { timeZone: NY, discoveredAt: '2026-06-30T10:00:00-04:00', attributes: { 'ca-licensed-health-facility': true } }, 'us-ca-cdph-patient', '2026-07-21T10:00:00.000-04:00'],
  ['Texas individuals: 60 days from determination', { affected: { total: 5, byJurisdiction: { TX: 5 } }, determinedAt: '2026-03-05T00:00:00Z' }, 'us-tx-individuals', '2026-05-04T00:00:00.000+00:00'],
  ['Texas AG: 30 days from determination at 250 Texans', { affected: { total: 250, byJurisdiction: { TX: 250 } }, determinedAt: '2026-03-05T00:00:00Z' }, 'us-tx-attorney-general', '2026-04-04T00:00:00.000+00:00'],
  ['Florida individuals: 30 days (determination not given: discovery)', { affected: { total: 1, byJurisdiction: { FL: 1 } } }, 'us-fl-individuals', '2026-04-01T09:00:00.000+00:00'],
  ['Florida Department of Legal Affairs at 500', { affected: { total: 500, byJurisdiction: { FL: 500 } } }, 'us-fl-legal-affairs', '2026-04-01T09:00:00.000+00:00'],
  ['New York residents: 30 days after discovery', { affected: { total: 1, byJurisdiction: { NY: 1 } } }, 'us-ny-individuals', '2026-04-01T09:00:00.000+00:00'],
  ['New York AG: 5 business days after HHS, Christmas counted (weekdays only)', { timeZone: NY, affected: { total: 1, byJurisdiction: { NY: 1 } }, events: [{ type: 'hhs-notified', at: '2026-12-23T15:00:00-05:00' }] }, 'us-ny-attorney-general-after-hhs', '2026-12-30T15:00:00.000-05:00'],
  ['Washington residents: 30 days after discovery', { affected: { total: 3, byJurisdiction: { WA: 3 } } }, 'us-wa-individuals', '2026-04-01T09:00:00.000+00:00'],
  ['Washington AG at more than 500', { affected: { total: 501, byJurisdiction: { WA: 501 } } }, 'us-wa-attorney-general', '2026-04-01T09:00:00.000+00:00'],
  ['Colorado residents: 30 days from determination', { affected: { total: 7, byJurisdiction: { CO: 7 } }, determinedAt: '2026-03-10T12:00:00Z' }, 'us-co-individuals', '2026-04-09T12:00:00.000+00:00'],
  ['Colorado AG at 500', { affected: { total: 500, byJurisdiction: { CO: 500 } }, determinedAt: '2026-03-10T12:00:00Z' }, 'us-co-attorney-general', '2026-04-09T12:00:00.000+00:00'],
]; // prettier-ignore

describe('shipped rules: due instants', () => {
  test.each(VECTORS)('%s', (_why, overrides, id, dueLocal) => {
    const found = obligation(evaluate(overrides), id);
    expect(found.dueLocal).toBe(dueLocal);
    expect(new Date(found.due!).getTime()).toBe(Date.parse(dueLocal));
  });
});

describe('shipped rules: basis and citation', () => {
  test('the basis walks through applicability, trigger, rule, tolling and the due instant', () => {
    const found = obligation(
      evaluate({ discoveredAt: '2026-01-20T09:00:00-05:00', timeZone: NY }),
      'hipaa-individuals',
    );
    expect(found.citation).toBe('45 CFR 164.404(b)');
    expect(found.outerLimit).toMatch(/in no case later than 60 calendar days after discovery/);
    expect(found.basis).toBe(
      'Applies: the entity is a covered-entity; 100 affected in total is at least 1. ' +
        'Trigger: discovery at 2026-01-20T09:00:00.000-05:00. ' +
        'Rule: 60 calendar days, to the same local clock time (the earlier reading of "60 days"; the later would run to the end of that day): 2026-03-21T09:00:00.000-04:00. ' +
        'Tolling: no law-enforcement delay recorded (45 CFR 164.412). ' +
        'Due 2026-03-21T13:00:00.000Z (2026-03-21T09:00:00.000-04:00).',
    );
    expect(found.triggeredAt).toBe('2026-01-20T14:00:00.000Z');
  });

  test('an assumed trigger says so', () => {
    const found = obligation(
      evaluate({ affected: { total: 1, byJurisdiction: { TX: 1 } } }),
      'us-tx-individuals',
    );
    expect(found.basis).toContain(
      'Trigger: determination that a breach occurred — not given, so discovery at 2026-03-02T09:00:00.000+00:00 is used (the earliest it can be).',
    );
  });

  test('business-day rules name the holidays they skipped', () => {
    const found = obligation(
      evaluate({ timeZone: NY, publicCompany: true, materialityDeterminedAt: '2026-06-30T10:00:00-04:00' }),
      'sec-8k-item-1-05',
    );
    expect(found.basis).toContain('2026-07-03 (Independence Day, observed)');
    expect(found.regime).toBe('SEC');
    expect(found.recipient).toBe('sec');
  });
});

describe('shipped rules: what cannot be computed yet, and why', () => {
  test('SEC needs the materiality determination', () => {
    const sec = waiting(evaluate({ publicCompany: true }), 'sec-8k-item-1-05');
    expect(sec.missing).toEqual([
      { fact: 'materialityDeterminedAt', description: expect.stringContaining('determined to be material') },
    ]);
  });

  test('a total without per-State counts: State rules wait for counts instead of being skipped', () => {
    const result = evaluate({ affected: { total: 1200 } });
    for (const id of [
      'us-ca-individuals',
      'us-tx-individuals',
      'us-tx-attorney-general',
      'us-fl-legal-affairs',
      'us-ny-individuals',
      'us-wa-attorney-general',
      'us-co-individuals',
    ])
      expect(waiting(result, id).missing).toEqual([expect.objectContaining({ fact: 'residents' })]);
    expect(waiting(result, 'hipaa-media').missing).toEqual([
      expect.objectContaining({ fact: 'residents', jurisdiction: 'each' }),
    ]);
  });

  test('a total too small for a threshold decides it without per-State counts', () => {
    const result = evaluate({ affected: { total: 249 } });
    expect(obligation(result, 'us-tx-attorney-general').statusReason).toBe(
      'with 249 affected in total, residents of TX cannot be at least 250',
    );
    expect(obligation(result, 'hipaa-media').status).toBe('not-applicable');
    expect(waiting(result, 'us-tx-individuals').missing[0]).toMatchObject({
      fact: 'residents',
      jurisdiction: 'TX',
    });
  });

  test('New York AG waits for the HHS notice and says when HHS is due', () => {
    const ny = waiting(
      evaluate({ affected: { total: 600, byJurisdiction: { NY: 600 } } }),
      'us-ny-attorney-general-after-hhs',
    );
    expect(ny.missing).toEqual([
      {
        fact: 'obligation-met',
        obligations: ['hipaa-hhs-500-or-more'],
        description:
          'when hipaa-hhs-500-or-more is met (hipaa-hhs-500-or-more is due 2026-05-01T09:00:00.000+00:00)',
      },
    ]);
  });

  test('California 1280.15 asks whether the entity is a licensed facility; "no" rules it out', () => {
    expect(waiting(evaluate(), 'us-ca-cdph').missing).toEqual([
      expect.objectContaining({ fact: 'attribute', attribute: 'ca-licensed-health-facility' }),
    ]);
    expect(
      obligation(evaluate({ attributes: { 'ca-licensed-health-facility': false } }), 'us-ca-cdph').status,
    ).toBe('not-applicable');
  });

  test('flags rule regimes out with the reason', () => {
    const result = evaluate();
    expect(obligation(result, 'sec-8k-item-1-05').statusReason).toBe(
      'the entity is not an SEC registrant (publicCompany is false)',
    );
    expect(obligation(result, 'gdpr-art-33').statusReason).toMatch(/no personal data of people in the EU/);
    expect(obligation(result, 'ftc-hbnr-individuals').statusReason).toBe(
      'the entity is a covered-entity, and the rule reaches only phr-vendor',
    );
  });
});
