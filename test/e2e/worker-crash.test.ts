import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { IncidentCommands } from '../../cli/incident-client';
import { verifyIncidentLog } from '../../domain/incident-log';
import { generateLargeOrg, startSimulator, type Simulator } from '../../simulator';
import { cliEnv, startCli } from '../support/cli';
import { FREEZE_RUNBOOK, TEST_ROLES } from '../support/incidents';
import { AesGcmPayloadCodec } from '../../worker/codec';
import { codecClient, createDevServerEnv, tempDir, uniqueQueue } from '../support/temporal';

const USERS = 2_000;
const codecKey = randomBytes(32);
const codec = new AesGcmPayloadCodec([{ id: 'crash-key', key: codecKey }], 'crash-key');

let env: TestWorkflowEnvironment;
let sim: Simulator;
const children: ChildProcess[] = [];

beforeAll(async () => {
  env = await createDevServerEnv();
  // Slow org (400 ms a request, one write at a time from the worker) so the kill lands mid-batch.
  sim = await startSimulator({
    scenario: generateLargeOrg({ users: USERS, sessionsPerUser: 0, tokensPerUser: 0, loginsPerUser: 0 }),
    faults: { latencyMs: 400 },
  });
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await sim?.close();
  await env?.teardown();
});

function workerEnv(taskQueue: string) {
  const dir = tempDir('crash');
  const orgs = path.join(dir, 'orgs.yaml');
  const c = sim.credentials;
  fs.writeFileSync(
    orgs,
    `orgs:\n  - name: sim\n    loginUrl: ${sim.url}\n    maxConcurrency: 1\n    auth: { type: password, clientId: ${c.clientId}, clientSecret: ${c.clientSecret}, username: ${c.username}, password: ${c.password} }\n`,
  );
  return cliEnv(dir, {
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_NAMESPACE: 'default',
    TOURNIQUET_CODEC_KEYS: `crash-key:${codecKey.toString('base64')}`,
    TOURNIQUET_TASK_QUEUE: taskQueue,
    TOURNIQUET_SALESFORCE_ORGS: orgs,
    TOURNIQUET_LOG_LEVEL: 'WARN',
  });
}

async function startWorker(vars: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const { child } = await startCli(['worker'], vars, /polling task queue/);
  children.push(child);
  return child;
}

const patches = () => sim.stats().byEndpoint['PATCH /composite/sobjects']?.count ?? 0;

test('a worker killed mid-isolation is replaced: every user is frozen exactly once and the log has no duplicate action', async () => {
  const taskQueue = uniqueQueue('crash');
  const vars = workerEnv(taskQueue);
  const userIds = sim.org.query("SELECT Id FROM User WHERE Username LIKE 'user%'").map((r) => String(r.Id));
  const preFrozen = sim.org.query(
    "SELECT Id FROM UserLogin WHERE IsFrozen = true AND User.Username LIKE 'user%'",
  ).length;
  const toFreeze = USERS - preFrozen;
  const auditBefore = sim.org.query("SELECT Id FROM SetupAuditTrail WHERE Action = 'frozeuser'").length;

  const first = await startWorker(vars);
  const commands = new IncidentCommands(codecClient(env, codec), taskQueue);
  const incidentId = await commands.declare({
    runbook: FREEZE_RUNBOOK,
    params: { org: 'sim', users: { userIds } },
    mode: 'live',
    actor: { id: 'alice', displayName: 'alice', surface: 'cli' },
    roles: TEST_ROLES,
  });

  // Kill -9 once some, but not all, chunks of 200 are written.
  const chunks = Math.ceil(toFreeze / 200);
  while (patches() < 3) await new Promise((r) => setTimeout(r, 50));
  first.kill('SIGKILL');
  const writtenBeforeKill = patches();
  expect(writtenBeforeKill).toBeLessThan(chunks);

  await startWorker(vars);
  let status = await commands.status(incidentId);
  for (
    let i = 0;
    i < 1200 && status.steps[0].state !== 'completed' && status.steps[0].state !== 'failed';
    i++
  ) {
    await new Promise((r) => setTimeout(r, 100));
    status = await commands.status(incidentId);
  }
  const freeze = status.steps[0];
  expect(freeze.state).toBe('completed');
  expect(freeze.results![0].summary).toMatchObject({
    total: USERS,
    changed: toFreeze,
    already: preFrozen,
    failed: 0,
  });

  // The org: everyone frozen, and the audit trail shows each user frozen once (no chunk written twice).
  expect(
    sim.org.query("SELECT Id FROM UserLogin WHERE IsFrozen = false AND User.Username LIKE 'user%'"),
  ).toHaveLength(0);
  const audit = sim.org
    .query("SELECT Display FROM SetupAuditTrail WHERE Action = 'frozeuser'")
    .map((r) => String(r.Display));
  expect(audit.length - auditBefore).toBe(toFreeze);
  expect(new Set(audit).size).toBe(audit.length);
  expect(patches()).toBe(chunks);

  // The incident log: one start and one completion for the step, and an intact chain.
  const log = await commands.log(incidentId);
  expect(log.entries.filter((e) => e.stepId === 'freeze').map((e) => e.type)).toEqual([
    'step-started',
    'step-completed',
  ]);
  expect(verifyIncidentLog(log).ok).toBe(true);
  await commands.abort(incidentId, { id: 'alice', displayName: 'alice', surface: 'cli' }, 'test over');
});
