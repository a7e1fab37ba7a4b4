import type { ActionResult } from '../../../domain/salesforce/results';
import type { Simulator } from '../../../simulator';
import { frozenByUsername, simulatorWithActivities, writeCalls } from '../../support/simulator';

const COMPROMISED = ['m.chen@stelsewhere-health.org', 'j.alvarez@stelsewhere-health.org'];
const INTEGRATION = 'integration.medsync@stelsewhere-health.org';

let sim: Simulator;
let sf: Awaited<ReturnType<typeof simulatorWithActivities>>['activities'];

beforeEach(async () => {
  ({ sim, activities: sf } = await simulatorWithActivities());
});
afterEach(async () => {
  await sim.close();
});

function outcomes(result: ActionResult): Record<string, string> {
  return Object.fromEntries(result.targets.map((t) => [t.userId, t.outcome]));
}

test('freezeUsers freezes exactly the targeted users, reports before/after, and a second run changes nothing', async () => {
  const first = await sf.freezeUsers({
    org: 'sim',
    mode: 'live',
    targets: { selectors: [{ kind: 'usernames', usernames: COMPROMISED }] },
  });
  expect(first).toMatchObject({
    action: 'freezeUsers',
    mode: 'live',
    status: 'completed',
    irreversible: false,
    summary: { total: 2, changed: 2 },
  });
  for (const t of first.targets)
    expect(t).toMatchObject({
      object: 'UserLogin',
      before: { IsFrozen: false },
      after: { IsFrozen: true },
      outcome: 'changed',
    });
  expect(first.notes.join(' ')).toMatch(/live sessions and OAuth tokens stay valid/);
  expect(frozenByUsername(sim, [...COMPROMISED, 'p.patel@stelsewhere-health.org'])).toEqual({
    [COMPROMISED[0]]: true,
    [COMPROMISED[1]]: true,
    'p.patel@stelsewhere-health.org': false,
  });

  sim.resetStats();
  const second = await sf.freezeUsers({
    org: 'sim',
    mode: 'live',
    targets: { selectors: [{ kind: 'usernames', usernames: COMPROMISED }] },
  });
  expect(second.summary).toMatchObject({ total: 2, already: 2, changed: 0 });
  expect(writeCalls(sim)).toBe(0);

  const thawed = await sf.unfreezeUsers({
    org: 'sim',
    mode: 'live',
    targets: { userIds: first.targets.map((t) => t.userId) },
  });
  expect(thawed.summary).toMatchObject({ changed: 2 });
  expect(Object.values(frozenByUsername(sim, COMPROMISED))).toEqual([false, false]);
});

test('dry-run reads the same state, writes nothing, and its plan equals what live then does', async () => {
  const targets = { selectors: [{ kind: 'permissionSet' as const, name: 'PHI_Full_Access' }] };
  const before = sim.org.query('SELECT Id, IsFrozen FROM UserLogin ORDER BY Id');
  sim.resetStats();
  const plan = await sf.freezeUsers({ org: 'sim', mode: 'dry-run', targets });
  expect(writeCalls(sim)).toBe(0);
  expect(sim.org.query('SELECT Id, IsFrozen FROM UserLogin ORDER BY Id')).toEqual(before);
  expect(plan.status).toBe('planned');
  expect(plan.summary.planned).toBe(5);

  const live = await sf.freezeUsers({ org: 'sim', mode: 'live', targets });
  const shape = (r: ActionResult) =>
    r.targets.map((t) => ({ id: t.id, userId: t.userId, before: t.before, after: t.after }));
  expect(shape(live)).toEqual(shape(plan));
  expect(live.targets.every((t) => t.outcome === 'changed')).toBe(true);
});

test('users who logged in from an IP range since a time are found by a read-only selector', async () => {
  const result = await sf.freezeUsers({
    org: 'sim',
    mode: 'dry-run',
    targets: {
      selectors: [{ kind: 'loginFromIpRange', cidr: '185.220.101.0/24', since: '2026-03-10T00:00:00Z' }],
    },
  });
  const ids = COMPROMISED.map((u) => sim.org.userId(u));
  expect(result.targets.map((t) => t.userId).sort()).toEqual(expect.arrayContaining(ids));
  expect(result.targets.map((t) => t.userId)).not.toContain(sim.org.userId('p.patel@stelsewhere-health.org'));
});

