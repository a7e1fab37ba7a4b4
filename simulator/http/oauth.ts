import type { AppCredentials } from '../auth';
import { OrgAuth } from '../auth';
import type { Row } from '../objects/types';
import type { RequestContext } from './context';
import { decodeJwt, verifyRs256 } from './jwt';
import { sendJson } from './respond';

const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const AUDIENCES = ['https://login.salesforce.com', 'https://test.salesforce.com'];

class OAuthFailure extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly status = 400,
  ) {
    super(description);
  }
}

const authFailure = (): OAuthFailure => new OAuthFailure('invalid_grant', 'authentication failure');

function sourceIp(ctx: RequestContext): string {
  return (ctx.req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
}

function findUser(ctx: RequestContext, username: unknown): Row | undefined {
  return typeof username === 'string' && username !== ''
    ? ctx.org.store.findBy('User', 'Username', username)[0]
    : undefined;
}

function canLogIn(ctx: RequestContext, user: Row): boolean {
  const login = ctx.org.store.findBy('UserLogin', 'UserId', String(user.Id))[0];
  return user.IsActive === true && login?.IsFrozen !== true && login?.IsPasswordLocked !== true;
}

function recordLogin(
  ctx: RequestContext,
  user: Row,
  app: AppCredentials,
  status: string,
  loginType: string,
): string {
  const { store } = ctx.org;
  const id = store.ids.next('0Ya');
  store.insert('LoginHistory', {
    Id: id,
    UserId: String(user.Id),
    LoginTime: ctx.org.clock(),
    SourceIp: sourceIp(ctx),
    Status: status,
    LoginType: loginType,
    Application: app.name,
    Browser: 'Unknown',
    Platform: 'Unknown',
    LoginUrl: ctx.url.host,
    ApiType: 'N/A',
    ApiVersion: 'N/A',
    CountryIso: null,
    TlsProtocol: 'N/A',
    CipherSuite: 'N/A',
    AuthenticationServiceId: null,
    LoginGeoId: null,
  });
  return id;
}

function issue(ctx: RequestContext, user: Row, app: AppCredentials, loginType: string, scope?: string): void {
  const { org } = ctx;
  const now = org.clock();
  const userId = String(user.Id);
  const historyId = recordLogin(ctx, user, app, 'Success', loginType);
  const sessionId = org.store.ids.next('0Ak');
  org.store.insert('AuthSession', {
    Id: sessionId,
    UsersId: userId,
    SessionType: 'Oauth2',
    SourceIp: sourceIp(ctx),
    LoginType: loginType,
    LoginHistoryId: historyId,
    IsCurrent: false,
    NumSecondsValid: 7200,
    SessionSecurityLevel: 'STANDARD',
    UserType: String(user.UserType ?? 'Standard'),
    CreatedDate: now,
    LastModifiedDate: now,
  });
  org.store.update('User', user, { LastLoginDate: now });
  const token = org.auth.newTokenString();
  org.auth.addGrant({ token, userId, appName: app.name, sessionId, issuedAt: now });
  const idUrl = `${ctx.baseUrl}/id/${org.orgId}/${userId}`;
  const issuedAt = String(Date.now());
  sendJson(ctx.res, 200, {
    access_token: token,
    instance_url: ctx.baseUrl,
    id: idUrl,
    token_type: 'Bearer',
    issued_at: issuedAt,
    signature: OrgAuth.signature(idUrl, issuedAt, app.consumerSecret ?? app.consumerKey ?? app.name),
    ...(scope ? { scope } : {}),
  });
}

function clientApp(ctx: RequestContext, params: URLSearchParams, needSecret: boolean): AppCredentials {
  const app = ctx.org.auth.appByConsumerKey(params.get('client_id') ?? '');
  if (!app) throw new OAuthFailure('invalid_client_id', 'client identifier invalid');
  if (needSecret && params.get('client_secret') !== app.consumerSecret)
    throw new OAuthFailure('invalid_client', 'invalid client credentials');
  return app;
}

function passwordGrant(ctx: RequestContext, params: URLSearchParams): void {
  const app = clientApp(ctx, params, true);
  const user = findUser(ctx, params.get('username'));
  if (!user) throw authFailure();
  if (!ctx.org.auth.checkPassword(String(user.Id), params.get('password') ?? '')) {
    recordLogin(ctx, user, app, 'Invalid Password', 'Remote Access 2.0');
    throw authFailure();
  }
  if (!canLogIn(ctx, user)) {
    recordLogin(ctx, user, app, 'User is Frozen or Inactive', 'Remote Access 2.0');
    throw authFailure();
  }
  issue(ctx, user, app, 'Remote Access 2.0');
}

function jwtGrant(ctx: RequestContext, params: URLSearchParams): void {
  const jwt = decodeJwt(params.get('assertion') ?? '');
  if (!jwt) throw new OAuthFailure('invalid_grant', 'invalid assertion');
  const { iss, sub, aud, exp } = jwt.claims;
  const app = typeof iss === 'string' ? ctx.org.auth.appByConsumerKey(iss) : undefined;
  if (!app) throw new OAuthFailure('invalid_client_id', 'client identifier invalid');
  if (app.publicKey && !verifyRs256(jwt, app.publicKey))
    throw new OAuthFailure('invalid_grant', 'invalid assertion');
  const audiences = Array.isArray(aud) ? aud : [aud];
  const origin = ctx.baseUrl.replace(/\/$/, '');
  if (!audiences.some((a) => typeof a === 'string' && [...AUDIENCES, origin].includes(a.replace(/\/$/, ''))))
    throw new OAuthFailure('invalid_grant', 'audience is invalid');
  if (typeof exp !== 'number' || exp * 1000 < Date.now())
    throw new OAuthFailure('invalid_grant', 'expired authorization code');
  const user = findUser(ctx, sub);
  if (!user) throw new OAuthFailure('invalid_grant', "user hasn't approved this consumer");
  if (!canLogIn(ctx, user)) {
    recordLogin(ctx, user, app, 'User is Frozen or Inactive', 'OAuth JWT Bearer');
    throw authFailure();
  }
  issue(ctx, user, app, 'OAuth JWT Bearer', 'api');
}

function clientCredentialsGrant(ctx: RequestContext, params: URLSearchParams): void {
  const app = clientApp(ctx, params, true);
  if (!app.clientCredentialsUserId)
    throw new OAuthFailure('invalid_grant', 'no client credentials user enabled');
  const user = ctx.org.store.get('User', app.clientCredentialsUserId);
  if (!user || !canLogIn(ctx, user)) throw authFailure();
  issue(ctx, user, app, 'OAuth Client Credentials', 'api');
}

/** POST /services/oauth2/token: password, JWT bearer and client-credentials grants. */
export function handleToken(ctx: RequestContext): void {
  if (ctx.method !== 'POST') {
    sendJson(ctx.res, 405, { error: 'invalid_request', error_description: 'must use HTTP POST' });
    return;
  }
  const params = new URLSearchParams(ctx.body);
  try {
    const grant = params.get('grant_type');
    if (grant === 'password') passwordGrant(ctx, params);
    else if (grant === JWT_GRANT) jwtGrant(ctx, params);
    else if (grant === 'client_credentials') clientCredentialsGrant(ctx, params);
    else throw new OAuthFailure('unsupported_grant_type', 'grant type not supported');
  } catch (e) {
    if (!(e instanceof OAuthFailure)) throw e;
    ctx.endpoint.errors++;
    sendJson(ctx.res, e.status, { error: e.error, error_description: e.description });
  }
}

/**
 * POST /services/oauth2/revoke (`token=…`, form-encoded; GET with `?token=` also works): an access token ends
 * its session; an OauthToken's `DeleteToken` revokes that connected-app token and removes the row.
 */
export function handleRevoke(ctx: RequestContext): void {
  const params = ctx.method === 'GET' ? ctx.url.searchParams : new URLSearchParams(ctx.body);
  const token = params.get('token') ?? '';
  const { org } = ctx;
  const fail = (error: string, description: string): void => {
    ctx.endpoint.errors++;
    sendJson(ctx.res, 400, { error, error_description: description });
  };
  if (token === '') return fail('unsupported_token_type', 'unsupported token type');
  const grant = org.auth.grant(token);
  if (grant) {
    org.auth.removeGrant(token);
    if (grant.sessionId) org.store.delete('AuthSession', grant.sessionId);
    if (grant.oauthTokenId) revokeOauthToken(ctx, grant.oauthTokenId, grant.userId);
    sendJson(ctx.res, 200, {});
    return;
  }
  const row = org.store.findBy('OauthToken', 'DeleteToken', token).find((r) => r.DeleteToken === token);
  if (!row) return fail('invalid_token', 'invalid token');
  revokeOauthToken(ctx, String(row.Id), String(row.UserId));
  sendJson(ctx.res, 200, {});
}

function revokeOauthToken(ctx: RequestContext, id: string, ownerId: string): void {
  const bearer = /^Bearer (.+)$/i.exec(ctx.req.headers.authorization ?? '')?.[1];
  const actorId = (bearer ? ctx.org.auth.grant(bearer)?.userId : undefined) ?? ownerId;
  ctx.org.dml.delete('OauthToken', id, { actorId, now: ctx.org.clock(), internal: true });
  ctx.org.auth.removeGrantsOf(id);
}
