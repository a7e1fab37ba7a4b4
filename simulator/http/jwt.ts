import { verify, type KeyObject } from 'node:crypto';

/** Claims the JWT bearer flow reads. */
export interface JwtClaims {
  readonly iss?: unknown;
  readonly sub?: unknown;
  readonly aud?: unknown;
  readonly exp?: unknown;
}

/** A decoded (not yet trusted) JWT. */
export interface DecodedJwt {
  readonly header: { alg?: unknown };
  readonly claims: JwtClaims;
  readonly signingInput: string;
  readonly signature: Buffer;
}

/** Decodes `header.payload.signature`; `undefined` when it is not a JWT. */
export function decodeJwt(assertion: string): DecodedJwt | undefined {
  const parts = assertion.split('.');
  if (parts.length !== 3) return undefined;
  const [h, p, s] = parts as [string, string, string];
  try {
    const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as unknown;
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as unknown;
    if (typeof header !== 'object' || header === null || typeof claims !== 'object' || claims === null)
      return undefined;
    return {
      header: header,
      claims: claims,
      signingInput: `${h}.${p}`,
      signature: Buffer.from(s, 'base64url'),
    };
  } catch {
    return undefined;
  }
}

/** Verifies an RS256 signature with the connected app's key. */
export function verifyRs256(jwt: DecodedJwt, key: KeyObject): boolean {
  if (jwt.header.alg !== 'RS256') return false;
  try {
    return verify('RSA-SHA256', Buffer.from(jwt.signingInput), key, jwt.signature);
  } catch {
    return false;
  }
}