test('endSessions deletes every session of the targeted users and nobody else', async () => {
  const ids = COMPROMISED.map((u) => sim.org.userId(u)!);
  await sf.endSessions({ org: 'sim', mode: 'dry-run', targets: { userIds: ids } }); // logs in: the admin's own session exists from here on
  const others = sim.org.query(
    `SELECT Id FROM AuthSession WHERE UsersId NOT IN ('${ids.join("','")}')`,
  ).length;
  const mine = sim.org.query(`SELECT Id FROM AuthSession WHERE UsersId IN ('${ids.join("','")}')`).length;
  expect(mine).toBeGreaterThan(0);
  const result = await sf.endSessions({ org: 'sim', mode: 'live', targets: { userIds: ids } });
  expect(result.summary).toMatchObject({ total: mine, changed: mine });
  expect(result.targets[0]).toMatchObject({
    object: 'AuthSession',
    after: null,
    before: { SourceIp: expect.any(String) },
  });
  expect(sim.org.query(`SELECT Id FROM AuthSession WHERE UsersId IN ('${ids.join("','")}')`)).toHaveLength(0);
  expect(
    sim.org.query(`SELECT Id FROM AuthSession WHERE UsersId NOT IN ('${ids.join("','")}')`),
  ).toHaveLength(others);
  const again = await sf.endSessions({ org: 'sim', mode: 'live', targets: { userIds: ids } });
  expect(again.summary.total).toBe(0);
  expect(again.unmatched.map((u) => u.reason)).toEqual(['no active sessions', 'no active sessions']);
});

test('revokeConnectedAppTokens revokes every token of an app through the revoke endpoint, never exposing token values', async () => {
  const tokens = sim.org.query("SELECT Id, DeleteToken FROM OauthToken WHERE AppName = 'MedSync Analytics'");
  expect(tokens.length).toBeGreaterThan(0);
  const result = await sf.revokeConnectedAppTokens({
    org: 'sim',
    mode: 'live',
    targets: { appNames: ['MedSync Analytics'] },
  });
  expect(result).toMatchObject({
    irreversible: true,
    status: 'completed',
    summary: { changed: tokens.length },
  });
  expect(result.notes.join(' ')).toMatch(/cannot be undone/);
  const serialized = JSON.stringify(result);
  for (const t of tokens) expect(serialized).not.toContain(String(t.DeleteToken));
  expect(sim.org.query("SELECT Id FROM OauthToken WHERE AppName = 'MedSync Analytics'")).toHaveLength(0);
  expect(sim.stats().byEndpoint['POST /services/oauth2/revoke']?.count).toBe(tokens.length);
});

test('lockIntegrationUser freezes, ends sessions, revokes tokens and removes assignments; unlock restores exactly those assignments', async () => {
  const userId = sim.org.userId(INTEGRATION)!;
  const fields = (rows: Array<Record<string, unknown>>) =>
    rows.map((r) => ({ PermissionSetId: r.PermissionSetId, ExpirationDate: r.ExpirationDate }));
  const assignmentsBefore = fields(
    sim.org.query(
      `SELECT PermissionSetId, ExpirationDate FROM PermissionSetAssignment WHERE AssigneeId = '${userId}' AND PermissionSet.IsOwnedByProfile = false ORDER BY PermissionSetId`,
    ),
  );
  expect(assignmentsBefore.length).toBeGreaterThan(0);

  const lock = await sf.lockIntegrationUser({ org: 'sim', mode: 'live', userId });
  expect(lock).toMatchObject({ status: 'completed', irreversible: true });
  expect(lock.steps.freeze.summary.changed).toBe(1);
  expect(lock.steps.revokeTokens.summary.changed).toBeGreaterThan(0);
  expect(lock.removedAssignments.map((a) => a.PermissionSetId).sort()).toEqual(
    assignmentsBefore.map((a) => a.PermissionSetId),
  );
  expect(
    sim.org.query(
      `SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = '${userId}' AND PermissionSet.IsOwnedByProfile = false`,
    ),
  ).toHaveLength(0);
  expect(frozenByUsername(sim, [INTEGRATION])[INTEGRATION]).toBe(true);

  const unlock = await sf.unlockIntegrationUser({
    org: 'sim',
    mode: 'live',
    userId,
    restoreAssignments: lock.removedAssignments,
  });
  expect(unlock.status).toBe('completed');
  expect(unlock.notes.join(' ')).toMatch(/cannot be restored/);
  expect(frozenByUsername(sim, [INTEGRATION])[INTEGRATION]).toBe(false);
  const assignmentsAfter = fields(
    sim.org.query(
      `SELECT PermissionSetId, ExpirationDate FROM PermissionSetAssignment WHERE AssigneeId = '${userId}' AND PermissionSet.IsOwnedByProfile = false ORDER BY PermissionSetId`,
    ),
  );
  expect(assignmentsAfter).toEqual(assignmentsBefore);

  const again = await sf.unlockIntegrationUser({
    org: 'sim',
    mode: 'live',
    userId,
    restoreAssignments: lock.removedAssignments,
  });
  expect(again.steps.restoreAssignments?.summary.already).toBe(assignmentsBefore.length);
});

