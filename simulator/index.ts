/**
 * A local Salesforce org for tabletop exercises, demos and tests. It speaks the REST API subset Tourniquet
 * uses (OAuth token/revoke, SOQL query/queryMore, sObject CRUD and describe, sObject Collections, limits),
 * so jsforce talks to it unchanged with the simulator's URL as login and instance URL.
 *
 * @example
 * const sim = await startSimulator({ scenarioFile: 'templates/scenarios/phi-exfiltration.yaml' });
 * const conn = new jsforce.Connection({ oauth2: { loginUrl: sim.url, clientId: sim.credentials.clientId,
 *   clientSecret: sim.credentials.clientSecret }, loginUrl: sim.url });
 * await conn.login(sim.credentials.username, sim.credentials.password);
 */
import type { AddressInfo } from 'node:net';
import { createClock } from './clock';
import { SimulatorError } from './errors';
import { Faults, type FaultSettingsInput } from './faults';
import { createSimulatorServer } from './http/server';
import { seedOrg, type Org } from './org';
import { loadScenarioFile, validateScenario } from './scenario';
import type { FaultSettings, Scenario, ScenarioInput } from './scenario-schema';
import { runQuery, type JsonRecord } from './soql/evaluate';
import { StatsRecorder, type SimulatorStats } from './stats';
import type { Store } from './store';

export { generateLargeOrg, type GenerateOptions } from './generate';
export { idChecksum, isSalesforceId, KEY_PREFIXES, toId18 } from './ids';
export { ScenarioError, SimulatorError, type ScenarioIssue } from './errors';
export { loadScenarioFile, parseScenario, validateScenario } from './scenario';
export type { FaultSettings, Scenario, ScenarioInput } from './scenario-schema';
export type { FaultSettingsInput } from './faults';
export type { SimulatorStats, EndpointStats } from './stats';
export type { JsonRecord } from './soql/evaluate';

/** Options of {@link startSimulator}: give `scenario` (object) or `scenarioFile` (YAML path). */
export interface StartSimulatorOptions {
  readonly scenario?: ScenarioInput;
  readonly scenarioFile?: string;
  /** TCP port; 0 (default) picks a free one. */
  readonly port?: number;
  /** Interface to bind; default 127.0.0.1. */
  readonly host?: string;
  /** Fault settings overriding the scenario's. */
  readonly faults?: FaultSettingsInput;
}

/** What a client needs to log in as the scenario's admin (OAuth username-password flow). */
export interface SimulatorCredentials {
  readonly loginUrl: string;
  readonly instanceUrl: string;
  readonly username: string;
  /** Password (append `securityToken` if the scenario sets one and you want to mimic that habit). */
  readonly password: string;
  readonly securityToken?: string;
  /** The admin connected app's consumer key / secret. */
  readonly clientId: string;
  readonly clientSecret: string;
  readonly apiVersion: string;
  readonly orgId: string;
}

/** Direct (not HTTP, not counted) read access to the simulated org, for tests and benchmarks. */
export interface SimulatorOrgView {
  readonly orgId: string;
  /** Runs SOQL against the org's current data, returning REST-shaped records (COUNT() gives []). */
  query(soql: string): JsonRecord[];
  /** 18-character ID of the user with this username. */
  userId(username: string): string | undefined;
  /** The live data store (mutating it bypasses Salesforce's rules and the audit trail). */
  readonly store: Store;
}

/** A running simulator. */
export interface Simulator {
  /** Base URL, e.g. `http://127.0.0.1:54321` (use as jsforce `loginUrl` and `instanceUrl`). */
  readonly url: string;
  readonly credentials: SimulatorCredentials;
  readonly org: SimulatorOrgView;
  /** Changes fault settings at runtime (fields left out keep their values); returns the settings in force. */
  setFaults(patch: FaultSettingsInput): FaultSettings;
  /** The fault settings in force. */
  faults(): FaultSettings;
  /** Request counters per endpoint, API calls, injected faults, peak concurrency. */
  stats(): SimulatorStats;
  /** Zeroes the statistics (the org's API usage is kept). */
  resetStats(): void;
  /** Stops the server. */
  close(): Promise<void>;
}

