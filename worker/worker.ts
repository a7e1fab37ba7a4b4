import type { PayloadCodec } from '@temporalio/common';
import { NativeConnection, Worker, type WorkflowBundle } from '@temporalio/worker';
import type { Activities } from '../activities';

/** Where the workflow sources live; the worker bundles them unless given a prebuilt bundle. */
export const WORKFLOWS_PATH = require.resolve('../workflows');

/** Options of {@link createTourniquetWorker}. */
export interface TourniquetWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  codec: PayloadCodec;
  activities: Activities;
  /** A bundle from `bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH })`, to skip bundling (tests reuse one). */
  workflowBundle?: WorkflowBundle;
}

/** Creates a worker that registers every Tourniquet workflow and activity, encrypting payloads with `codec`. */
export function createTourniquetWorker(options: TourniquetWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities,
    dataConverter: { payloadCodecs: [options.codec] },
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: WORKFLOWS_PATH }),
  });
}
