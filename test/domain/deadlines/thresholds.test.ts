import type { DeadlineEvaluation, DeadlineFactsInput } from '../../../domain/deadlines';
import { evaluate } from './support';

/** `applies` (computed or waiting for facts), or `not-applicable`. */
function standing(result: DeadlineEvaluation, id: string): 'applies' | 'not-applicable' {
  const found = result.obligations.find((o) => o.id === id);
  if (found) return found.status === 'not-applicable' ? 'not-applicable' : 'applies';
  if (result.cannotCompute.some((u) => u.id === id)) return 'applies';
  throw new Error(`no obligation ${id}`);
}

const THRESHOLDS: Array<[string, Partial<DeadlineFactsInput>, string, 'applies' | 'not-applicable']> = [
  ['TX AG: 249 Texans', { affected: { total: 249, byJurisdiction: { TX: 249 } } }, 'us-tx-attorney-general', 'not-applicable'],
  ['TX AG: 250 Texans', { affected: { total: 250, byJurisdiction: { TX: 250 } } }, 'us-tx-attorney-general', 'applies'],
  ['HHS annual: 499', { affected: { total: 499 } }, 'hipaa-hhs-under-500', 'applies'],
  ['HHS with individuals: 499', { affected: { total: 499 } }, 'hipaa-hhs-500-or-more', 'not-applicable'],
  ['HHS annual: 500', { affected: { total: 500 } }, 'hipaa-hhs-under-500', 'not-applicable'],
  ['HHS with individuals: 500', { affected: { total: 500 } }, 'hipaa-hhs-500-or-more', 'applies'],
  ['HHS with individuals: 501', { affected: { total: 501 } }, 'hipaa-hhs-500-or-more', 'applies'],
  ['HIPAA media: 500 in CA (more than 500 needed)', { affected: { total: 500, byJurisdiction: { CA: 500 } } }, 'hipaa-media', 'not-applicable'],
  ['HIPAA media: 501 in CA', { affected: { total: 501, byJurisdiction: { CA: 501 } } }, 'hipaa-media:CA', 'applies'],
  ['WA AG: 500', { affected: { total: 500, byJurisdiction: { WA: 500 } } }, 'us-wa-attorney-general', 'not-applicable'],
  ['WA AG: 501', { affected: { total: 501, byJurisdiction: { WA: 501 } } }, 'us-wa-attorney-general', 'applies'],
  ['CO AG: 499', { affected: { total: 499, byJurisdiction: { CO: 499 } } }, 'us-co-attorney-general', 'not-applicable'],
  ['CO AG: 500', { affected: { total: 500, byJurisdiction: { CO: 500 } } }, 'us-co-attorney-general', 'applies'],
  ['FL Legal Affairs: 499', { affected: { total: 499, byJurisdiction: { FL: 499 } } }, 'us-fl-legal-affairs', 'not-applicable'],
  ['FL Legal Affairs: 500', { affected: { total: 500, byJurisdiction: { FL: 500 } } }, 'us-fl-legal-affairs', 'applies'],
  ['CA AG: 500', { affected: { total: 500, byJurisdiction: { CA: 500 } } }, 'us-ca-attorney-general', 'not-applicable'],
  ['CA AG: 501', { affected: { total: 501, byJurisdiction: { CA: 501 } } }, 'us-ca-attorney-general', 'applies'],
  ['FTC media: 499 in a State', { entityType: 'phr-vendor', affected: { total: 499, byJurisdiction: { TX: 499 } } }, 'ftc-hbnr-media', 'not-applicable'],
  ['FTC media: 500 in a State', { entityType: 'phr-vendor', affected: { total: 500, byJurisdiction: { TX: 500 } } }, 'ftc-hbnr-media:TX', 'applies'],
  ['FTC with individuals: 499', { entityType: 'phr-vendor', affected: { total: 499 } }, 'ftc-hbnr-ftc-500-or-more', 'not-applicable'],
  ['FTC annual log: 499', { entityType: 'phr-vendor', affected: { total: 499 } }, 'ftc-hbnr-ftc-under-500', 'applies'],
  ['FTC with individuals: 500', { entityType: 'phr-vendor', affected: { total: 500 } }, 'ftc-hbnr-ftc-500-or-more', 'applies'],
  ['State residents rule: an unlisted State has none', { affected: { total: 10, byJurisdiction: { CA: 10 } } }, 'us-tx-individuals', 'not-applicable'],
]; // prettier-ignore

test.each(THRESHOLDS)('%s → %s %s', (_why, overrides, id, expected) => {
  expect(standing(evaluate(overrides), id)).toBe(expected);
});

test('per-State media obligations: one per State over the threshold, the reason when none is', () => {
  const many = evaluate({ affected: { total: 2000, byJurisdiction: { CA: 900, NY: 600, TX: 500 } } });
  expect(
    many.obligations.filter((o) => o.ruleId === 'hipaa-media').map((o) => [o.id, o.jurisdiction, o.regime]),
  ).toEqual([
    ['hipaa-media:CA', 'CA', 'HIPAA'],
    ['hipaa-media:NY', 'NY', 'HIPAA'],
  ]);
  const none = evaluate({ affected: { total: 900, byJurisdiction: { CA: 450, TX: 450 } } });
  expect(none.obligations.find((o) => o.id === 'hipaa-media')?.statusReason).toBe(
    'no State or jurisdiction has more than 500 affected residents (largest: CA with 450)',
  );
});
