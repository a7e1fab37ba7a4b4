import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundle } from '@temporalio/worker';
import { DecisionRefusedError, IncidentCommands } from '../../cli/incident-client';
import type { Actor } from '../../domain/actor';
import { verifyIncidentLog } from '../../domain/incident-log';
import { startSimulator, type Simulator } from '../../simulator';
import type { IncidentStatus } from '../../workflows/incident';
import { CONTAINMENT_RUNBOOK, TEST_ROLES } from '../support/incidents';
import { PHI_SCENARIO } from '../support/simulator';
import {
  bundleWorkflows,
  codecClient,
  createDevServerEnv,
  randomCodec,
  uniqueQueue,
} from '../support/temporal';
import { simulatorWorker } from '../support/worker';

const COMPROMISED = ['m.chen@stelsewhere-health.org', 'j.alvarez@stelsewhere-health.org'];
const who = (id: string): Actor => ({ id, displayName: id, surface: 'cli' });
const codec = randomCodec();

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundle;
let sim: Simulator;

beforeAll(async () => {
  [env, bundle] = await Promise.all([createDevServerEnv(), bundleWorkflows()]);
});
afterAll(async () => {
  await env?.teardown();
});
beforeEach(async () => {
  sim = await startSimulator({ scenarioFile: PHI_SCENARIO });
});
afterEach(async () => {
  await sim.close();
});

/** Runs `fn` with a worker polling a fresh task queue and a command layer on it. */
async function withIncidents<T>(fn: (commands: IncidentCommands) => Promise<T>): Promise<T> {
  const taskQueue = uniqueQueue('runbook');
  const { worker } = await simulatorWorker(env, bundle, codec, taskQueue, sim);
  return worker.runUntil(fn(new IncidentCommands(codecClient(env, codec), taskQueue)));
}

async function until(
  commands: IncidentCommands,
  id: string,
  pred: (s: IncidentStatus) => boolean,
  what: string,
): Promise<IncidentStatus> {
  for (let i = 0; i < 300; i++) {
    const s = await commands.status(id);
    if (pred(s)) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `timed out waiting for ${what}: ${JSON.stringify((await commands.status(id)).steps.map((s) => [s.id, s.state]))}`,
  );
}
const stepState = (s: IncidentStatus, id: string) => s.steps.find((x) => x.id === id)!.state;

function declare(commands: IncidentCommands, mode: 'live' | 'dry-run') {
  return commands.declare({
    runbook: CONTAINMENT_RUNBOOK,
    params: {
      org: 'sim',
      compromisedUsers: { selectors: [{ kind: 'usernames', usernames: COMPROMISED }] },
      phiPermissionSets: ['PHI_Full_Access'],
    },
    mode,
    actor: who('alice'),
    roles: TEST_ROLES,
  });
}

function orgState() {
  return {
    frozen: sim.org.query('SELECT UserId, IsFrozen FROM UserLogin ORDER BY UserId'),
    assignments: sim.org
      .query(
        'SELECT AssigneeId, PermissionSetId, ExpirationDate FROM PermissionSetAssignment WHERE PermissionSet.IsOwnedByProfile = false ORDER BY AssigneeId, PermissionSetId',
      )
      .map((r) => ({
        AssigneeId: r.AssigneeId,
        PermissionSetId: r.PermissionSetId,
        ExpirationDate: r.ExpirationDate,
      })),
    sessions: sim.org.query(
      `SELECT Id FROM AuthSession WHERE UsersId IN ('${COMPROMISED.map((u) => sim.org.userId(u)).join("','")}')`,
    ).length,
  };
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof DecisionRefusedError) return `${err.reason}: ${err.message}`;
    throw err;
  }
  throw new Error('expected a refusal');
}

