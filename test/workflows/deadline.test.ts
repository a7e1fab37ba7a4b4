import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { DeadlineEvaluation } from '../../domain/deadlines';
import { runbookSchema } from '../../domain/runbook/schema';
import { verifyHashChain, type ChainLink } from '../../domain/hash-chain';
import {
  closeDeadlinesUpdate,
  deadlineWorkflow,
  deadlinesQuery,
  markNotifiedUpdate,
  requestLawEnforcementDelayUpdate,
  setAffectedUpdate,
  setDeadlineDiscoveredAtUpdate,
  deadlineWorkflowId,
} from '../../workflows/deadline';
import { closeUpdate, incidentWorkflow, setDiscoveredAtUpdate, statusQuery } from '../../workflows/incident';
import { declaration } from '../support/incidents';
import type { DeadlineStatus, DeadlineWorkflowInput } from '../../workflows/deadline-types';
import {
  actor,
  bundleWorkflows,
  codecClient,
  createTimeSkippingEnv,
  notifyingWorker,
  randomCodec,
} from '../support/temporal';

const DAY = 86_400_000;
const HOUR = 3_600_000;

let env: TestWorkflowEnvironment;
let bundle: Awaited<ReturnType<typeof bundleWorkflows>>;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  bundle = await bundleWorkflows();
});
afterAll(async () => {
  await env?.teardown();
});

/** The evaluation of a status (asserting the workflow has loaded its rule packs). */
function evaluationOf(status: DeadlineStatus): DeadlineEvaluation {
  expect(status.state).not.toBe('starting');
  if (!status.evaluation) throw new Error('no evaluation');
  return status.evaluation;
}

