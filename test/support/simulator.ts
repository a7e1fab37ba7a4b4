import * as path from 'node:path';
import { createSalesforceActivities } from '../../activities/salesforce';
import { createConnectionProvider } from '../../activities/salesforce/connection-provider';
import { simulatorOrgConfig } from '../../activities/salesforce/org-config';
import type { RetryPolicy } from '../../activities/salesforce/retry';
import { startSimulator, type Simulator, type StartSimulatorOptions } from '../../simulator';

/** The shipped tabletop scenario. */
export const PHI_SCENARIO = path.resolve(
  __dirname,
  '..',
  '..',
  'templates',
  'scenarios',
  'phi-exfiltration.yaml',
);

/** Fast retries for tests: the behaviour is the same, the waiting is not. */
export const FAST_RETRY: RetryPolicy = { maxAttempts: 6, initialDelayMs: 5, maxDelayMs: 50 };

/** Starts a simulator and builds the Salesforce activities against it, logging in as the scenario's admin. */
export async function simulatorWithActivities(
  options: StartSimulatorOptions = { scenarioFile: PHI_SCENARIO },
  retryPolicy = FAST_RETRY,
  maxConcurrency = 10,
) {
  const sim: Simulator = await startSimulator(options);
  const connections = createConnectionProvider([simulatorOrgConfig(sim, 'sim', maxConcurrency)]);
  const activities = createSalesforceActivities({ connections, retryPolicy });
  return { sim, activities, connections };
}

/** IsFrozen of each user, read straight from the simulated org (not through the API under test). */
export function frozenByUsername(sim: Simulator, usernames: readonly string[]): Record<string, boolean> {
  return Object.fromEntries(
    usernames.map((u) => {
      const id = sim.org.userId(u)!;
      const [row] = sim.org.query(`SELECT IsFrozen FROM UserLogin WHERE UserId = '${id}'`);
      return [u, row?.IsFrozen as boolean];
    }),
  );
}

/** PATCH/POST/DELETE requests the simulator has served (writes). */
export function writeCalls(sim: Simulator): number {
  return Object.entries(sim.stats().byEndpoint)
    .filter(([key]) => /^(PATCH|POST|DELETE) /.test(key) && !key.includes('oauth2/token'))
    .reduce((n, [, e]) => n + e.count, 0);
}
