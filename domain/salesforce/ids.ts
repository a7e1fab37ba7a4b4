/**
 * Salesforce record IDs: 15 characters, case-sensitive, or 18 with a 3-character case-safe checksum suffix.
 * Compare IDs only in 18-character form (EventLogFile USER_ID is 15 characters, USER_ID_DERIVED 18).
 */

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ALNUM = /^[A-Za-z0-9]+$/;

/** The 3-character checksum: per block of 5 characters, a 5-bit mask of which are upper case, mapped to A–Z0–5. */
export function idChecksum(id15: string): string {
  let suffix = '';
  for (let block = 0; block < 3; block++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const code = id15.charCodeAt(block * 5 + i);
      if (code >= 65 && code <= 90) bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET[bits];
  }
  return suffix;
}

/**
 * The 18-character form of a 15- or 18-character ID, or `undefined` when `id` is malformed: wrong length,
 * a character outside A–Z a–z 0–9, or an 18-character ID whose suffix is not the checksum of its first 15.
 */
export function toId18(id: string): string | undefined {
  if ((id.length !== 15 && id.length !== 18) || !ALNUM.test(id)) return undefined;
  const head = id.slice(0, 15);
  const checksum = idChecksum(head);
  if (id.length === 18 && id.slice(15).toUpperCase() !== checksum) return undefined;
  return head + checksum;
}

/** True when `id` is a well-formed Salesforce ID (see {@link toId18}). */
export function isSalesforceId(id: string): boolean {
  return toId18(id) !== undefined;
}
