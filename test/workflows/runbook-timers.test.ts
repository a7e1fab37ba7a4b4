import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { IncidentCommands } from '../../cli/incident-client';
import { runbookSchema } from '../../domain/runbook/schema';
import { TEST_ROLES } from '../support/incidents';
import {
  bundleWorkflows,
  codecClient,
  createTimeSkippingEnv,
  randomCodec,
  notifyingWorker,
} from '../support/temporal';

const RUNBOOK = runbookSchema.parse({
  name: 'test-timers',
  version: 1,
  description: 'An approval that escalates and then times out.',
  parameters: {},
  phases: [
    {
      id: 'p',
      title: 'P',
      steps: [
        {
          id: 'sign-off',
          title: 'Privacy officer signs off',
          action: 'manual',
          instructions: 'Sign off.',
          approval: { policy: 'one', role: 'approver' },
          timeout: '30m',
          escalation: { after: '10m', notify: ['commander', 'legal'] },
          reversible: false,
          onFailure: 'stop',
        },
        { id: 'after', title: 'After', action: 'manual', instructions: 'Never reached.', reversible: false },
      ],
    },
  ],
});

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

test('a step waiting for approval escalates once after its escalation time and times out at its timeout, halting the runbook', async () => {
  const codec = randomCodec();
  const { worker, notices, taskQueue } = await notifyingWorker(env, codec, await bundleWorkflows(), 'timers');
  await worker.runUntil(async () => {
    const commands = new IncidentCommands(codecClient(env, codec), taskQueue);
    const id = await commands.declare({
      runbook: RUNBOOK,
      params: {},
      mode: 'tabletop',
      actor: { id: 'alice', displayName: 'alice', surface: 'cli' },
      roles: TEST_ROLES,
    });

    await env.sleep('11m');
    let log = await commands.log(id);
    expect(log.entries.filter((e) => e.type === 'escalated')).toEqual([
      expect.objectContaining({
        stepId: 'sign-off',
        data: expect.objectContaining({ notify: ['commander', 'legal'], actors: ['alice', 'bob', 'dana'] }),
      }),
    ]);
    expect(notices.filter((n) => n.text.startsWith('Escalation:'))).toHaveLength(1);

    await env.sleep('20m');
    const status = await commands.status(id);
    expect(status.progress).toBe('halted');
    expect(status.steps.map((s) => [s.id, s.state])).toEqual([
      ['sign-off', 'timed-out'],
      ['after', 'skipped'],
    ]);
    log = await commands.log(id);
    const timedOut = log.entries.find((e) => e.type === 'step-timed-out')!;
    const declared = log.entries[0];
    expect(timedOut.at - declared.at).toBeGreaterThanOrEqual(30 * 60_000);
    expect(timedOut.at - declared.at).toBeLessThan(31 * 60_000);
    await commands.close(id, { id: 'alice', displayName: 'alice', surface: 'cli' }, 'exercise over');
  });
});
