/**
 * Salesforce record IDs: 15-character case-sensitive form and 18-character case-safe form (the 15 characters
 * plus a 3-character checksum that encodes which of them are upper case). Pure functions, no I/O.
 */

import { idChecksum } from '../domain/salesforce/ids';

export { idChecksum, isSalesforceId, toId18 } from '../domain/salesforce/ids';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

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
