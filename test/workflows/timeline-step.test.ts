import * as fs from 'node:fs';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundle } from '@temporalio/worker';
import { verifyTimelineFile } from '../../activities/timeline';
import { IncidentCommands } from '../../cli/incident-client';
import type { Actor } from '../../domain/actor';
import { resolveParams } from '../../domain/runbook';
import { toId18 } from '../../domain/salesforce/ids';
import { runbookSchema, type Runbook } from '../../domain/runbook/schema';
import { startSimulator, type Simulator } from '../../simulator';
import type { IncidentStatus } from '../../workflows/incident';
import { TEST_ROLES } from '../support/incidents';
import { PHI_SCENARIO } from '../support/simulator';
import {
  bundleWorkflows,
  codecClient,
  createDevServerEnv,
  randomCodec,
  uniqueQueue,
} from '../support/temporal';
import { simulatorWorker } from '../support/worker';

const alice: Actor = { id: 'alice', displayName: 'alice', surface: 'cli' };
const codec = randomCodec();

/** One timeline step, then a manual step that shows whether the runbook went on. */
const TIMELINE_RUNBOOK: Runbook = runbookSchema.parse({
  name: 'timeline-only',
  version: 1,
  description: 'Rebuild the timeline, then confirm.',
  parameters: {
    org: { type: 'org', description: 'org' },
    suspects: { type: 'userTargets', description: 'who', required: false },
  },
  phases: [
    {
      id: 'investigate',
      title: 'Investigate',
      steps: [
        {
          id: 'build-timeline',
          title: 'Timeline',
          action: 'timeline.build',
          inputs: { org: { param: 'org' }, users: { param: 'suspects' }, lookback: { value: '2d' } },
          reversible: false,
          onFailure: 'continue',
        },
        { id: 'review', title: 'Review', action: 'manual', instructions: 'Read it.', reversible: false },
      ],
    },
  ],
});

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundle;
let sim: Simulator;
beforeAll(async () => {
  [env, bundle] = await Promise.all([createDevServerEnv(), bundleWorkflows()]);
  sim = await startSimulator({ scenarioFile: PHI_SCENARIO });
});
afterAll(async () => {
  await sim?.close();
  await env?.teardown();
});

async function runTimelineStep(incidentId: string, params: Record<string, unknown>): Promise<IncidentStatus> {
  const taskQueue = uniqueQueue('timeline');
  const { worker } = await simulatorWorker(env, bundle, codec, taskQueue, sim);
  const commands = new IncidentCommands(codecClient(env, codec), taskQueue);
  return worker.runUntil(async () => {
    await commands.declare({
      incidentId,
      runbook: TIMELINE_RUNBOOK,
      params: resolveParams(TIMELINE_RUNBOOK, params),
      mode: 'tabletop',
      discoveredAt: Date.parse('2026-03-11T08:15:00Z'),
      actor: alice,
      roles: TEST_ROLES,
    });
    for (let i = 0; i < 600; i++) {
      const status = await commands.status(incidentId);
      if (status.steps[1].state === 'awaiting-completion') return status;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the timeline step did not finish');
  });
}

test('an IP-range selector narrows collection to the users it matches and marks their first access', async () => {
  const status = await runTimelineStep('INC-20260311-T1MEL1', {
    org: 'sim',
    suspects: {
      selectors: [{ kind: 'loginFromIpRange', cidr: '185.220.101.0/24', since: '2026-03-10T00:00:00Z' }],
    },
  });
  const step = status.steps[0];
  expect(step.state).toBe('completed');
  const t = step.timeline!;
  expect(await verifyTimelineFile(t.timelinePath, { evidenceDir: t.evidenceDir })).toMatchObject({
    ok: true,
  });
  const manifest = JSON.parse(fs.readFileSync(`${t.evidenceDir}/manifest.json`, 'utf8')) as {
    userIds: string[] | 'all';
    window: { from: string };
  };
  // The range's logins are m.chen's, j.alvarez's and the MedSync integration user's; the window opens at the selector's `since` (before discovery - 2d).
  const expected = [
    'm.chen@stelsewhere-health.org',
    'j.alvarez@stelsewhere-health.org',
    'integration.medsync@stelsewhere-health.org',
  ].map((u) => toId18(sim.org.userId(u)!)!);
  expect(manifest.userIds).toEqual(expected.sort());
  expect(manifest.window.from).toBe('2026-03-09T08:15:00.000Z');
  const timeline = fs.readFileSync(t.timelinePath, 'utf8');
  const first = timeline.split('\n').find((l) => l.includes('"first-suspicious-access"'));
  expect(first).toContain('185.220.101.47');
});

test('a timeline step that cannot reach its org fails with the reason, and the runbook goes on (onFailure: continue)', async () => {
  const status = await runTimelineStep('INC-20260311-T1MEL2', { org: 'nowhere' });
  expect(status.steps[0].state).toBe('failed');
  expect(status.steps[0].reason).toMatch(/No Salesforce org named 'nowhere'/);
  expect(status.steps[1].state).toBe('awaiting-completion');
});
