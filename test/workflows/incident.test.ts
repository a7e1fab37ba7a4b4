import { WorkflowUpdateFailedError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundle } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING, KEY_ID_METADATA } from '../../worker/codec';
import { closeUpdate, incidentWorkflow, statusQuery } from '../../workflows/incident';
import {
  actor,
  bundleWorkflows,
  codecClient,
  collectingActivities,
  createDevServerEnv,
  notifyingWorker,
} from '../support/temporal';
import { declaration } from '../support/incidents';

const decoder = new TextDecoder();
let env: TestWorkflowEnvironment;
let bundle: WorkflowBundle;
const key = randomBytes(32);
const codec = new AesGcmPayloadCodec([{ id: 'k-2026-12', key }], 'k-2026-12');

beforeAll(async () => {
  [env, bundle] = await Promise.all([createDevServerEnv(), bundleWorkflows()]);
});
afterAll(async () => {
  await env?.teardown();
});

async function withWorker<T>(
  fn: (taskQueue: string, notices: ReturnType<typeof collectingActivities>['notices']) => Promise<T>,
): Promise<T> {
  const { worker, notices, taskQueue } = await notifyingWorker(env, codec, bundle, 'incident');
  return worker.runUntil(fn(taskQueue, notices));
}

const PHI_MARKER = 'Patient-MRN-00012345';

test('declare → status query → close update → result, with notices, on the real dev server', async () => {
  const client = codecClient(env, codec);
  await withWorker(async (taskQueue, notices) => {
    const handle = await client.workflow.start(incidentWorkflow, {
      workflowId: 'INC-20261203-AAAAAA',
      taskQueue,
      args: [
        declaration('INC-20261203-AAAAAA', {
          title: 'Report exports',
          mode: 'dry-run',
          discoveredAt: 1_796_000_000_000,
        }),
      ],
    });
    const open = await handle.query(statusQuery);
    expect(open).toMatchObject({
      state: 'open',
      mode: 'dry-run',
      declaredBy: { id: 'alice' },
      discoveredAt: 1_796_000_000_000,
    });

    const closed = await handle.executeUpdate(closeUpdate, {
      args: [{ actor: actor('bob'), reason: 'False positive: scheduled export' }],
    });
    expect(closed).toMatchObject({
      state: 'closed',
      closedBy: { id: 'bob' },
      closeReason: 'False positive: scheduled export',
    });
    expect(closed.closedAt).toBeGreaterThanOrEqual(open.declaredAt);

    const result = await handle.result();
    expect(result.state).toBe('closed');
    expect(notices.map((n) => n.kind)).toEqual(['declared', 'closed']);
  });
});

test('close is refused without a reason, with a reason the caller can show; a closed incident takes no update', async () => {
  const client = codecClient(env, codec);
  await withWorker(async (taskQueue) => {
    const handle = await client.workflow.start(incidentWorkflow, {
      workflowId: 'INC-20261203-BBBBBB',
      taskQueue,
      args: [declaration('INC-20261203-BBBBBB', { title: 't', mode: 'live' })],
    });
    const noReason = handle.executeUpdate(closeUpdate, { args: [{ actor: actor('bob'), reason: '  ' }] });
    await expect(noReason).rejects.toThrow(WorkflowUpdateFailedError);
    await expect(noReason).rejects.toMatchObject({
      cause: { message: expect.stringContaining('reason is required'), type: 'INVALID_REQUEST' },
    });

    await handle.executeUpdate(closeUpdate, { args: [{ actor: actor('bob'), reason: 'done' }] });
    expect((await handle.result()).closedBy?.id).toBe('bob');
    const again = handle.executeUpdate(closeUpdate, { args: [{ actor: actor('carol'), reason: 'again' }] });
    await expect(again).rejects.toThrow(/already completed/);
  });
});

test('payloads stored in workflow history are encrypted, not plaintext', async () => {
  const client = codecClient(env, codec);
  await withWorker(async (taskQueue) => {
    const handle = await client.workflow.start(incidentWorkflow, {
      workflowId: 'INC-20261203-CCCCCC',
      taskQueue,
      args: [declaration('INC-20261203-CCCCCC', { title: PHI_MARKER, mode: 'live' })],
    });
    await handle.executeUpdate(closeUpdate, {
      args: [{ actor: actor('bob'), reason: `closed ${PHI_MARKER}` }],
    });
    await handle.result();
  });

  // The raw history as the server stores it: the plain service API, no data converter.
  const raw = await env.connection.workflowService.getWorkflowExecutionHistory({
    namespace: 'default',
    execution: { workflowId: 'INC-20261203-CCCCCC' },
  });
  const bytes = temporal.api.history.v1.History.encode(raw.history!).finish();
  expect(Buffer.from(bytes).includes(Buffer.from(PHI_MARKER))).toBe(false);

  const started = raw.history!.events!.find((e) => e.workflowExecutionStartedEventAttributes)!;
  const input = started.workflowExecutionStartedEventAttributes!.input!.payloads![0];
  expect(decoder.decode(input.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
  expect(decoder.decode(input.metadata![KEY_ID_METADATA])).toBe('k-2026-12');
  // Decrypting with the right key gives the input back, so the check above is not vacuous.
  const [plain] = await codec.decode([input]);
  expect(decoder.decode(plain.data)).toContain(PHI_MARKER);
});

test('a client with a missing or wrong key fails with an error naming the key id', async () => {
  const client = codecClient(env, codec);
  await withWorker(async (taskQueue) => {
    await client.workflow.start(incidentWorkflow, {
      workflowId: 'INC-20261203-DDDDDD',
      taskQueue,
      args: [declaration('INC-20261203-DDDDDD', { title: 't', mode: 'live' })],
    });
    const handle = client.workflow.getHandle<typeof incidentWorkflow>('INC-20261203-DDDDDD');
    await handle.executeUpdate(closeUpdate, { args: [{ actor: actor('bob'), reason: 'done' }] });
    await handle.result();
  });

  // The result payload was encrypted by the worker with key 'k-2026-12'.
  const lacksKey = codecClient(env, new AesGcmPayloadCodec([{ id: 'other', key: randomBytes(32) }], 'other'));
  await expect(
    lacksKey.workflow.getHandle<typeof incidentWorkflow>('INC-20261203-DDDDDD').result(),
  ).rejects.toThrow(/encrypted with key 'k-2026-12', which this process does not have/);
  const wrongBytes = codecClient(
    env,
    new AesGcmPayloadCodec([{ id: 'k-2026-12', key: randomBytes(32) }], 'k-2026-12'),
  );
  await expect(
    wrongBytes.workflow.getHandle<typeof incidentWorkflow>('INC-20261203-DDDDDD').result(),
  ).rejects.toThrow(/Cannot decrypt payload with key 'k-2026-12'/);
  expect(
    (await client.workflow.getHandle<typeof incidentWorkflow>('INC-20261203-DDDDDD').result()).state,
  ).toBe('closed');
});