test('the engine enforces roles and the two-person rule; approved steps run; the log is a verifiable hash chain', async () => {
  await withIncidents(async (commands) => {
    const id = await declare(commands, 'live');
    let status = await until(
      commands,
      id,
      (s) => stepState(s, 'freeze') === 'awaiting-approval',
      'freeze to await approval',
    );
    expect(status.pendingApprovals[0]).toMatchObject({
      stepId: 'freeze',
      policy: 'one',
      role: 'approver',
      mayApprove: ['bob', 'carol'],
    });

    expect(await refusal(commands.approve(id, 'freeze', who('olga')))).toMatch(
      /^ROLE_REQUIRED: olga \(olga\) lacks the role/,
    );
    expect(await refusal(commands.approve(id, 'freeze', who('mallory')))).toMatch(
      /^UNKNOWN_ACTOR: Unknown actor 'mallory'/,
    );
    expect(await refusal(commands.approve(id, 'nope', who('bob')))).toMatch(
      /^UNKNOWN_STEP: Unknown step 'nope'\. Steps of test-containment: freeze, end-sessions/,
    );
    await commands.approve(id, 'freeze', who('bob'), 'indicators confirmed');

    status = await until(
      commands,
      id,
      (s) => stepState(s, 'end-sessions') === 'awaiting-approval',
      'end-sessions to await approval',
    );
    expect(stepState(status, 'freeze')).toBe('completed');
    expect(status.steps.find((s) => s.id === 'freeze')!.outputs?.changedUserIds).toHaveLength(2);
    // alice declared, so alice may not approve a two-person step, even though bob (commander + approver) may.
    const twoPerson = TEST_ROLES;
    expect(twoPerson.alice.roles).toEqual(['commander']);
    expect(await refusal(commands.approve(id, 'end-sessions', who('alice')))).toMatch(/^ROLE_REQUIRED/);
    await commands.approve(id, 'end-sessions', who('bob'));
    expect(await refusal(commands.approve(id, 'end-sessions', who('bob')))).toMatch(
      /^ALREADY_APPROVED: bob has already approved 'end-sessions'; a second, different approver is needed/,
    );
    expect(stepState(await commands.status(id), 'end-sessions')).toBe('awaiting-approval');
    await commands.approve(id, 'end-sessions', who('carol'));
    await until(commands, id, (s) => stepState(s, 'end-sessions') === 'completed', 'end-sessions to run');
    expect(orgState().sessions).toBe(0);

    await commands.reject(id, 'remove-phi', who('carol'), 'keep access until HR decides');
    status = await until(
      commands,
      id,
      (s) => stepState(s, 'confirm') === 'awaiting-completion',
      'the manual step',
    );
    expect(stepState(status, 'remove-phi')).toBe('rejected');
    expect(await refusal(commands.complete(id, 'confirm', who('olga'), 'done'))).toMatch(/^ROLE_REQUIRED/);
    await commands.complete(id, 'confirm', who('bob'), 'privacy officer informed at 02:14');
    expect((await until(commands, id, (s) => s.progress === 'finished', 'the runbook to finish')).state).toBe(
      'open',
    );
    await commands.close(id, who('alice'), 'contained');

    const log = await commands.log(id);
    expect(verifyIncidentLog(log)).toMatchObject({ ok: true, rootHash: log.rootHash });
    expect(log.entries.map((e) => e.type)).toEqual([
      'declared',
      'approved',
      'step-started',
      'step-completed',
      'approved',
      'approved',
      'step-started',
      'step-completed',
      'rejected',
      'step-started',
      'manual-completed',
      'closed',
    ]);
    expect(log.entries.every((e) => Number.isInteger(e.at) && e.actor.id.length > 0)).toBe(true);
    const tampered = structuredClone(log);
    tampered.entries[3].data.changedUsers = 0;
    expect(verifyIncidentLog(tampered)).toMatchObject({ ok: false, brokenAt: 3 });
  });
});

test('the requester cannot approve their own step under the two-person rule, even with the approver role', async () => {
  await withIncidents(async (commands) => {
    const id = await commands.declare({
      runbook: CONTAINMENT_RUNBOOK,
      params: {
        org: 'sim',
        compromisedUsers: { selectors: [{ kind: 'usernames', usernames: COMPROMISED }] },
        phiPermissionSets: ['PHI_Full_Access'],
      },
      mode: 'dry-run',
      actor: who('bob'), // bob is commander and approver
      roles: TEST_ROLES,
    });
    await commands.approve(id, 'freeze', who('bob')); // policy 'one': the requester may approve
    await until(commands, id, (s) => stepState(s, 'end-sessions') === 'awaiting-approval', 'end-sessions');
    expect(await refusal(commands.approve(id, 'end-sessions', who('bob')))).toMatch(
      /^TWO_PERSON_RULE: You cannot approve your own request/,
    );
    await commands.abort(id, who('bob'), 'tabletop over');
    expect(await commands.status(id)).toMatchObject({ state: 'aborted', closeReason: 'tabletop over' });
  });
});

test('dry-run leaves the org untouched and its plan equals the later live result', async () => {
  await withIncidents(async (commands) => {
    const before = orgState();
    const audit = sim.org.query('SELECT Id FROM SetupAuditTrail').length;
    const dry = await declare(commands, 'dry-run');
    await commands.approve(dry, 'freeze', who('bob'));
    await commands.approve(dry, 'end-sessions', who('bob'));
    await commands.approve(dry, 'end-sessions', who('carol'));
    await commands.approve(dry, 'remove-phi', who('bob'));
    await commands.approve(dry, 'remove-phi', who('carol'));
    const planned = await until(
      commands,
      dry,
      (s) => stepState(s, 'confirm') === 'awaiting-completion',
      'dry-run steps',
    );
    expect(orgState()).toEqual(before);
    expect(sim.org.query('SELECT Id FROM SetupAuditTrail').length).toBe(audit);
    expect(planned.steps.find((s) => s.id === 'freeze')!.results![0].status).toBe('planned');

    const live = await declare(commands, 'live');
    await commands.approve(live, 'freeze', who('bob'));
    await commands.approve(live, 'end-sessions', who('bob'));
    await commands.approve(live, 'end-sessions', who('carol'));
    await commands.approve(live, 'remove-phi', who('bob'));
    await commands.approve(live, 'remove-phi', who('carol'));
    const done = await until(
      commands,
      live,
      (s) => stepState(s, 'confirm') === 'awaiting-completion',
      'live steps',
    );
    for (const stepId of ['freeze', 'end-sessions', 'remove-phi']) {
      const p = planned.steps.find((s) => s.id === stepId)!;
      const l = done.steps.find((s) => s.id === stepId)!;
      expect(l.outputs).toEqual(p.outputs);
      expect(l.results![0].summary.changed).toBe(p.results![0].summary.planned);
    }
    expect(orgState()).not.toEqual(before);
  });
});

