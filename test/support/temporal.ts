import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { createActivities } from '../../activities';
import type { IncidentNotice } from '../../activities/notify';
import type { Actor } from '../../domain/actor';
import { AesGcmPayloadCodec } from '../../worker/codec';
import { resolveTemporalBinary, toSdkExecutable } from '../../worker/temporal-binaries';
import { createTourniquetWorker, WORKFLOWS_PATH } from '../../worker/worker';

/** A real Temporal dev server (`temporal server start-dev`) from the resolved binary. */
export function createDevServerEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: { executable: toSdkExecutable(resolveTemporalBinary('cli')), ip: '127.0.0.1' },
  });
}

/** The real time-skipping test server from the resolved binary. */
export function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: toSdkExecutable(resolveTemporalBinary('test-server')) },
  });
}

/** Bundles the workflow code once (per test file). */
export function bundleWorkflows(): Promise<WorkflowBundle> {
  return bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} },
  });
}

/** A codec with a fresh random key named `keyId`. */
export function randomCodec(keyId = 'test-key'): AesGcmPayloadCodec {
  return new AesGcmPayloadCodec([{ id: keyId, key: randomBytes(32) }], keyId);
}

/** A client on `env`'s server whose payloads go through `codec`. */
export function codecClient(env: TestWorkflowEnvironment, codec: AesGcmPayloadCodec): Client {
  return new Client({
    connection: env.connection,
    namespace: env.namespace ?? 'default',
    dataConverter: { payloadCodecs: [codec] },
  });
}

/** Activities whose notices are collected in memory, for assertions. */
export function collectingActivities(): {
  activities: ReturnType<typeof createActivities>;
  notices: IncidentNotice[];
} {
  const notices: IncidentNotice[] = [];
  return {
    notices,
    activities: createActivities({
      noticeSink: (n) => {
        notices.push(n);
        return Promise.resolve();
      },
    }),
  };
}

/** A CLI actor for tests. */
export function actor(id: string): Actor {
  return { id, displayName: id, surface: 'cli' };
}

/** A fresh temporary folder, removed by the returned cleanup. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `tourniquet-${prefix}-`));
}

/** A task queue name unique to one test. */
export function uniqueQueue(name: string): string {
  return `${name}-${randomBytes(4).toString('hex')}`;
}

/** A worker on `env` with in-memory notices, polling a fresh task queue named after `name`. */
export async function notifyingWorker(
  env: TestWorkflowEnvironment,
  codec: AesGcmPayloadCodec,
  bundle: WorkflowBundle,
  name: string,
) {
  const taskQueue = uniqueQueue(name);
  const { activities, notices } = collectingActivities();
  const worker = await createTourniquetWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue,
    codec,
    activities,
    workflowBundle: bundle,
  });
  return { worker, notices, taskQueue };
}
