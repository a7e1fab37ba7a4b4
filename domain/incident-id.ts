/** Incident ids look like `INC-20261203-7KQ2XM`: UTC declaration date plus six Crockford base32 characters. */
export const INCIDENT_ID_PATTERN = /^INC-\d{8}-[0-9A-HJKMNP-TV-Z]{6}$/;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * Builds an incident id from the declaration instant and six random bytes (the caller supplies the
 * randomness, so this stays pure and testable).
 */
export function formatIncidentId(declaredAtMs: number, random: Uint8Array): string {
  if (random.length < 6) throw new RangeError('formatIncidentId needs at least 6 random bytes');
  const day = new Date(declaredAtMs).toISOString().slice(0, 10).replace(/-/g, '');
  let suffix = '';
  for (let i = 0; i < 6; i++) suffix += CROCKFORD[random[i] % 32];
  return `INC-${day}-${suffix}`;
}

/** True when `id` is a well-formed incident id. */
export function isIncidentId(id: string): boolean {
  return INCIDENT_ID_PATTERN.test(id);
}
