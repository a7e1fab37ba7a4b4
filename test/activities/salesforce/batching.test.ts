import { MockActivityEnvironment } from '@temporalio/testing';
import type { RetryPolicy } from '../../../activities/salesforce/retry';
import type { PlanDetails } from '../../../activities/salesforce/run';
import type { UserActionInput } from '../../../domain/salesforce/action-inputs';
import type { ActionResult } from '../../../domain/salesforce/results';
import { generateLargeOrg, type FaultSettingsInput, type Simulator } from '../../../simulator';
import { FAST_RETRY, simulatorWithActivities, writeCalls } from '../../support/simulator';

const opened: Simulator[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

async function largeOrg(
  users: number,
  options: {
    faults?: FaultSettingsInput;
    edit?: (s: ReturnType<typeof generateLargeOrg>) => void;
    maxConcurrency?: number;
    retry?: RetryPolicy;
  } = {},
) {
  const scenario = generateLargeOrg({ users, sessionsPerUser: 1, loginsPerUser: 1 });
  options.edit?.(scenario);
  const env = await simulatorWithActivities(
    { scenario, faults: options.faults },
    options.retry ?? FAST_RETRY,
    options.maxConcurrency ?? 10,
  );
  opened.push(env.sim);
  const userIds = env.sim.org
    .query("SELECT Id FROM User WHERE Username LIKE 'user%'")
    .map((r) => String(r.Id));
  return { ...env, userIds };
}

test('freezing 10,000 users takes ≤ 60 API calls (collections of 200), freezes each once, and skips the already frozen', async () => {
  const { sim, activities, userIds } = await largeOrg(10_000);
  const alreadyFrozen = sim.org.query(
    "SELECT Id FROM UserLogin WHERE IsFrozen = true AND User.Username LIKE 'user%'",
  ).length;
  expect(alreadyFrozen).toBeGreaterThan(0);
  sim.resetStats();
  const result = await activities.freezeUsers({ org: 'sim', mode: 'live', targets: { userIds } });
  expect(result.summary).toEqual({
    total: 10_000,
    changed: 10_000 - alreadyFrozen,
    already: alreadyFrozen,
    planned: 0,
    failed: 0,
  });
  expect(sim.stats().totalRequests).toBeLessThanOrEqual(60);
  expect(sim.stats().byEndpoint['PATCH /composite/sobjects']?.count).toBe(
    Math.ceil((10_000 - alreadyFrozen) / 200),
  );
  expect(sim.stats().peakInFlight).toBeLessThanOrEqual(10);
  expect(
    sim.org.query("SELECT Id FROM UserLogin WHERE IsFrozen = false AND User.Username LIKE 'user%'"),
  ).toHaveLength(0);
});

test('a record refused inside a 200-record chunk fails alone, without retries; the rest of its chunk is written', async () => {
  const { sim, activities, userIds } = await largeOrg(250, {
    edit: (s) => {
      s.users[100] = { ...s.users[100], deactivationBlockedBy: 'defaultCaseOwner' };
    },
  });
  const blocked = sim.org.userId(
    sim.org.query("SELECT Username FROM User WHERE Username LIKE 'user%' ORDER BY Username")[98]
      .Username as string,
  )!;
  const result = await activities.deactivateUsers({ org: 'sim', mode: 'live', targets: { userIds } });
  expect(result.status).toBe('partial');
  expect(result.summary).toMatchObject({ total: 250, changed: 249, failed: 1 });
  const failed = result.targets.find((t) => t.outcome === 'failed')!;
  expect(failed.userId).toBe(blocked);
  expect(failed.error).toMatchObject({ attempts: 1 });
  expect(
    sim.org.query("SELECT Id FROM User WHERE IsActive = true AND Username LIKE 'user%'").map((r) => r.Id),
  ).toEqual([blocked]);
});

test('row locks, rate limits, 503s and the concurrency limit are retried with backoff until every user is frozen', async () => {
  const { sim, activities, userIds } = await largeOrg(1_000, {
    faults: {
      unableToLockRowRate: 0.2,
      requestLimitExceededRate: 0.05,
      serviceUnavailableRate: 0.05,
      maxConcurrent: 3,
      seed: 7,
    },
    maxConcurrency: 6,
    // Twice the calls the org accepts at once: plenty of rejections, so allow more (still fast) attempts.
    retry: { maxAttempts: 12, initialDelayMs: 5, maxDelayMs: 100 },
  });
  const result = await activities.freezeUsers({ org: 'sim', mode: 'live', targets: { userIds } });
  expect(result.summary.failed).toBe(0);
  expect(result.status).toBe('completed');
  const faults = sim.stats().faults;
  expect(faults.unableToLockRow).toBeGreaterThan(0);
  expect(faults.concurrencyLimit + faults.requestLimitExceeded + faults.serviceUnavailable).toBeGreaterThan(
    0,
  );
  expect(
    sim.org.query("SELECT Id FROM UserLogin WHERE IsFrozen = false AND User.Username LIKE 'user%'"),
  ).toHaveLength(0);
});

test('an attempt that died mid-batch is resumed: the retry writes only what is left and reports every user frozen once', async () => {
  const { sim, activities, userIds } = await largeOrg(1_000);
  const alreadyFrozen = sim.org.query(
    "SELECT Id FROM UserLogin WHERE IsFrozen = true AND User.Username LIKE 'user%'",
  ).length;

  // Attempt 1: the org starts failing every request after the second chunk, as if the worker lost it.
  const first = new MockActivityEnvironment({ attempt: 1 });
  let details: PlanDetails | undefined;
  let chunksDone = 0;
  first.on('heartbeat', (d: PlanDetails) => {
    details = structuredClone(d);
    if (d.progress && ++chunksDone === 2) sim.setFaults({ serviceUnavailableRate: 1 });
  });
  const input: UserActionInput = { org: 'sim', mode: 'live', targets: { userIds } };
  const crashed: ActionResult = await first.run<
    [UserActionInput],
    ActionResult,
    typeof activities.freezeUsers
  >(activities.freezeUsers, input);
  expect(crashed.summary.changed).toBeGreaterThanOrEqual(400);
  expect(crashed.summary.failed).toBeGreaterThan(0);
  const frozenByFirst = crashed.summary.changed;

  // Attempt 2 (Temporal retries it with the last heartbeat): the org is healthy again.
  sim.setFaults({ serviceUnavailableRate: 0 });
  sim.resetStats();
  const second = new MockActivityEnvironment({ attempt: 2, heartbeatDetails: details });
  const resumed: ActionResult = await second.run<
    [UserActionInput],
    ActionResult,
    typeof activities.freezeUsers
  >(activities.freezeUsers, input);
  expect(resumed.summary).toMatchObject({
    total: 1_000,
    changed: 1_000 - alreadyFrozen,
    already: alreadyFrozen,
    failed: 0,
  });
  const patched = sim.stats().byEndpoint['PATCH /composite/sobjects']?.count ?? 0;
  expect(patched).toBe(Math.ceil((1_000 - alreadyFrozen - frozenByFirst) / 200));
  expect(writeCalls(sim)).toBe(patched);
});
