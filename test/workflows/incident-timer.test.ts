import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { closeUpdate, incidentWorkflow, statusQuery } from '../../workflows/incident';
import {
  actor,
  bundleWorkflows,
  codecClient,
  createTimeSkippingEnv,
  randomCodec,
  notifyingWorker,
} from '../support/temporal';
import { declaration } from '../support/incidents';

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

test('an open incident reminds its channel once per review interval, on durable timers (time-skipping server)', async () => {
  const codec = randomCodec();
  const client = codecClient(env, codec);
  const { worker, notices, taskQueue } = await notifyingWorker(env, codec, await bundleWorkflows(), 'timer');

  await worker.runUntil(async () => {
    const handle = await client.workflow.start(incidentWorkflow, {
      workflowId: 'INC-20261203-TIMER1',
      taskQueue,
      args: [declaration('INC-20261203-TIMER1', { title: 't', mode: 'tabletop' })],
    });
    const declaredAt = (await handle.query(statusQuery)).declaredAt;

    await env.sleep('73 hours'); // three default 24 h intervals, skipped
    const status = await handle.query(statusQuery);
    expect(status.reviewRemindersSent).toBe(3);
    const reminders = notices.filter((n) => n.kind === 'review-due');
    expect(reminders).toHaveLength(3);
    // Reminder d fires d intervals after declaration in workflow time (plus the notice activities' own time).
    const day = 24 * 3600 * 1000;
    reminders.forEach((n, i) => {
      expect(n.at - declaredAt).toBeGreaterThanOrEqual((i + 1) * day);
      expect(n.at - declaredAt).toBeLessThan((i + 1) * day + 60_000);
    });

    await handle.executeUpdate(closeUpdate, { args: [{ actor: actor('bob'), reason: 'contained' }] });
    expect((await handle.result()).reviewRemindersSent).toBe(3);
  });
});
