import type { IncidentCommands } from '../../cli/incident-client';
import type { Actor } from '../../domain/actor';
import type { IncidentStatus } from '../../workflows/incident';

const actor = (id: string): Actor => ({ id, displayName: id, surface: 'cli' });

/**
 * Plays the humans of an incident until its runbook finishes: each step awaiting approval is approved by the
 * first actor the workflow says may approve it; each manual task is completed by `commander`.
 */
export async function driveToCompletion(
  commands: IncidentCommands,
  incidentId: string,
  commander: string,
  limitMs = 60_000,
): Promise<IncidentStatus> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const status = await commands.status(incidentId);
    if (status.progress !== 'running' || status.state !== 'open') return status;
    if (Date.now() > deadline)
      throw new Error(`runbook did not finish: ${JSON.stringify(status.steps.map((s) => [s.id, s.state]))}`);
    const waiting = status.steps.find(
      (s) => s.state === 'awaiting-approval' || s.state === 'awaiting-completion',
    );
    if (waiting?.state === 'awaiting-approval') {
      const who = waiting.mayApprove[0];
      if (!who) throw new Error(`nobody may approve ${waiting.id}`);
      await commands.approve(incidentId, waiting.id, actor(who), 'tabletop drive');
    } else if (waiting?.state === 'awaiting-completion') {
      await commands.complete(incidentId, waiting.id, actor(commander), `done: ${waiting.title}`);
    } else {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