test('rollback restores the exact prior state: only users it froze, only assignments it removed', async () => {
  // One compromised user is already frozen by an admin before the incident: rollback must leave them frozen.
  const preFrozen = sim.org.userId(COMPROMISED[1])!;
  const c = sim.credentials;
  const { Connection } = await import('jsforce');
  const admin = new Connection({
    loginUrl: sim.url,
    oauth2: { loginUrl: sim.url, clientId: c.clientId, clientSecret: c.clientSecret },
  });
  await admin.login(c.username, c.password);
  const [login] = sim.org.query(`SELECT Id FROM UserLogin WHERE UserId = '${preFrozen}'`);
  await admin.sobject('UserLogin').update({ Id: String(login.Id), IsFrozen: true });
  const before = orgState();

  await withIncidents(async (commands) => {
    const id = await declare(commands, 'live');
    await commands.approve(id, 'freeze', who('bob'));
    await commands.approve(id, 'end-sessions', who('bob'));
    await commands.approve(id, 'end-sessions', who('carol'));
    await commands.approve(id, 'remove-phi', who('bob'));
    await commands.approve(id, 'remove-phi', who('carol'));
    const done = await until(
      commands,
      id,
      (s) => stepState(s, 'confirm') === 'awaiting-completion',
      'containment',
    );
    expect(done.steps.find((s) => s.id === 'freeze')!.outputs!.changedUserIds).toEqual([
      sim.org.userId(COMPROMISED[0]),
    ]);
    expect(orgState().assignments.length).toBeLessThan(before.assignments.length);

    expect(await refusal(commands.rollback(id, who('alice'), 'end-sessions'))).toMatch(
      /^NOTHING_TO_ROLL_BACK: Step 'end-sessions' has nothing to undo/,
    );
    expect(await refusal(commands.rollback(id, who('carol')))).toMatch(/^ROLE_REQUIRED/);
    const outcome = await commands.rollback(id, who('alice'));
    expect(outcome.steps).toEqual(['remove-phi', 'freeze']);
    expect(outcome.results.map((r) => [r.stepId, r.action, r.status])).toEqual([
      ['remove-phi', 'restorePermissionSetAssignments', 'completed'],
      ['freeze', 'unfreezeUsers', 'completed'],
    ]);
    const after = orgState();
    expect(after.frozen).toEqual(before.frozen);
    expect(after.assignments).toEqual(before.assignments);
    const status = await commands.status(id);
    expect(stepState(status, 'freeze')).toBe('compensated');
    expect(await refusal(commands.rollback(id, who('alice')))).toMatch(/^NOTHING_TO_ROLL_BACK/);
    const log = await commands.log(id);
    expect(log.entries.filter((e) => e.type === 'compensated').map((e) => e.stepId)).toEqual([
      'remove-phi',
      'freeze',
    ]);
    expect(verifyIncidentLog(log).ok).toBe(true);
  });
});

test('a closed incident refuses every decision with a clear error', async () => {
  await withIncidents(async (commands) => {
    const id = await declare(commands, 'dry-run');
    await commands.setDiscoveredAt(id, Date.UTC(2026, 2, 10, 19, 0), who('dana'), 'SIEM alert time');
    expect((await commands.status(id)).discoveredAt).toBe(Date.UTC(2026, 2, 10, 19, 0));
    expect(await refusal(commands.setDiscoveredAt(id, Date.now() + 86_400_000, who('dana'), 'x'))).toMatch(
      /future/,
    );
    await commands.close(id, who('alice'), 'false positive');
    await until(commands, id, (s) => s.state === 'closed', 'closed');
    await expect(commands.approve(id, 'freeze', who('bob'))).rejects.toThrow(/is closed/);
    expect(
      (await commands.log(id)).entries.find((e) => e.type === 'discovered-at-changed')?.data,
    ).toMatchObject({ new: Date.UTC(2026, 2, 10, 19, 0), reason: 'SIEM alert time' });
  });
});
