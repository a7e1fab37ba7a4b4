import { generateKeyPairSync, sign } from 'node:crypto';
import * as jsforce from 'jsforce';
import { startSimulator, type Simulator } from '../../simulator';
import { adminConnection, connectionFor, raw, smallScenario, startPhi } from './helpers';

function jwt(claims: Record<string, unknown>, privateKey: import('node:crypto').KeyObject): string {
  const enc = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${enc({ alg: 'RS256' })}.${enc(claims)}`;
  return `${input}.${sign('RSA-SHA256', Buffer.from(input), privateKey).toString('base64url')}`;
}

describe('simulator: OAuth and REST basics through jsforce', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startPhi();
  });
  afterAll(() => sim.close());

  it('logs in with the username-password flow and answers the identity shape jsforce expects', async () => {
    const conn = connectionFor(sim);
    const info = await conn.login(sim.credentials.username, sim.credentials.password);
    expect(info.organizationId).toBe(sim.credentials.orgId);
    expect(info.id).toMatch(/^005\w{15}$/);
    expect(conn.instanceUrl).toBe(sim.url);
    const identity = await conn.identity();
    expect(identity.username).toBe(sim.credentials.username);
  });

  it('accepts the password followed by the security token', async () => {
    const conn = connectionFor(sim);
    await expect(
      conn.login(sim.credentials.username, sim.credentials.password + (sim.credentials.securityToken ?? '')),
    ).resolves.toBeDefined();
  });

  it('refuses wrong credentials with invalid_grant / authentication failure and records the failed login', async () => {
    const res = await fetch(`${sim.url}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        username: sim.credentials.username,
        password: 'wrong',
        client_id: sim.credentials.clientId,
        client_secret: sim.credentials.clientSecret,
      }).toString(),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'invalid_grant', error_description: 'authentication failure' });
    const conn = connectionFor(sim);
    await expect(conn.login(sim.credentials.username, 'nope')).rejects.toMatchObject({
      name: 'invalid_grant',
    });
    const failed = sim.org.query(
      `SELECT Id FROM LoginHistory WHERE Status = 'Invalid Password' AND UserId = '${sim.org.userId(sim.credentials.username)}'`,
    );
    expect(failed.length).toBeGreaterThanOrEqual(2);
  });

  it('refuses a frozen user even with the right password', async () => {
    const s = await startSimulator({ scenario: smallScenario() });
    try {
      const conn = connectionFor(s);
      await expect(conn.login('c@tiny.example', 'cy-pw')).rejects.toMatchObject({ name: 'invalid_grant' });
      await expect(connectionFor(s).login('a@tiny.example', 'ann-pw')).resolves.toBeDefined();
    } finally {
      await s.close();
    }
  });

  it('answers 401 INVALID_SESSION_ID for a missing or unknown bearer token', async () => {
    const missing = await raw(sim, '/services/data/v62.0/limits');
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual([
      { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
    ]);
    const conn = new jsforce.Connection({ instanceUrl: sim.url, accessToken: 'bogus', version: '62.0' });
    await expect(conn.query('SELECT Id FROM User')).rejects.toMatchObject({
      errorCode: 'INVALID_SESSION_ID',
    });
  });

  it('logs in with the JWT bearer flow, verifying the signature when the app has a certificate', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const s = await startSimulator({
      scenario: smallScenario({
        connectedApps: [
          { name: 'Tourniquet', consumerKey: 'ck', consumerSecret: 'cs' },
          { name: 'JWT App', consumerKey: 'jwt-ck', jwtCertificate: pem },
        ],
      }),
    });
    try {
      const claims = {
        iss: 'jwt-ck',
        sub: 'a@tiny.example',
        aud: 'https://login.salesforce.com',
        exp: Math.floor(Date.now() / 1000) + 180,
      };
      const conn = new jsforce.Connection({ loginUrl: s.url, version: '62.0', oauth2: { loginUrl: s.url } });
      const info = await conn.authorize({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: jwt(claims, privateKey),
      });
      expect(info.id).toBe(s.org.userId('a@tiny.example'));
      const rows = await conn.query<{ Username: string }>(
        "SELECT Username FROM User WHERE Username = 'a@tiny.example'",
      );
      expect(rows.records[0]?.Username).toBe('a@tiny.example');

      const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
      await expect(
        conn.authorize({
          grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
          assertion: jwt(claims, other),
        }),
      ).rejects.toMatchObject({ name: 'invalid_grant', message: 'invalid assertion' });
      await expect(
        conn.authorize({
          grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
          assertion: jwt({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }, privateKey),
        }),
      ).rejects.toMatchObject({ name: 'invalid_grant' });
      await expect(
        conn.authorize({
          grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
          assertion: jwt({ ...claims, aud: 'https://evil.example' }, privateKey),
        }),
      ).rejects.toMatchObject({ message: 'audience is invalid' });
    } finally {
      await s.close();
    }
  });

  it('issues tokens with the client-credentials flow for the app run-as user', async () => {
    const res = await fetch(`${sim.url}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=3MVG9medsync.vendor.consumer.key&client_secret=medsync-vendor-secret',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, string>;
    expect(Object.keys(body).sort()).toEqual(
      ['access_token', 'id', 'instance_url', 'issued_at', 'scope', 'signature', 'token_type'].sort(),
    );
    expect(body.token_type).toBe('Bearer');
    expect(body.id).toContain(sim.org.userId('integration.medsync@stelsewhere-health.org'));
  });

  it('pages query results with queryMore, honouring Sforce-Query-Options batchSize', async () => {
    const s = await startSimulator({
      scenario: smallScenario({
        loginHistory: Array.from({ length: 450 }, (_, i) => ({
          user: 'a@tiny.example',
          loginTime: new Date(Date.parse('2026-03-01T00:00:00Z') + i * 60_000).toISOString(),
          sourceIp: '10.0.0.1',
        })),
      }),
    });
    try {
      const conn = await adminConnection(s);
      const first = await conn.request<{
        totalSize: number;
        done: boolean;
        nextRecordsUrl: string;
        records: unknown[];
      }>({
        method: 'GET',
        url: `/services/data/v62.0/query?q=${encodeURIComponent("SELECT Id, LoginTime FROM LoginHistory WHERE SourceIp = '10.0.0.1' ORDER BY LoginTime")}`,
        headers: { 'Sforce-Query-Options': 'batchSize=200' },
      });
      expect(first).toMatchObject({ totalSize: 450, done: false });
      expect(first.records).toHaveLength(200);
      expect(first.nextRecordsUrl).toMatch(/^\/services\/data\/v62\.0\/query\/01g\w{15}-200$/);
      const all = await conn
        .query("SELECT Id FROM LoginHistory WHERE SourceIp = '10.0.0.1'")
        .run({ autoFetch: true, maxFetch: 10_000 });
      expect(all.records).toHaveLength(450);
      const bad = await raw(s, '/services/data/v62.0/query/01g000000000000AAA-200', {
        token: conn.accessToken ?? '',
      });
      expect(bad.body).toEqual([{ message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }]);
    } finally {
      await s.close();
    }
  });

  it('returns parent relationship fields nested like Salesforce', async () => {
    const conn = await adminConnection(sim);
    const res = await conn.query<Record<string, unknown>>(
      "SELECT Id, Assignee.Username, PermissionSet.Name FROM PermissionSetAssignment WHERE PermissionSet.Name = 'PHI_Full_Access' ORDER BY Assignee.Username",
    );
    expect(res.totalSize).toBe(5);
    const first = res.records[0] as {
      Assignee: { Username: string; attributes: { type: string } };
      PermissionSet: { Name: string };
    };
    expect(first.Assignee.attributes.type).toBe('User');
    expect(first.Assignee.Username).toBe('a.kim@stelsewhere-health.org');
    expect(first.PermissionSet.Name).toBe('PHI_Full_Access');
    const count = await conn.query('SELECT COUNT() FROM User WHERE IsActive = true');
    expect(count.totalSize).toBe(19);
    expect(count.records).toEqual([]);
  });

  it('answers SOQL errors in Salesforce shapes', async () => {
    const conn = await adminConnection(sim);
    const token = conn.accessToken ?? '';
    const q = (soql: string): Promise<{ status: number; body: unknown }> =>
      raw(sim, `/services/data/v62.0/query?q=${encodeURIComponent(soql)}`, { token });
    const malformed = await q('SELECT Id FROM User WHERE');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual([
      { message: expect.stringContaining('unexpected token: <EOF>'), errorCode: 'MALFORMED_QUERY' },
    ]);
    const mixed = await q("SELECT Id FROM User WHERE IsActive = true AND Name = 'x' OR Name = 'y'");
    expect((mixed.body as [{ errorCode: string }])[0].errorCode).toBe('MALFORMED_QUERY');
    const field = await q('SELECT Id, Foo FROM User');
    expect(field.body).toEqual([
      {
        message: expect.stringMatching(/ERROR at Row:1:Column:12\nNo such column 'Foo' on entity 'User'/),
        errorCode: 'INVALID_FIELD',
      },
    ]);
    const type = await q('SELECT Id FROM Patient__x');
    expect((type.body as [{ message: string; errorCode: string }])[0]).toMatchObject({
      errorCode: 'INVALID_TYPE',
      message: expect.stringContaining("sObject type 'Patient__x' is not supported."),
    });
    const quoted = await q("SELECT Id FROM User WHERE IsActive = 'true'");
    expect((quoted.body as [{ errorCode: string }])[0].errorCode).toBe('INVALID_FIELD');
    const badId = await q("SELECT Id FROM User WHERE Id = 'nope'");
    expect((badId.body as [{ errorCode: string }])[0].errorCode).toBe('INVALID_QUERY_FILTER_OPERATOR');
    await expect(conn.query('SELECT Id FROM Nope')).rejects.toMatchObject({ errorCode: 'INVALID_TYPE' });
  });

  it('filters datetimes with literals, offsets and relative date literals', async () => {
    const conn = await adminConnection(sim);
    const after = await conn.query(
      "SELECT Id FROM LoginHistory WHERE SourceIp = '185.220.101.47' AND LoginTime >= 2026-03-10T19:00:01Z",
    );
    expect(after.totalSize).toBe(3);
    const offset = await conn.query(
      "SELECT Id FROM LoginHistory WHERE SourceIp = '185.220.101.47' AND LoginTime >= 2026-03-10T20:00:01+01:00",
    );
    expect(offset.totalSize).toBe(3);
    const yesterday = await conn.query(
      "SELECT Id FROM LoginHistory WHERE LoginTime = YESTERDAY AND SourceIp = '185.220.101.47'",
    );
    expect(yesterday.totalSize).toBe(4);
    const recent = await conn.query('SELECT Id FROM SetupAuditTrail WHERE CreatedDate = LAST_N_DAYS:30');
    expect(recent.totalSize).toBeGreaterThanOrEqual(1);
  });

  it('supports sObject CRUD, describe, global describe and /limits with Sforce-Limit-Info on every call', async () => {
    const conn = await adminConnection(sim);
    const userId = sim.org.userId('h.ito@stelsewhere-health.org') as string;
    const user = await conn.sobject('User').retrieve(userId);
    expect(user).toMatchObject({ Id: userId, Username: 'h.ito@stelsewhere-health.org', IsActive: true });
    const short = await conn.sobject('User').retrieve(userId.slice(0, 15));
    expect(short.Id).toBe(userId);
    const describe = await conn.sobject('UserLogin').describe();
    expect(describe.fields.find((f) => f.name === 'IsFrozen')).toMatchObject({
      updateable: true,
      type: 'boolean',
    });
    expect(describe.deletable).toBe(false);
    const global = await conn.describeGlobal();
    expect(global.sobjects.map((o) => o.name)).toEqual(
      expect.arrayContaining(['User', 'OauthToken', 'EventLogFile']),
    );
    const limits = await conn.limits();
    expect(limits.DailyApiRequests.Max).toBe(100000);
    const r = await raw(sim, '/services/data/v62.0/limits', { token: conn.accessToken ?? '' });
    expect(r.headers.get('sforce-limit-info')).toMatch(/^api-usage=\d+\/100000$/);
    const created = await conn.sobject('Account').create({ Name: 'Harbor Dialysis' });
    expect(created).toMatchObject({ success: true, errors: [] });
    const accountId = (created as { id: string }).id;
    await conn.sobject('Account').update({ Id: accountId, Name: 'Harbor Dialysis Center' });
    expect((await conn.sobject('Account').retrieve(accountId)).Name).toBe('Harbor Dialysis Center');
    await conn.sobject('Account').destroy(accountId);
    await expect(conn.sobject('Account').retrieve(accountId)).rejects.toMatchObject({
      errorCode: 'NOT_FOUND',
    });
    await expect(conn.sobject('Account').update({ Id: accountId, Name: 'x' })).rejects.toMatchObject({
      errorCode: 'ENTITY_IS_DELETED',
    });
    await expect(conn.sobject('User').update({ Id: userId, Name: 'x' })).rejects.toMatchObject({
      errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
    });
  });

  it('streams an EventLogFile LogFile blob as CSV', async () => {
    const conn = await adminConnection(sim);
    const files = await conn.query<{
      Id: string;
      LogFile: string;
      LogFileLength: number;
      LogFileFieldNames: string;
    }>(
      "SELECT Id, LogFile, LogFileLength, LogFileFieldNames FROM EventLogFile WHERE EventType = 'ReportExport'",
    );
    const file = files.records[0];
    expect(file?.LogFile).toBe(`/services/data/v62.0/sobjects/EventLogFile/${file?.Id}/LogFile`);
    const res = await fetch(sim.url + (file?.LogFile ?? ''), {
      headers: { authorization: `Bearer ${conn.accessToken}` },
    });
    expect(res.headers.get('content-type')).toBe('text/csv');
    const csv = await res.text();
    expect(Buffer.byteLength(csv)).toBe(file?.LogFileLength);
    expect(csv.split('\n')[0]).toContain('"TIMESTAMP_DERIVED"');
    expect(csv).toContain('185.220.101.47');
    expect(csv).toContain(`"${sim.org.userId('m.chen@stelsewhere-health.org')}"`);
    expect(csv).toContain(`"${sim.org.userId('j.alvarez@stelsewhere-health.org')}"`);
    expect(file?.LogFileFieldNames.split(',')).toContain('USER_ID_DERIVED');
  });

  it('counts API calls per endpoint in stats()', async () => {
    sim.resetStats();
    const conn = await adminConnection(sim);
    await conn.query('SELECT Id FROM User LIMIT 1');
    await conn.query('SELECT Id FROM User LIMIT 2');
    const stats = sim.stats();
    expect(stats.byEndpoint['GET /query']?.count).toBe(2);
    expect(stats.byEndpoint['POST /services/oauth2/token']?.count).toBe(1);
    expect(stats.apiCalls).toBeGreaterThanOrEqual(2);
  });
});
