import { generateLargeOrg, startSimulator, type Simulator } from '../../simulator';
import { adminConnection } from './helpers';

type SaveResult = { success: boolean };

describe('simulator: large generated orgs', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ scenario: generateLargeOrg({ users: 10_000, seed: 7 }) });
  });
  afterAll(() => sim.close());

  it('is deterministic for a seed', () => {
    const a = generateLargeOrg({ users: 50, seed: 3 });
    const b = generateLargeOrg({ users: 50, seed: 3 });
    const c = generateLargeOrg({ users: 50, seed: 4 });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('seeds 10,000 users, each with a UserLogin, sessions and tokens', () => {
    const count = (soql: string): number => sim.org.query(soql).length;
    expect(sim.org.store.count('User')).toBe(10_002);
    expect(sim.org.store.count('UserLogin')).toBe(10_002);
    expect(sim.org.store.count('AuthSession')).toBe(20_000);
    expect(sim.org.store.count('OauthToken')).toBe(10_000);
    expect(count("SELECT Id FROM PermissionSetAssignment WHERE PermissionSet.Name = 'PHI_Access'")).toBe(
      1_000,
    );
  });

  it('freezes all 10,000 users through jsforce in 200-record collections', async () => {
    const conn = await adminConnection(sim);
    sim.resetStats();
    const logins = await conn
      .query<{ Id: string }>('SELECT Id FROM UserLogin WHERE IsFrozen = false')
      .run({ autoFetch: true, maxFetch: 20_000 });
    const ids = logins.records.map((r) => r.Id);
    expect(ids.length).toBeGreaterThan(9_000);
    const results = (await conn.sobject('UserLogin').update(
      ids.map((Id) => ({ Id, IsFrozen: true })),
      { allowRecursive: true },
    )) as SaveResult[];
    expect(results.every((r) => r.success)).toBe(true);
    expect(sim.org.query('SELECT COUNT() FROM UserLogin WHERE IsFrozen = false')).toEqual([]);
    expect(sim.org.store.count('UserLogin')).toBe(10_002);
    const composite = sim.stats().byEndpoint['PATCH /composite/sobjects'];
    expect(composite?.count).toBe(Math.ceil(ids.length / 200));
    expect(composite?.records).toBe(ids.length);
    const frozen = sim.org.query("SELECT Id FROM SetupAuditTrail WHERE Action = 'frozeuser'");
    expect(frozen).toHaveLength(ids.length);
  });
});