function resolveScenario(options: StartSimulatorOptions): Scenario {
  if (options.scenarioFile !== undefined) return loadScenarioFile(options.scenarioFile);
  if (options.scenario !== undefined) return validateScenario(options.scenario);
  throw new SimulatorError('startSimulator needs a scenario object or a scenarioFile path.');
}

/** Starts a simulator seeded from a scenario. Resolves once it listens. */
export async function startSimulator(options: StartSimulatorOptions): Promise<Simulator> {
  const scenario = resolveScenario(options);
  const org: Org = seedOrg(scenario, createClock(scenario.org.now));
  const faults = new Faults({ ...(scenario.faults ?? {}), ...(options.faults ?? {}) });
  const stats = new StatsRecorder();
  let url = '';
  const server = createSimulatorServer({ org, faults, stats, baseUrl: () => url });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) =>
      reject(
        new SimulatorError(`The simulator could not listen on ${host}:${options.port ?? 0}: ${e.message}`, {
          cause: e,
        }),
      ),
    );
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  const adminApp = org.adminApp;
  let closed = false;
  return {
    url,
    credentials: {
      loginUrl: url,
      instanceUrl: url,
      username: scenario.admin.username,
      password: scenario.admin.password,
      ...(scenario.admin.securityToken ? { securityToken: scenario.admin.securityToken } : {}),
      clientId: adminApp.consumerKey ?? '',
      clientSecret: adminApp.consumerSecret ?? '',
      apiVersion: org.apiVersion,
      orgId: org.orgId,
    },
    org: {
      orgId: org.orgId,
      store: org.store,
      query: (soql) => {
        const outcome = runQuery(soql, org.store, org.clock(), org.apiVersion);
        return outcome.kind === 'records' ? [...outcome.records] : [];
      },
      userId: (username) => {
        const row = org.store.findBy('User', 'Username', username)[0];
        return row ? String(row.Id) : undefined;
      },
    },
    setFaults: (patch) => faults.set(patch),
    faults: () => faults.settings,
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(true),
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (closed) return resolve();
        closed = true;
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

/** Options of {@link runSimulatorCli}. */
export interface SimulatorCliOptions {
  /** Path of the scenario YAML file. */
  readonly scenario: string;
  /** TCP port (default 0: a free port). */
  readonly port?: number;
  readonly host?: string;
  /** Where to print (default `console.log`). */
  readonly print?: (line: string) => void;
}

/**
 * Entry point of `tourniquet simulator --scenario FILE [--port N]`: starts the simulator, prints its URL and
 * the admin's login credentials, and returns the running simulator (the caller decides when to close it,
 * e.g. on SIGINT). Throws {@link ScenarioError} (code `SCENARIO_INVALID`, naming file:line and field) for an
 * invalid scenario and {@link SimulatorError} when it cannot listen.
 */
export async function runSimulatorCli(options: SimulatorCliOptions): Promise<Simulator> {
  const print = options.print ?? ((line: string) => console.log(line));
  const sim = await startSimulator({
    scenarioFile: options.scenario,
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.host !== undefined ? { host: options.host } : {}),
  });
  const c = sim.credentials;
  print(`Salesforce simulator listening at ${sim.url} (org ${c.orgId}, API v${c.apiVersion})`);
  print(`  login URL / instance URL: ${c.loginUrl}`);
  print(`  username:       ${c.username}`);
  print(`  password:       ${c.password}${c.securityToken ? `  (security token: ${c.securityToken})` : ''}`);
  print(`  client id:      ${c.clientId}`);
  print(`  client secret:  ${c.clientSecret}`);
  print(`  fault settings: GET/PUT ${sim.url}/__sim/faults; statistics: GET ${sim.url}/__sim/stats`);
  return sim;
}
