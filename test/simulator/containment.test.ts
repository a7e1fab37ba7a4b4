import * as jsforce from 'jsforce';
import { startSimulator, type Simulator } from '../../simulator';
import { adminConnection, raw, smallScenario, startPhi } from './helpers';

type SaveResult = {
  id?: string;
  success: boolean;
  errors: Array<{ statusCode: string; message: string; fields: string[] }>;
};

describe('simulator: containment actions with Salesforce rules', () => {
  let sim: Simulator;
  let conn: jsforce.Connection;
  const chen = (): string => sim.org.userId('m.chen@stelsewhere-health.org') as string;
  const alvarez = (): string => sim.org.userId('j.alvarez@stelsewhere-health.org') as string;

  beforeEach(async () => {
    sim = await startPhi();
    conn = await adminConnection(sim);
  });
  afterEach(() => sim.close());

  it('freezes users through sObject Collections and writes the audit trail as the acting user', async () => {
    const logins = await conn.query<{ Id: string }>(
      `SELECT Id FROM UserLogin WHERE UserId IN ('${chen()}', '${alvarez().slice(0, 15)}')`,
    );
    expect(logins.totalSize).toBe(2);
    const results = (await conn.sobject('UserLogin').update(
      logins.records.map((r) => ({ Id: r.Id, IsFrozen: true })),
      { allOrNone: true },
    )) as SaveResult[];
    expect(results.every((r) => r.success)).toBe(true);
    const frozen = await conn.query(
      `SELECT Id FROM UserLogin WHERE IsFrozen = true AND UserId = '${chen()}'`,
    );
    expect(frozen.totalSize).toBe(1);
    const audit = await conn.query<{ Action: string; Display: string; CreatedBy: { Username: string } }>(
      "SELECT Action, Display, CreatedBy.Username, CreatedDate FROM SetupAuditTrail WHERE Action = 'frozeuser' ORDER BY CreatedDate DESC",
    );
    expect(audit.totalSize).toBe(2);
    expect(audit.records[0]?.CreatedBy.Username).toBe(sim.credentials.username);
    expect(audit.records.map((r) => r.Display).sort()).toEqual([
      'Froze user j.alvarez@stelsewhere-health.org',
      'Froze user m.chen@stelsewhere-health.org',
    ]);
  });

  it('refuses to deactivate a default case owner with Salesforce’s message, but allows freezing', async () => {
    const secops = sim.org.userId('secops@stelsewhere-health.org') as string;
    await expect(conn.sobject('User').update({ Id: secops, IsActive: false })).rejects.toMatchObject({
      errorCode: 'FIELD_INTEGRITY_EXCEPTION',
      message: expect.stringContaining('default owner of cases'),
    });
    const ok = (await conn.sobject('User').update([{ Id: chen(), IsActive: false }])) as SaveResult[];
    expect(ok[0]?.success).toBe(true);
    const audit = sim.org.query("SELECT Display FROM SetupAuditTrail WHERE Action = 'deactivateduser'");
    expect(audit).toHaveLength(1);
  });

  it('refuses to mix Setup and non-Setup objects in one collection call', async () => {
    const login = sim.org.query(`SELECT Id FROM UserLogin WHERE UserId = '${chen()}'`)[0]?.Id as string;
    const account = sim.org.query('SELECT Id FROM Account LIMIT 1')[0]?.Id as string;
    const results = await conn.requestPatch<SaveResult[]>('/services/data/v62.0/composite/sobjects', {
      allOrNone: false,
      records: [
        { attributes: { type: 'UserLogin' }, id: login, IsFrozen: true },
        { attributes: { type: 'Account' }, id: account, Name: 'Renamed' },
      ],
    });
    expect(results).toHaveLength(2);
    for (const r of results) {
      expect(r.success).toBe(false);
      expect(r.errors[0]?.statusCode).toBe('MIXED_DML_OPERATION');
      expect(r.errors[0]?.message).toContain('DML operation on setup object is not permitted');
    }
    expect(sim.org.query(`SELECT Id FROM UserLogin WHERE IsFrozen = true AND Id = '${login}'`)).toHaveLength(
      0,
    );
  });

  it('rolls back every record when allOrNone is true and one fails', async () => {
    const s = await startSimulator({ scenario: smallScenario() });
    try {
      const c = await adminConnection(s);
      const a = s.org.userId('a@tiny.example') as string;
      const b = s.org.userId('b@tiny.example') as string;
      const results = (await c.sobject('User').update(
        [
          { Id: a, IsActive: false },
          { Id: b, IsActive: false },
        ],
        { allOrNone: true },
      )) as SaveResult[];
      expect(results[0]).toEqual({
        id: a,
        success: false,
        errors: [
          {
            statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
            message:
              'Record rolled back because not all records were valid and the request was using AllOrNone header',
            fields: [],
          },
        ],
      });
      expect(results[1]?.errors[0]?.statusCode).toBe('FIELD_INTEGRITY_EXCEPTION');
      expect(s.org.query(`SELECT Id FROM User WHERE IsActive = false`)).toHaveLength(0);
      expect(s.org.query(`SELECT Id FROM SetupAuditTrail WHERE Action = 'deactivateduser'`)).toHaveLength(0);

      const partial = (await c.sobject('User').update([
        { Id: a, IsActive: false },
        { Id: b, IsActive: false },
      ])) as SaveResult[];
      expect(partial.map((r) => r.success)).toEqual([true, false]);
      expect(s.org.query(`SELECT Id FROM User WHERE IsActive = false`)).toHaveLength(1);
    } finally {
      await s.close();
    }
  });

  it('refuses more than 200 records with EXCEEDED_ID_LIMIT', async () => {
    const records = Array.from({ length: 201 }, () => ({ attributes: { type: 'Account' }, Name: 'x' }));
    const res = await raw(sim, '/services/data/v62.0/composite/sobjects', {
      method: 'POST',
      token: conn.accessToken ?? '',
      body: JSON.stringify({ allOrNone: false, records }),
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual([
      {
        message: 'record limit reached. cannot submit more than 200 records into this call',
        errorCode: 'EXCEEDED_ID_LIMIT',
      },
    ]);
  });

  it('refuses to delete OauthToken through the sObject API, and revoking its DeleteToken removes it', async () => {
    const tokens = await conn.query<{ Id: string; DeleteToken: string; AppName: string }>(
      "SELECT Id, DeleteToken, AppName, User.Username FROM OauthToken WHERE AppName = 'MedSync Analytics' ORDER BY CreatedDate",
    );
    expect(tokens.totalSize).toBe(2);
    const [first, second] = tokens.records as unknown as [
      { Id: string; DeleteToken: string },
      { Id: string; DeleteToken: string },
    ];
    await expect(conn.sobject('OauthToken').destroy(first.Id)).rejects.toMatchObject({
      errorCode: 'METHOD_NOT_ALLOWED',
    });
    const many = (await conn.sobject('OauthToken').destroy([first.Id, second.Id])) as SaveResult[];
    expect(many.every((r) => !r.success && r.errors[0]?.statusCode === 'INVALID_TYPE_FOR_OPERATION')).toBe(
      true,
    );

    // The leaked token works against the API until it is revoked.
    const attacker = new jsforce.Connection({
      instanceUrl: sim.url,
      accessToken: '00DLEAKED!medsync-refresh-derived-token',
      version: '62.0',
    });
    await expect(attacker.query('SELECT Id FROM Account')).resolves.toBeDefined();

    await conn.oauth2.revokeToken(first.DeleteToken);
    const left = await conn.query("SELECT Id FROM OauthToken WHERE AppName = 'MedSync Analytics'");
    expect(left.totalSize).toBe(1);
    await expect(attacker.query('SELECT Id FROM Account')).rejects.toMatchObject({
      errorCode: 'INVALID_SESSION_ID',
    });
    const audit = sim.org.query(
      "SELECT Display, CreatedById FROM SetupAuditTrail WHERE Action = 'revokedoauthtoken'",
    );
    expect(audit).toHaveLength(1);

    const again = await fetch(`${sim.url}/services/oauth2/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${encodeURIComponent(first.DeleteToken)}`,
    });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ error: 'invalid_token', error_description: 'invalid token' });
    await expect(conn.oauth2.revokeToken('not-a-token')).rejects.toThrow(/invalid_token/);
  });

  it('ends sessions by deleting AuthSession rows, which kills their access tokens', async () => {
    const attacker = new jsforce.Connection({
      instanceUrl: sim.url,
      accessToken: '00DATTACKER!chen-api-session-token',
      version: '62.0',
    });
    await expect(attacker.query('SELECT Id FROM Account')).resolves.toBeDefined();
    const sessions = await conn.query<{ Id: string }>(
      `SELECT Id, SessionType, SourceIp FROM AuthSession WHERE UsersId = '${chen()}' AND SourceIp = '185.220.101.47'`,
    );
    expect(sessions.totalSize).toBe(2);
    const results = (await conn
      .sobject('AuthSession')
      .destroy(sessions.records.map((r) => r.Id))) as SaveResult[];
    expect(results.every((r) => r.success)).toBe(true);
    await expect(attacker.query('SELECT Id FROM Account')).rejects.toMatchObject({
      errorCode: 'INVALID_SESSION_ID',
    });
    expect(sim.org.query("SELECT Id FROM SetupAuditTrail WHERE Action = 'removedsession'")).toHaveLength(2);
  });

  it('removes and restores PHI permission set assignments', async () => {
    const rows = await conn.query<{ Id: string; AssigneeId: string; PermissionSetId: string }>(
      `SELECT Id, AssigneeId, PermissionSetId FROM PermissionSetAssignment WHERE PermissionSet.Name = 'PHI_Full_Access' AND AssigneeId = '${chen()}'`,
    );
    const row = rows.records[0];
    await conn.sobject('PermissionSetAssignment').destroy(row.Id);
    const dup = await conn
      .sobject('PermissionSetAssignment')
      .create({ AssigneeId: row.AssigneeId, PermissionSetId: row.PermissionSetId });
    expect(dup.success).toBe(true);
    await expect(
      conn
        .sobject('PermissionSetAssignment')
        .create({ AssigneeId: row.AssigneeId, PermissionSetId: row.PermissionSetId }),
    ).rejects.toMatchObject({ errorCode: 'DUPLICATE_VALUE' });
    const profileOwned = sim.org.query(
      `SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = '${chen()}' AND PermissionSet.IsOwnedByProfile = true`,
    )[0]?.Id as string;
    await expect(conn.sobject('PermissionSetAssignment').destroy(profileOwned)).rejects.toMatchObject({
      errorCode: 'INVALID_CROSS_REFERENCE_KEY',
    });
    const actions = sim.org
      .query("SELECT Action FROM SetupAuditTrail WHERE Action LIKE 'PermSet%' ORDER BY CreatedDate")
      .map((r) => r.Action);
    expect(actions).toEqual(expect.arrayContaining(['PermSetUnassign', 'PermSetAssign']));
  });

  it('refuses creating or deleting UserLogin rows', async () => {
    await expect(conn.sobject('UserLogin').create({ UserId: chen() })).rejects.toMatchObject({
      errorCode: 'METHOD_NOT_ALLOWED',
    });
    const login = sim.org.query(`SELECT Id FROM UserLogin WHERE UserId = '${chen()}'`)[0]?.Id as string;
    const res = (await conn.sobject('UserLogin').destroy([login])) as SaveResult[];
    expect(res[0]?.errors[0]).toMatchObject({
      statusCode: 'INVALID_TYPE_FOR_OPERATION',
      message: expect.stringContaining('cannot be deleted'),
    });
  });
});