/** Queries until the workflow has loaded its rule packs. */
async function ready(handle: {
  query: (q: typeof deadlinesQuery) => Promise<DeadlineStatus>;
}): Promise<DeadlineStatus> {
  for (;;) {
    const status = await handle.query(deadlinesQuery);
    if (status.state !== 'starting') return status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Facts of a covered entity discovering a breach at `discoveredAt` (UTC), New York clock. */
function input(
  incidentId: string,
  discoveredAt: number,
  affected: DeadlineWorkflowInput['facts']['affected'],
) {
  return {
    incidentId,
    startedBy: actor('ic.dana'),
    facts: {
      discoveredAt: new Date(discoveredAt).toISOString(),
      timeZone: 'America/New_York',
      entityType: 'covered-entity' as const,
      affected,
    },
  };
}

test('each reminder fires at its exact instant, an overdue obligation escalates, and notices stop once it is met', async () => {
  const codec = randomCodec();
  const client = codecClient(env, codec);
  const { worker, notices, taskQueue } = await notifyingWorker(env, codec, bundle, 'deadlines');
  await worker.runUntil(async () => {
    const start = await env.currentTimeMs();
    const handle = await client.workflow.start(deadlineWorkflow, {
      workflowId: 'INC-20261204-DEADL1.deadlines',
      taskQueue,
      args: [input('INC-20261204-DEADL1', start, { total: 120, byJurisdiction: { NY: 120 } })],
    });
    const first = await ready(handle);
    const individuals = evaluationOf(first).obligations.find((o) => o.id === 'hipaa-individuals');
    expect(individuals).toMatchObject({ status: 'pending', citation: expect.stringContaining('164.404') });
    const due = Date.parse(individuals?.due ?? '');
    expect(Math.abs(due - start - 60 * DAY)).toBeLessThanOrEqual(HOUR); // 60 local days: ±1 h across a DST change
    const expected = [30 * DAY, 14 * DAY, 7 * DAY, 72 * HOUR, 24 * HOUR, 0].map((offset) => due - offset);
    expect(
      first.upcoming.filter((u) => u.obligationId === 'hipaa-individuals').map((u) => Date.parse(u.at)),
    ).toEqual([...expected, due + 1]);

    await env.sleep(60 * DAY + 2 * HOUR);
    const sent = notices.filter((n) => n.text.includes('HIPAA notice to each affected individual'));
    // Each timer fires at its instant; the notice carries the workflow time of the task that handled it, a few ms on.
    const wanted: Array<[string, number]> = [
      ...expected.map((at): [string, number] => ['deadline-reminder', at]),
      ['deadline-overdue', due + 1],
    ];
    expect(sent.map((n) => n.kind)).toEqual(wanted.map(([kind]) => kind));
    sent.forEach((n, i) => {
      expect(n.at).toBeGreaterThanOrEqual(wanted[i][1]);
      expect(n.at).toBeLessThan(wanted[i][1] + 1000);
    });
    expect(sent[5].text).toMatch(/due now/);
    expect(sent[6].text).toMatch(/^OVERDUE — INC-20261204-DEADL1: .* was due /);

    const met = await handle.executeUpdate(markNotifiedUpdate, {
      args: [
        { obligation: 'hipaa-individuals', actor: actor('priv.ines'), evidenceRef: 'letters/batch-1.pdf' },
      ],
    });
    expect(evaluationOf(met).obligations.find((o) => o.id === 'hipaa-individuals')?.status).toBe('met');
    const count = notices.length;
    await env.sleep(3 * DAY);
    expect(notices.filter((n) => n.text.includes('each affected individual')).length).toBe(sent.length);
    expect(notices.length).toBeGreaterThanOrEqual(count);

    const closed = await handle.executeUpdate(closeDeadlinesUpdate, {
      args: [{ actor: actor('counsel.omar'), reason: 'all notices sent' }],
    });
    expect(closed.state).toBe('closed');
    const result = await handle.result();
    expect(
      verifyHashChain(result.log as unknown as Array<ChainLink & Record<string, unknown>>),
    ).toMatchObject({ ok: true });
    expect(result.log.map((e) => e.type)).toEqual(
      expect.arrayContaining(['started', 'reminder', 'overdue', 'notified', 'closed']),
    );
    expect(result.log.find((e) => e.type === 'notified')).toMatchObject({
      actor: { id: 'priv.ines' },
      data: { obligation: 'hipaa-individuals', evidenceRef: 'letters/batch-1.pdf' },
    });
  });
});

test('updates: crossing 500 creates the HHS and media obligations, a law-enforcement delay tolls, discovery moves every clock, bad input is refused', async () => {
  const codec = randomCodec();
  const client = codecClient(env, codec);
  const { worker, taskQueue } = await notifyingWorker(env, codec, bundle, 'deadlines-updates');
  await worker.runUntil(async () => {
    const start = await env.currentTimeMs();
    const handle = await client.workflow.start(deadlineWorkflow, {
      workflowId: 'INC-20261204-DEADL2.deadlines',
      taskQueue,
      args: [input('INC-20261204-DEADL2', start, { total: 499, byJurisdiction: { TX: 499 } })],
    });
    const ids = (s: DeadlineStatus) =>
      evaluationOf(s)
        .obligations.filter((o) => o.status !== 'not-applicable')
        .map((o) => o.id);
    const before = await ready(handle);
    expect(ids(before)).not.toContain('hipaa-media:TX');

    const crossed = await handle.executeUpdate(setAffectedUpdate, {
      args: [
        { total: 501, byJurisdiction: { TX: 501 }, actor: actor('priv.ines'), reason: 'second export found' },
      ],
    });
    expect(ids(crossed)).toEqual(expect.arrayContaining(['hipaa-media:TX']));
    const affectedEntry = crossed.log.find((e) => e.type === 'affected-changed');
    expect(affectedEntry?.data.added).toEqual(expect.arrayContaining(['hipaa-media:TX']));

    const dueOf = (s: DeadlineStatus, id: string) =>
      Date.parse(evaluationOf(s).obligations.find((o) => o.id === id)?.due ?? '');
    const earlier = new Date(start - 10 * DAY).toISOString();
    const moved = await handle.executeUpdate(setDeadlineDiscoveredAtUpdate, {
      args: [
        { discoveredAt: earlier, actor: actor('priv.ines'), reason: 'help desk ticket 10 days earlier' },
      ],
    });
    const movedEntry = moved.log.find((e) => e.type === 'discovered-at-changed');
    expect(movedEntry?.data).toMatchObject({ from: new Date(start).toISOString(), to: earlier });
    expect(dueOf(moved, 'hipaa-media:TX')).toBe(dueOf(crossed, 'hipaa-media:TX') - 10 * DAY);

    const original = dueOf(moved, 'hipaa-individuals');
    const until = original + 20 * DAY;
    const tolled = await handle.executeUpdate(requestLawEnforcementDelayUpdate, {
      args: [
        {
          form: 'written',
          until: new Date(until).toISOString(),
          actor: actor('counsel.omar'),
          note: 'FBI letter',
        },
      ],
    });
    // A written delay postpones notice to its end: never earlier than before.
    expect(dueOf(tolled, 'hipaa-individuals')).toBe(until);
    expect(evaluationOf(tolled).obligations.find((o) => o.id === 'hipaa-individuals')?.tolled).toBe(true);
    expect(tolled.log.at(-1)).toMatchObject({ type: 'law-enforcement-delay', data: { form: 'written' } });

    await expect(
      handle.executeUpdate(markNotifiedUpdate, {
        args: [{ obligation: 'no-such-rule', actor: actor('priv.ines'), evidenceRef: 'x' }],
      }),
    ).rejects.toThrow(WorkflowUpdateFailedError);
    await expect(
      handle.executeUpdate(requestLawEnforcementDelayUpdate, {
        args: [{ form: 'written', actor: actor('counsel.omar') }],
      }),
    ).rejects.toThrow(WorkflowUpdateFailedError);
    await expect(
      handle.executeUpdate(setDeadlineDiscoveredAtUpdate, {
        args: [{ discoveredAt: 'yesterday', actor: actor('priv.ines'), reason: 'r' }],
      }),
    ).rejects.toThrow(WorkflowUpdateFailedError);

    await handle.executeUpdate(closeDeadlinesUpdate, {
      args: [{ actor: actor('counsel.omar'), reason: 'test over' }],
    });
    await handle.result();
  });
});

test('an overdue obligation escalates daily across continue-as-new runs: nothing lost, nothing sent twice, one log chain', async () => {
  const codec = randomCodec();
  const client = codecClient(env, codec);
  const { worker, notices, taskQueue } = await notifyingWorker(env, codec, bundle, 'deadlines-can');
  await worker.runUntil(async () => {
    const start = await env.currentTimeMs();
    // Discovered 61 days ago: the individual notice is a day overdue from the first moment.
    const handle = await client.workflow.start(deadlineWorkflow, {
      workflowId: 'INC-20261204-DEADL3.deadlines',
      taskQueue,
      args: [{ ...input('INC-20261204-DEADL3', start - 61 * DAY, { total: 40 }), historyLimit: 40 }],
    });
    const first = await ready(handle);
    const due = Date.parse(
      evaluationOf(first).obligations.find((o) => o.id === 'hipaa-individuals')?.due ?? '',
    );
    expect(due).toBeLessThan(start);
    await env.sleep(10 * DAY + HOUR);
    const status = await handle.query(deadlinesQuery);
    expect(status.runs).toBeGreaterThan(0);
    const overdue = notices.filter(
      (n) => n.kind === 'deadline-overdue' && n.text.includes('each affected individual'),
    );
    // At once (it is already overdue), then every 24 h counted from the due instant, until now.
    const end = await env.currentTimeMs();
    const k0 = Math.floor((overdue[0].at - (due + 1)) / DAY);
    const wanted = [start];
    for (let at = due + 1 + (k0 + 1) * DAY; at <= end; at += DAY) wanted.push(at);
    expect(overdue).toHaveLength(wanted.length);
    overdue.forEach((n, i) => {
      expect(n.at).toBeGreaterThanOrEqual(wanted[i]);
      expect(n.at).toBeLessThan(wanted[i] + 1000);
    });
    const logged = status.log.filter(
      (e) => e.type === 'overdue' && e.data.obligation === 'hipaa-individuals',
    );
    expect(logged).toHaveLength(wanted.length);
    expect(
      verifyHashChain(status.log as unknown as Array<ChainLink & Record<string, unknown>>),
    ).toMatchObject({
      ok: true,
    });
    await handle.executeUpdate(closeDeadlinesUpdate, {
      args: [{ actor: actor('counsel.omar'), reason: 'test over' }],
    });
    expect((await handle.result()).state).toBe('closed');
  });
});

test('the runbook step deadlines.start starts the tracking with the incident’s facts, and a corrected discovery time moves the clocks', async () => {
  const runbook = runbookSchema.parse({
    name: 'deadlines-only',
    version: 1,
    description: 'Start the clocks, then wait for a confirmation.',
    parameters: {},
    phases: [
      {
        id: 'notify',
        title: 'Notification',
        steps: [
          {
            id: 'start-deadlines',
            title: 'Start the clocks',
            action: 'deadlines.start',
            inputs: {
              entityType: { value: 'covered-entity' },
              timeZone: { value: 'America/Los_Angeles' },
              affected: { value: '800,CA=800' },
            },
            reversible: false,
          },
          { id: 'confirm', title: 'Confirm', action: 'manual', instructions: 'Confirm.', reversible: false },
        ],
      },
    ],
  });
  const codec = randomCodec();
  const client = codecClient(env, codec);
  const { worker, taskQueue } = await notifyingWorker(env, codec, bundle, 'deadlines-step');
  await worker.runUntil(async () => {
    const incidentId = 'INC-20261204-DLSTEP';
    const discoveredAt = (await env.currentTimeMs()) - DAY;
    const incident = await client.workflow.start(incidentWorkflow, {
      workflowId: incidentId,
      taskQueue,
      args: [declaration(incidentId, { runbook, discoveredAt })],
    });
    for (;;) {
      const s = await incident.query(statusQuery);
      if (s.steps.find((x) => x.id === 'confirm')?.state === 'awaiting-completion') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const status = await incident.query(statusQuery);
    expect(status.steps[0]).toMatchObject({
      state: 'completed',
      deadlines: { workflowId: `${incidentId}.deadlines` },
    });
    const tracking = client.workflow.getHandle(deadlineWorkflowId(incidentId));
    const started = await ready(tracking);
    expect(started.facts).toMatchObject({
      discoveredAt: new Date(discoveredAt).toISOString(),
      timeZone: 'America/Los_Angeles',
      affected: { total: 800, byJurisdiction: { CA: 800 } },
    });
    const mediaDue = Date.parse(
      evaluationOf(started).obligations.find((o) => o.id === 'hipaa-media:CA')?.due ?? '',
    );

    await incident.executeUpdate(setDiscoveredAtUpdate, {
      args: [{ at: discoveredAt - 5 * DAY, actor: actor('bob'), reason: 'earlier help desk ticket' }],
    });
    let moved = await tracking.query(deadlinesQuery);
    for (let i = 0; i < 100 && moved.facts.discoveredAt === started.facts.discoveredAt; i++) {
      await new Promise((r) => setTimeout(r, 50));
      moved = await tracking.query(deadlinesQuery);
    }
    expect(moved.facts.discoveredAt).toBe(new Date(discoveredAt - 5 * DAY).toISOString());
    expect(
      Date.parse(evaluationOf(moved).obligations.find((o) => o.id === 'hipaa-media:CA')?.due ?? ''),
    ).toBe(mediaDue - 5 * DAY);
    expect(moved.log.at(-1)).toMatchObject({ type: 'discovered-at-changed', actor: { id: 'bob' } });

    await incident.executeUpdate(closeUpdate, { args: [{ actor: actor('bob'), reason: 'done' }] });
    await tracking.executeUpdate(closeDeadlinesUpdate, {
      args: [{ actor: actor('dana'), reason: 'test over' }],
    });
  });
});
