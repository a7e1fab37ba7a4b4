import { createSign } from 'node:crypto';
import * as fs from 'node:fs';
import * as tls from 'node:tls';
import { Connection } from 'jsforce';
import type { OrgConnection } from './api';
import { SalesforceAuthError, UnknownOrgError } from './errors';
import type { OrgConfig } from './org-config';

/** Returns a logged-in connection to the named org. */
export type ConnectionProvider = (org: string) => Promise<OrgConnection>;

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

/** Builds an RS256-signed JWT bearer assertion (Salesforce OAuth 2.0 JWT Bearer Flow). */
export function jwtAssertion(
  claims: { iss: string; sub: string; aud: string; exp: number },
  privateKeyPem: string,
): string {
  const unsigned = `${base64url(JSON.stringify({ alg: 'RS256' }))}.${base64url(JSON.stringify(claims))}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(privateKeyPem);
  return `${unsigned}.${base64url(signature)}`;
}

function assertTls12(): void {
  const order = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
  if (order.indexOf(tls.DEFAULT_MIN_VERSION) < order.indexOf('TLSv1.2')) {
    throw new SalesforceAuthError(
      '(all)',
      `Node's minimum TLS version is ${tls.DEFAULT_MIN_VERSION}; Tourniquet requires TLS 1.2 or newer. Remove --tls-min-v1.0/--tls-min-v1.1.`,
    );
  }
}

async function authenticate(conn: Connection, org: OrgConfig): Promise<void> {
  const auth = org.auth;
  switch (auth.type) {
    case 'jwt': {
      const key = fs.readFileSync(auth.privateKeyFile, 'utf8');
      const assertion = jwtAssertion(
        {
          iss: auth.consumerKey,
          sub: auth.username,
          aud: auth.audience ?? org.loginUrl,
          exp: Math.floor(Date.now() / 1000) + 180,
        },
        key,
      );
      await conn.authorize({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion });
      return;
    }
    case 'client-credentials':
      await conn.authorize({ grant_type: 'client_credentials' });
      return;
    case 'password':
      await conn.loginByOAuth2(auth.username, auth.password);
      return;
  }
}

function checkInstanceUrl(org: OrgConfig, instanceUrl: string): void {
  const url = new URL(instanceUrl);
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new SalesforceAuthError(
      org.name,
      `the token response named instance URL ${instanceUrl}; only https:// is accepted for a real org.`,
    );
  }
}

/**
 * Logs in to configured orgs on first use and caches the connection. Sessions that expire are renewed by
 * jsforce's refresh hook, which re-runs the configured flow (JWT bearer, client credentials or password).
 * Credentials and tokens are never logged or returned.
 */
export function createConnectionProvider(orgs: readonly OrgConfig[]): ConnectionProvider {
  const byName = new Map(orgs.map((o) => [o.name, o]));
  const cache = new Map<string, Promise<OrgConnection>>();
  return (name) => {
    const org = byName.get(name);
    if (!org) return Promise.reject(new UnknownOrgError(name, [...byName.keys()]));
    let pending = cache.get(name);
    if (!pending) {
      pending = (async () => {
        assertTls12();
        const clientId = org.auth.type === 'jwt' ? org.auth.consumerKey : org.auth.clientId;
        const clientSecret = org.auth.type === 'jwt' ? undefined : org.auth.clientSecret;
        const conn: Connection = new Connection({
          loginUrl: org.loginUrl,
          version: org.apiVersion,
          oauth2: { loginUrl: org.loginUrl, clientId, clientSecret },
          refreshFn: (c: Connection, callback: (err?: Error, accessToken?: string) => void) => {
            authenticate(c, org).then(
              () => callback(undefined, c.accessToken ?? undefined),
              (err: Error) => callback(err),
            );
          },
        });
        try {
          await authenticate(conn, org);
        } catch (cause) {
          throw new SalesforceAuthError(org.name, (cause as Error).message, { cause });
        }
        checkInstanceUrl(org, conn.instanceUrl);
        return { name: org.name, connection: conn, maxConcurrency: org.maxConcurrency };
      })();
      void pending.catch(() => cache.delete(name));
      cache.set(name, pending);
    }
    return pending;
  };
}
