import { createHmac, createPublicKey, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';

/** A connected app's OAuth settings as the token endpoint needs them. */
export interface AppCredentials {
  readonly appId: string;
  readonly name: string;
  readonly consumerKey?: string;
  readonly consumerSecret?: string;
  readonly publicKey?: KeyObject;
  readonly clientCredentialsUserId?: string;
  readonly adminApprovedOnly: boolean;
}

/** What an access token grants: the user, and what keeps it alive (a session or an OauthToken row). */
export interface AccessGrant {
  readonly token: string;
  readonly userId: string;
  readonly appName?: string;
  /** AuthSession row; the token dies with it. */
  readonly sessionId?: string;
  /** OauthToken row; the token dies when it is revoked. */
  readonly oauthTokenId?: string;
  readonly issuedAt: number;
}

/** Reads a PEM certificate or public key into a verification key. */
export function publicKeyFromPem(pem: string): KeyObject {
  return pem.includes('BEGIN CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey(pem);
}

/**
 * The org's authentication state: passwords, connected-app credentials, live access tokens. Kept apart from
 * sObject data because none of it is queryable in a real org.
 */
export class OrgAuth {
  private readonly passwords = new Map<string, { password: string; securityToken?: string }>();
  private readonly appsByKey = new Map<string, AppCredentials>();
  private readonly grants = new Map<string, AccessGrant>();
  /** Users (by 18-char ID) whose deactivation the org's configuration blocks, with the reason key. */
  readonly blockers = new Map<string, string>();

  constructor(private readonly orgId: string) {}

  setPassword(userId: string, password: string, securityToken?: string): void {
    this.passwords.set(userId, { password, ...(securityToken ? { securityToken } : {}) });
  }

  /** True when `password` (optionally followed by the security token) is the user's password. */
  checkPassword(userId: string, password: string): boolean {
    const p = this.passwords.get(userId);
    if (!p) return false;
    return (
      password === p.password || (p.securityToken !== undefined && password === p.password + p.securityToken)
    );
  }

  addApp(app: AppCredentials): void {
    if (app.consumerKey) this.appsByKey.set(app.consumerKey, app);
  }

  appByConsumerKey(key: string): AppCredentials | undefined {
    return this.appsByKey.get(key);
  }

  /** A fresh access token in Salesforce's shape (`00D…!…`). */
  newTokenString(): string {
    return `${this.orgId.slice(0, 15)}!${randomBytes(48).toString('base64url')}`;
  }

  addGrant(grant: AccessGrant): void {
    this.grants.set(grant.token, grant);
  }

  grant(token: string): AccessGrant | undefined {
    return this.grants.get(token);
  }

  removeGrant(token: string): void {
    this.grants.delete(token);
  }

  /** Drops every grant tied to an AuthSession or OauthToken row (after the row is gone). */
  removeGrantsOf(rowId: string): void {
    for (const [token, g] of this.grants)
      if (g.sessionId === rowId || g.oauthTokenId === rowId) this.grants.delete(token);
  }

  /** Salesforce's `signature`: base64 HMAC-SHA256 of `id + issued_at` keyed by the consumer secret. */
  static signature(idUrl: string, issuedAt: string, secret: string): string {
    return createHmac('sha256', secret)
      .update(idUrl + issuedAt)
      .digest('base64');
  }
}
