/**
 * The live side of `tourniquet deadlines`: an incident's tracked deadlines (`deadlines INCIDENT`) and the
 * decisions counsel records on them — `notified`, `delay`, `affected`, `determined`, `close-deadlines`.
 */
import { Command, Option } from 'commander';
import { parseAffectedText } from '../../domain/deadlines/affected-text';
import { loadConfig } from '../../worker/config';
import { openTemporalSession } from '../../worker/temporal-session';
import type { DeadlineStatus, SetFactRequest } from '../../workflows/deadline-types';
import { cliActor } from '../actor';
import { DeadlineCommands } from '../deadline-client';
import { DeadlinesUsageError, deadlinesJson, formatDeadlineTable, incidentHints } from './deadline-output';

async function withDeadlines<T>(fn: (commands: DeadlineCommands) => Promise<T>): Promise<T> {
  const session = await openTemporalSession(loadConfig(), 'attach-only');
  try {
    return await fn(new DeadlineCommands(await session.client()));
  } finally {
    await session.close();
  }
}

/** Renders a tracked incident's deadlines: the obligations table, reminders to come, the last log entries. */
export function formatTrackedDeadlines(status: DeadlineStatus): string {
  if (!status.evaluation)
    return `${status.incidentId}: deadline tracking is starting (loading the rule packs)`;
  const lines = [
    `${status.incidentId}: deadline tracking ${status.state}; rule packs sha256 ${status.rules?.sha256 ?? '?'}`,
    formatDeadlineTable(status.evaluation, incidentHints(status.incidentId, status.evaluation)),
  ];
  if (status.upcoming.length) {
    lines.push('next reminders:');
    for (const u of status.upcoming.slice(0, 8))
      lines.push(`  ${u.at}  ${u.kind.padEnd(8)} ${u.obligationId}`);
  }
  lines.push(`log: ${status.log.length} entries, root hash ${status.log.at(-1)?.hash ?? '-'}`);
  return lines.join('\n');
}

/** `deadlines INCIDENT [--json]`. */
export async function showIncidentDeadlines(incidentId: string, json: boolean): Promise<string> {
  const status = await withDeadlines((c) => c.status(incidentId));
  if (!json) return formatTrackedDeadlines(status);
  const computed = status.evaluation
    ? (deadlinesJson(status.evaluation, incidentHints(incidentId, status.evaluation)) as object)
    : { obligations: [] };
  return JSON.stringify(
    { incidentId, state: status.state, ...computed, upcoming: status.upcoming, log: status.log },
    null,
    2,
  );
}

const print = (text: string) => process.stdout.write(text + '\n');
const asOption = () =>
  new Option('--as <actor>', 'who acts (legal or commander in the roles file)').makeOptionMandatory();
const collect = (v: string, all: string[] = []) => [...all, v];
const FACTS: Record<string, SetFactRequest['fact']> = {
  materiality: 'materialityDeterminedAt',
  awareness: 'awareAt',
  breach: 'determinedAt',
};

/** Adds notified, delay, affected, determined and close-deadlines. */
export function registerDeadlineTrackingCommands(program: Command): void {
  program
    .command('notified <incident> <obligation>')
    .description('Record that an obligation was met (its notice went out), with where the proof is.')
    .requiredOption('--evidence <ref>', 'where the proof is: a file, a filing number, a URL')
    .option('--at <iso>', 'when the notice went out (default: now)')
    .addOption(asOption())
    .action(
      async (incident: string, obligation: string, o: { evidence: string; at?: string; as: string }) => {
        const status = await withDeadlines((c) =>
          c.markNotified(incident, {
            obligation,
            evidenceRef: o.evidence,
            actor: cliActor(o.as),
            ...(o.at ? { at: o.at } : {}),
          }),
        );
        print(formatTrackedDeadlines(status));
      },
    );

  program
    .command('delay <incident>')
    .description('Record a law-enforcement delay (45 CFR 164.412): tolls the deadlines it reaches.')
    .addOption(
      new Option('--form <form>', 'written or oral').choices(['written', 'oral']).makeOptionMandatory(),
    )
    .option('--until <iso>', 'end of the delay the official stated (required when written)')
    .option('--stated-at <iso>', 'when the statement was made (default: now)')
    .option('--obligation <id>', 'only this obligation (repeatable; default: every one it can toll)', collect)
    .option('--note <text>', 'agency, official, reference (never patient data)')
    .addOption(asOption())
    .action(
      async (
        incident: string,
        o: {
          form: 'written' | 'oral';
          until?: string;
          statedAt?: string;
          obligation?: string[];
          note?: string;
          as: string;
        },
      ) => {
        const status = await withDeadlines((c) =>
          c.delay(incident, {
            form: o.form,
            actor: cliActor(o.as),
            ...(o.until ? { until: o.until } : {}),
            ...(o.statedAt ? { statedAt: o.statedAt } : {}),
            ...(o.obligation ? { obligations: o.obligation } : {}),
            ...(o.note ? { note: o.note } : {}),
          }),
        );
        print(formatTrackedDeadlines(status));
      },
    );

  program
    .command('affected <incident> <counts>')
    .description(
      'Set the affected counts (a total, ST=N per State, or both); crossing a threshold adds obligations.',
    )
    .option('--reason <text>', 'where the count comes from, for the record')
    .addOption(asOption())
    .action(async (incident: string, counts: string, o: { reason?: string; as: string }) => {
      const parsed = parseAffectedText(counts, 'COUNTS');
      if (!parsed.ok) throw new DeadlinesUsageError(parsed.problems);
      const status = await withDeadlines((c) =>
        c.setAffected(incident, {
          ...parsed.value,
          actor: cliActor(o.as),
          ...(o.reason ? { reason: o.reason } : {}),
        }),
      );
      print(formatTrackedDeadlines(status));
    });

  program
    .command('determined <incident> <kind> <iso>')
    .description(
      'Record a determination some clocks count from: materiality (SEC), awareness (GDPR), breach (States).',
    )
    .option('--reason <text>', 'for the record')
    .addOption(asOption())
    .action(async (incident: string, kind: string, at: string, o: { reason?: string; as: string }) => {
      const fact = FACTS[kind];
      if (!fact)
        throw new DeadlinesUsageError([`KIND: "${kind}" is not one of ${Object.keys(FACTS).join(', ')}`]);
      const status = await withDeadlines((c) =>
        c.setFact(incident, { fact, at, actor: cliActor(o.as), ...(o.reason ? { reason: o.reason } : {}) }),
      );
      print(formatTrackedDeadlines(status));
    });

  program
    .command('close-deadlines <incident>')
    .description('End deadline tracking for an incident (reminders stop).')
    .requiredOption('--reason <text>', 'why, for the record')
    .addOption(asOption())
    .action(async (incident: string, o: { reason: string; as: string }) => {
      const status = await withDeadlines((c) =>
        c.close(incident, { reason: o.reason, actor: cliActor(o.as) }),
      );
      print(formatTrackedDeadlines(status));
    });
}
