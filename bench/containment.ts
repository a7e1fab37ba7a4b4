/**
 * Benchmark: freeze 10,000 users on the simulator with 50 ms latency per request and a 25-concurrent-request
 * limit, through the freezeUsers activity (sObject Collections of 200, bounded parallelism) and the naive way
 * (one PATCH per user, sequential; sampled on 500 users and extrapolated, as printed). Last line: one JSON object.
 */
import { createSalesforceActivities } from '../activities/salesforce';
import { createConnectionProvider } from '../activities/salesforce/connection-provider';
import { simulatorOrgConfig } from '../activities/salesforce/org-config';
import { generateLargeOrg, startSimulator, type Simulator } from '../simulator';

const USERS = 10_000;
const NAIVE_SAMPLE = 500;
const LATENCY_MS = 50;
const ORG_CONCURRENCY_LIMIT = 25;

async function start(): Promise<Simulator> {
  return startSimulator({
    scenario: generateLargeOrg({ users: USERS, sessionsPerUser: 0, tokensPerUser: 0, loginsPerUser: 0 }),
    faults: { latencyMs: LATENCY_MS, maxConcurrent: ORG_CONCURRENCY_LIMIT },
  });
}

function provider(sim: Simulator) {
  return createConnectionProvider([simulatorOrgConfig(sim, 'bench', 20)]); // 20 in flight, under the org's 25
}

async function batched(): Promise<{ calls: number; ms: number; changed: number }> {
  const sim = await start();
  try {
    const connections = provider(sim);
    await connections('bench'); // log in outside the timing, as a running worker already is
    const userIds = sim.org.query("SELECT Id FROM User WHERE Username LIKE 'user%'").map((r) => String(r.Id));
    sim.resetStats();
    const t0 = performance.now();
    const result = await createSalesforceActivities({ connections }).freezeUsers({
      org: 'bench',
      mode: 'live',
      targets: { userIds },
    });
    const ms = performance.now() - t0;
    if (result.summary.failed > 0) throw new Error(`batched run failed for ${result.summary.failed} users`);
    return { calls: sim.stats().totalRequests, ms, changed: result.summary.changed };
  } finally {
    await sim.close();
  }
}

async function naive(): Promise<{ calls: number; ms: number }> {
  const sim = await start();
  try {
    const { connection } = await provider(sim)('bench');
    const rows = sim.org.query(
      "SELECT Id FROM UserLogin WHERE IsFrozen = false AND User.Username LIKE 'user%' LIMIT " + NAIVE_SAMPLE,
    );
    sim.resetStats();
    const t0 = performance.now();
    for (const row of rows)
      await connection.sobject('UserLogin').update({ Id: String(row.Id), IsFrozen: true });
    const ms = performance.now() - t0;
    return { calls: sim.stats().totalRequests, ms };
  } finally {
    await sim.close();
  }
}

async function main(): Promise<void> {
  const b = await batched();
  console.log(
    `batched: froze ${b.changed} users (of ${USERS}; the rest were already frozen) in ${b.calls} calls, ${b.ms.toFixed(0)} ms`,
  );
  const n = await naive();
  const scale = b.changed / NAIVE_SAMPLE;
  const naiveCalls = Math.round(n.calls * scale);
  const naiveMs = Math.round(n.ms * scale);
  console.log(
    `naive: sampled ${NAIVE_SAMPLE} sequential single-record updates: ${n.calls} calls, ${n.ms.toFixed(0)} ms; extrapolated ×${scale.toFixed(2)} to ${b.changed} users`,
  );
  console.log(
    JSON.stringify({
      bench: 'containment',
      users: USERS,
      calls: b.calls,
      ms: Math.round(b.ms),
      naive_calls: naiveCalls,
      naive_ms: naiveMs,
      speedup: Number((naiveMs / b.ms).toFixed(1)),
    }),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
