import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { createActivities } from '../../activities';
import { fileNoticeSink } from '../../activities/notify';
import type { Actor } from '../../domain/actor';
import { hashValue } from '../../domain/hash';
import { formatIncidentId } from '../../domain/incident-id';
import { runbookSchema, type Runbook } from '../../domain/runbook/schema';
import { closeUpdate, incidentWorkflow, statusQuery, type IncidentStatus } from '../../workflows/incident';
import type { TourniquetConfig } from '../../worker/config';
import { NOTICES_FILE } from '../../worker/run-worker';
import { openTemporalSession } from '../../worker/temporal-session';
import { createTourniquetWorker } from '../../worker/worker';

/** A one-step runbook (a notice to the incident channel): exercises the interpreter without any org. */
const ROUNDTRIP_RUNBOOK: Runbook = runbookSchema.parse({
  name: 'roundtrip-check',
  version: 1,
  description: 'Checks the worker, the workflow interpreter and the notice channel.',
  parameters: {},
  phases: [
    {
      id: 'check',
      title: 'Check',
      steps: [
        {
          id: 'notify',
          title: 'Post a notice',
          action: 'notify',
          inputs: { message: { value: 'Round trip {{incidentId}} ({{mode}})' } },
          reversible: false,
        },
      ],
    },
  ],
});

/** What one round trip observed. */
export interface RoundTripResult {
  incidentId: string;
  address: string;
  embedded: boolean;
  statusWhileOpen: IncidentStatus;
  final: IncidentStatus;
  ms: number;
}

/**
 * Proves the whole chain on the configured (or embedded) Temporal: starts a worker in this process, declares a
 * dry-run incident, queries its status, closes it through the `close` update and waits for the workflow result.
 */
export async function runRoundTrip(
  config: TourniquetConfig,
  actor: Actor,
  log: (line: string) => void,
): Promise<RoundTripResult> {
  const started = Date.now();
  const session = await openTemporalSession(config, 'start-if-missing');
  try {
    log(
      `round trip: Temporal at ${session.address}${session.embedded ? ' (embedded)' : ''}, namespace '${session.namespace}'`,
    );
    const worker = await createTourniquetWorker({
      connection: await session.nativeConnection(),
      namespace: session.namespace,
      taskQueue: config.taskQueue,
      codec: session.codec,
      activities: createActivities({ noticeSink: fileNoticeSink(path.join(config.dataDir, NOTICES_FILE)) }),
    });
    const client = await session.client();
    return await worker.runUntil(async () => {
      const incidentId = formatIncidentId(Date.now(), randomBytes(6));
      const handle = await client.workflow.start(incidentWorkflow, {
        workflowId: incidentId,
        taskQueue: config.taskQueue,
        args: [
          {
            incidentId,
            title: 'Round-trip check',
            mode: 'dry-run',
            declaredBy: actor,
            runbook: ROUNDTRIP_RUNBOOK,
            runbookSha256: hashValue(ROUNDTRIP_RUNBOOK),
            params: {},
            roles: { [actor.id]: { displayName: actor.displayName, roles: ['commander'] } },
          },
        ],
      });
      log(`round trip: declared ${incidentId}`);
      const statusWhileOpen = await handle.query(statusQuery);
      log(`round trip: status query answered: ${statusWhileOpen.state}, mode ${statusWhileOpen.mode}`);
      await handle.executeUpdate(closeUpdate, { args: [{ actor, reason: 'Round-trip check completed' }] });
      const final = await handle.result();
      log(`round trip: closed by ${final.closedBy?.displayName}; workflow completed`);
      return {
        incidentId,
        address: session.address,
        embedded: session.embedded,
        statusWhileOpen,
        final,
        ms: Date.now() - started,
      };
    });
  } finally {
    await session.close();
  }
}
