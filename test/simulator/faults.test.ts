import { startSimulator, type Simulator } from '../../simulator';
import { adminConnection, raw, smallScenario } from './helpers';

type SaveResult = { id?: string; success: boolean; errors: Array<{ statusCode: string }> };

describe('simulator: fault injection', () => {
  let sim: Simulator;
  beforeEach(async () => {
    sim = await startSimulator({ scenario: smallScenario() });
  });
  afterEach(() => sim.close());

  it('adds the configured latency to every request', async () => {
    const conn = await adminConnection(sim);
    sim.setFaults({ latencyMs: 120 });
    const started = Date.now();
    await conn.query('SELECT Id FROM User');
    expect(Date.now() - started).toBeGreaterThanOrEqual(115);
    // (No upper bound on the time without latency: timing on a loaded machine is for benchmarks, not tests.)
    expect(sim.setFaults({ latencyMs: 0 }).latencyMs).toBe(0);
    await expect(conn.query('SELECT Id FROM User')).resolves.toMatchObject({ done: true });
  });

  it('fails records with UNABLE_TO_LOCK_ROW at the configured rate, reproducibly for a seed', async () => {
    const conn = await adminConnection(sim);
    const logins = sim.org.query('SELECT Id FROM UserLogin').map((r) => r.Id as string);
    const outcome = async (): Promise<boolean[]> => {
      sim.setFaults({ unableToLockRowRate: 0.5, seed: 42 });
      const results = (await conn
        .sobject('UserLogin')
        .update(logins.map((Id) => ({ Id, IsPasswordLocked: false })))) as SaveResult[];
      for (const r of results) if (!r.success) expect(r.errors[0]?.statusCode).toBe('UNABLE_TO_LOCK_ROW');
      return results.map((r) => r.success);
    };
    const first = await outcome();
    const second = await outcome();
    expect(first).toEqual(second);
    expect(first.some((s) => !s)).toBe(true);
    sim.setFaults({ unableToLockRowRate: 1 });
    await expect(conn.sobject('UserLogin').update({ Id: logins[0], IsFrozen: true })).rejects.toMatchObject({
      errorCode: 'UNABLE_TO_LOCK_ROW',
    });
    expect(sim.stats().faults.unableToLockRow).toBeGreaterThan(0);
  });

  it('answers REQUEST_LIMIT_EXCEEDED (403) and 503 at their rates', async () => {
    const conn = await adminConnection(sim);
    const token = conn.accessToken ?? '';
    sim.setFaults({ requestLimitExceededRate: 1 });
    const limited = await raw(sim, '/services/data/v62.0/limits', { token });
    expect(limited.status).toBe(403);
    expect(limited.body).toEqual([
      { message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' },
    ]);
    sim.setFaults({ requestLimitExceededRate: 0, serviceUnavailableRate: 1 });
    const down = await raw(sim, '/services/data/v62.0/limits', { token });
    expect(down.status).toBe(503);
    sim.setFaults({ serviceUnavailableRate: 0 });
    expect((await raw(sim, '/services/data/v62.0/limits', { token })).status).toBe(200);
  });

  it('refuses requests beyond the concurrency limit with ConcurrentPerOrgLongTxn', async () => {
    const conn = await adminConnection(sim);
    const token = conn.accessToken ?? '';
    sim.setFaults({ latencyMs: 150, maxConcurrent: 3 });
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => raw(sim, '/services/data/v62.0/limits', { token })),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 403, 403, 403]);
    const refused = responses.find((r) => r.status === 403);
    expect(refused?.body).toEqual([
      { message: 'ConcurrentPerOrgLongTxn Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' },
    ]);
    expect(sim.stats().faults.concurrencyLimit).toBe(3);
    expect(sim.stats().peakInFlight).toBeGreaterThanOrEqual(4);
  });

  it('exposes the settings and statistics over /__sim and validates them', async () => {
    const put = await raw(sim, '/__sim/faults', {
      method: 'PUT',
      body: JSON.stringify({ latencyMs: 5, seed: 9 }),
    });
    expect(put.status).toBe(200);
    expect(sim.faults()).toMatchObject({ latencyMs: 5, seed: 9 });
    const bad = await raw(sim, '/__sim/faults', {
      method: 'PUT',
      body: JSON.stringify({ unableToLockRowRate: 2 }),
    });
    expect(bad.status).toBe(400);
    const stats = await raw(sim, '/__sim/stats');
    expect(stats.body).toMatchObject({ totalRequests: expect.any(Number) });
  });

  it('takes fault settings from the scenario', async () => {
    const s = await startSimulator({ scenario: smallScenario({ faults: { latencyMs: 80, seed: 3 } }) });
    try {
      expect(s.faults()).toMatchObject({ latencyMs: 80, seed: 3, unableToLockRowRate: 0 });
    } finally {
      await s.close();
    }
  });

  it('enforces the daily API limit with the Sforce-Limit-Info header', async () => {
    const s = await startSimulator({
      scenario: smallScenario({ org: { name: 'Small', dailyApiRequests: 2 } }),
    });
    try {
      const conn = await adminConnection(s);
      const token = conn.accessToken ?? '';
      const first = await raw(s, '/services/data/v62.0/limits', { token });
      expect(first.headers.get('sforce-limit-info')).toBe('api-usage=1/2');
      await raw(s, '/services/data/v62.0/limits', { token });
      const third = await raw(s, '/services/data/v62.0/limits', { token });
      expect(third.status).toBe(403);
      expect(third.headers.get('sforce-limit-info')).toBe('api-usage=3/2');
    } finally {
      await s.close();
    }
  });
});
