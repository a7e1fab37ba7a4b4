import * as path from 'node:path';
import * as jsforce from 'jsforce';
import {
  startSimulator,
  type ScenarioInput,
  type Simulator,
  type StartSimulatorOptions,
} from '../../simulator';

/** The shipped tabletop scenario. */
export const PHI_SCENARIO = path.resolve(__dirname, '../../templates/scenarios/phi-exfiltration.yaml');

/** A jsforce connection pointed at the simulator (not yet logged in). */
export function connectionFor(sim: Simulator, version = '62.0'): jsforce.Connection {
  return new jsforce.Connection({
    loginUrl: sim.url,
    version,
    oauth2: {
      loginUrl: sim.url,
      clientId: sim.credentials.clientId,
      clientSecret: sim.credentials.clientSecret,
    },
  });
}

/** A logged-in admin connection. */
export async function adminConnection(sim: Simulator, version = '62.0'): Promise<jsforce.Connection> {
  const conn = connectionFor(sim, version);
  await conn.login(sim.credentials.username, sim.credentials.password);
  return conn;
}

/** Starts the shipped PHI scenario. */
export function startPhi(
  options: Omit<StartSimulatorOptions, 'scenarioFile' | 'scenario'> = {},
): Promise<Simulator> {
  return startSimulator({ scenarioFile: PHI_SCENARIO, ...options });
}

/** A minimal org: an admin, a few users, one app. */
export function smallScenario(extra: Partial<ScenarioInput> = {}): ScenarioInput {
  return {
    org: { name: 'Tiny Org', now: '2026-03-10T19:00:00Z' },
    admin: { username: 'admin@tiny.example', password: 'pw', connectedApp: 'Tourniquet' },
    users: [
      { username: 'admin@tiny.example', lastName: 'Admin', profile: 'System Administrator' },
      { username: 'a@tiny.example', firstName: 'Ann', lastName: 'Able', password: 'ann-pw' },
      {
        username: 'b@tiny.example',
        firstName: 'Bob',
        lastName: 'Baker',
        deactivationBlockedBy: 'defaultLeadOwner',
      },
      { username: 'c@tiny.example', firstName: 'Cy', lastName: 'Cole', frozen: true, password: 'cy-pw' },
    ],
    connectedApps: [{ name: 'Tourniquet', consumerKey: 'ck', consumerSecret: 'cs' }],
    ...extra,
  };
}

/** Raw fetch against the simulator with a bearer token. */
export async function raw(
  sim: Simulator,
  pathname: string,
  init: { method?: string; token?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const res = await fetch(sim.url + pathname, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    },
    ...(init.body ? { body: init.body } : {}),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body, headers: res.headers };
}
