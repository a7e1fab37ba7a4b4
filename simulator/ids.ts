/**
 * Salesforce record IDs: 15-character case-sensitive form and 18-character case-safe form (the 15 characters
 * plus a 3-character checksum that encodes which of them are upper case). Pure functions, no I/O.
 */

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function isAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** True when `s` is 15 alphanumeric characters (a case-sensitive Salesforce ID). */
function isAlnum15(s: string): boolean {
  if (s.length !== 15) return false;
  for (let i = 0; i < 15; i++) if (!isAlnum(s.charCodeAt(i))) return false;
  return true;
}

/**
 * The 3-character case-safe checksum of a 15-character ID: for each block of 5 characters, a 5-bit number
 * whose bit i is set when character i of the block is an upper-case letter, mapped onto `A–Z0–5`.
 */
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
 * Normalises a 15- or 18-character ID to its 18-character form, or returns `undefined` when `id` is not a
 * well-formed Salesforce ID (wrong length, non-alphanumeric characters, or an 18-character ID whose checksum
 * does not match its first 15 characters, compared case-insensitively as Salesforce does).
 */
export function toId18(id: string): string | undefined {
  if (id.length === 15) return isAlnum15(id) ? id + idChecksum(id) : undefined;
  if (id.length === 18) {
    const head = id.slice(0, 15);
    if (!isAlnum15(head)) return undefined;
    const expected = idChecksum(head);
    return id.slice(15).toUpperCase() === expected ? head + expected : undefined;
  }
  return undefined;
}

/** True when `id` is a well-formed 15- or 18-character Salesforce ID. */
export function isSalesforceId(id: string): boolean {
  return toId18(id) !== undefined;
}

/** The 3-character key prefix of an ID (which object it belongs to). */
export function keyPrefix(id: string): string {
  return id.slice(0, 3);
}

/** Key prefixes of the objects the simulator serves (the real ones Salesforce uses). */
export const KEY_PREFIXES = {
  Organization: '00D',
  User: '005',
  Profile: '00e',
  UserLogin: '060',
  AuthSession: '0Ak',
  OauthToken: '0CQ',
  ConnectedApplication: '0H4',
  AppMenuItem: '0DS',
  PermissionSet: '0PS',
  PermissionSetAssignment: '0Pa',
  SetupAuditTrail: '0Ym',
  LoginHistory: '0Ya',
  EventLogFile: '0AT',
  Account: '001',
  Case: '500',
  QueryLocator: '01g',
} as const;

/**
 * Deterministic ID factory: `prefix + pod + counter` (15 characters, base 62) plus the checksum. The same
 * sequence of calls gives the same IDs, so seeded scenarios are reproducible.
 */
export class IdFactory {
  private readonly counters = new Map<string, number>();

  constructor(private readonly pod = '8d') {}

  /** Next 18-character ID with the given 3-character key prefix. */
  next(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    let digits = '';
    let rest = n;
    for (let i = 0; i < 6; i++) {
      digits = BASE62[rest % 62] + digits;
      rest = Math.floor(rest / 62);
    }
    const id15 = `${prefix}${this.pod}0000${digits}`;
    return id15 + idChecksum(id15);
  }
}
