import * as path from 'node:path';
import { createActivities } from '../activities';
import { createConnectionProvider } from '../activities/salesforce/connection-provider';
import { loadOrgsFile } from '../activities/salesforce/org-config';
import { fileNoticeSink } from '../activities/notify';
import type { TourniquetConfig } from './config';
import { openTemporalSession } from './temporal-session';
import { createTourniquetWorker } from './worker';

/** File (in the data folder) where notices go until the Slack adapter delivers them. */
export const NOTICES_FILE = 'notices.ndjson';

/**
 * Runs the Tourniquet worker until SIGINT/SIGTERM (the Temporal runtime turns those into a graceful shutdown:
 * running activities finish, then `run()` resolves). Starts the embedded server when no TEMPORAL_ADDRESS is set,
 * and stops it after the worker has drained.
 */
export async function runWorker(config: TourniquetConfig, log: (line: string) => void): Promise<void> {
  const session = await openTemporalSession(config, 'start-if-missing');
  try {
    const worker = await createTourniquetWorker({
      connection: await session.nativeConnection(),
      namespace: session.namespace,
      taskQueue: config.taskQueue,
      codec: session.codec,
      activities: createActivities({
        noticeSink: fileNoticeSink(path.join(config.dataDir, NOTICES_FILE)),
        salesforce: config.salesforceOrgsFile
          ? createConnectionProvider(loadOrgsFile(config.salesforceOrgsFile))
          : undefined,
        workerMode: config.mode,
        evidenceRoot: path.join(config.dataDir, 'evidence'),
      }),
    });
    const where = session.embedded ? `embedded server ${session.address}` : session.address;
    log(
      `tourniquet worker: polling task queue '${config.taskQueue}' on ${where}, namespace '${session.namespace}', mode ${config.mode}`,
    );
    if (session.server?.info.uiUrl) log(`tourniquet worker: Temporal Web UI at ${session.server.info.uiUrl}`);
    log('tourniquet worker: Ctrl-C (SIGINT) or SIGTERM stops it gracefully');
    await worker.run();
    log('tourniquet worker: stopped');
  } finally {
    await session.close();
  }
}