test('deactivateUsers: a user Salesforce refuses to deactivate fails with its reason, the others are deactivated', async () => {
  const users = ['secops@stelsewhere-health.org', ...COMPROMISED];
  const result = await sf.deactivateUsers({
    org: 'sim',
    mode: 'live',
    targets: { selectors: [{ kind: 'usernames', usernames: users }] },
  });
  expect(result.status).toBe('partial');
  const secops = result.targets.find((t) => t.userId === sim.org.userId('secops@stelsewhere-health.org'))!;
  expect(secops.outcome).toBe('failed');
  expect(secops.error?.message).toMatch(/case/i);
  expect(secops.after).toEqual(secops.before);
  expect(result.notes.join(' ')).toMatch(/sharing/);
  const byUser = outcomes(result);
  for (const u of COMPROMISED) expect(byUser[sim.org.userId(u)!]).toBe('changed');
  expect(sim.org.query(`SELECT IsActive FROM User WHERE Username = '${COMPROMISED[0]}'`)[0]?.IsActive).toBe(
    false,
  );

  const back = await sf.reactivateUsers({
    org: 'sim',
    mode: 'live',
    targets: { selectors: [{ kind: 'usernames', usernames: users }] },
  });
  expect(back.summary).toMatchObject({ changed: 2, already: 1 });
  expect(sim.org.query(`SELECT IsActive FROM User WHERE Username = '${COMPROMISED[0]}'`)[0]?.IsActive).toBe(
    true,
  );
});

test('SOQL injection attempts and malformed IDs are refused before any request reaches the org', async () => {
  sim.resetStats();
  await expect(
    sf.freezeUsers({
      org: 'sim',
      mode: 'live',
      targets: { selectors: [{ kind: 'usernames', usernames: ["x@y.z' OR Username != '"] }] },
    }),
  ).rejects.toThrow(/usernames\.0: must be a Salesforce username/);
  await expect(
    sf.freezeUsers({
      org: 'sim',
      mode: 'live',
      targets: { selectors: [{ kind: 'permissionSet', name: "PHI' OR Name != '" }] },
    }),
  ).rejects.toThrow(/must be a permission set API name/);
  await expect(
    sf.freezeUsers({ org: 'sim', mode: 'live', targets: { userIds: ["005000000000001' OR Id != '"] } }),
  ).rejects.toThrow(/userIds\.0: must be a 15- or 18-character Salesforce ID/);
  await expect(
    sf.freezeUsers({ org: 'sim', mode: 'live', targets: { userIds: ['005000000000001AAZ'] } }),
  ).rejects.toThrow(/valid checksum/);
  expect(sim.stats().totalRequests).toBe(0);
});

test('app names with quotes are escaped, not interpreted', async () => {
  const result = await sf.revokeConnectedAppTokens({
    org: 'sim',
    mode: 'dry-run',
    targets: { appNames: ["MedSync' OR AppName != '"] },
  });
  expect(result.summary.total).toBe(0);
  expect(sim.org.query('SELECT Id FROM OauthToken').length).toBeGreaterThan(0);
});
