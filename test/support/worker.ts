import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundle } from '@temporalio/worker';
import { createActivities } from '../../activities';
import type { IncidentNotice } from '../../activities/notify';
import { createConnectionProvider } from '../../activities/salesforce/connection-provider';
import { simulatorOrgConfig } from '../../activities/salesforce/org-config';
import type { Simulator } from '../../simulator';
import type { AesGcmPayloadCodec } from '../../worker/codec';
import { createTourniquetWorker } from '../../worker/worker';
import { FAST_RETRY } from './simulator';
import { tempDir } from './temporal';

/**
 * A worker on `env` whose Salesforce activities reach the simulator as org 'sim'; evidence goes to
 * `evidenceRoot` (default: a fresh temporary folder, returned).
 */
export async function simulatorWorker(
  env: TestWorkflowEnvironment,
  bundle: WorkflowBundle,
  codec: AesGcmPayloadCodec,
  taskQueue: string,
  sim: Simulator,
  evidenceRoot = tempDir('evidence'),
) {
  const notices: IncidentNotice[] = [];
  const worker = await createTourniquetWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue,
    codec,
    workflowBundle: bundle,
    activities: createActivities({
      noticeSink: (n) => {
        notices.push(n);
        return Promise.resolve();
      },
      salesforce: createConnectionProvider([simulatorOrgConfig(sim, 'sim')]),
      salesforceRetryPolicy: FAST_RETRY,
      evidenceRoot,
    }),
  });
  return { worker, notices, evidenceRoot };
}
