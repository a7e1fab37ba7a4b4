import * as fs from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { IncidentMode } from '../../domain/mode';
import { collectParamFlags, resolveParams } from '../../domain/runbook';
import type { IncidentStatus } from '../../workflows/incident';
import { loadConfig } from '../../worker/config';
import { openTemporalSession } from '../../worker/temporal-session';
import { cliActor } from '../actor';
import { IncidentCommands } from '../incident-client';
import { loadRoles } from '../roles-file';
import { findRunbook } from './runbook';

async function withCommands<T>(fn: (commands: IncidentCommands) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const session = await openTemporalSession(config, 'attach-only');
  try {
    return await fn(new IncidentCommands(await session.client(), config.taskQueue));
  } finally {
    await session.close();
  }
}

function parseInstant(value: string): number {
  const ms = Date.parse(value);
  if (!/T.*(Z|[+-]\d\d:?\d\d)$/.test(value) || Number.isNaN(ms))
    throw new InvalidArgumentError(
      'expected an ISO 8601 instant with a time zone, e.g. 2026-03-10T19:00:00Z',
    );
  return ms;
}

const iso = (ms?: number) => (ms === undefined ? '' : new Date(ms).toISOString());

/** Renders an incident's status for a terminal. */
export function formatStatus(s: IncidentStatus): string {
  const lines = [
    `${s.incidentId}  ${s.title}`,
    `  state ${s.state}, runbook ${s.runbook.name} v${s.runbook.version} (${s.progress}), mode ${s.mode}, phase ${s.phase}`,
    `  declared ${iso(s.declaredAt)} by ${s.declaredBy.displayName}; discovered ${iso(s.discoveredAt)}`,
    `  log: ${s.log.entries} entries, root hash ${s.log.rootHash}`,
    '  steps:',
    ...s.steps.map((st) => {
      const extra = [
        st.approvals.length ? `approved by ${st.approvals.map((a) => a.actor.id).join(', ')}` : '',
        st.results
          ?.map(
            (r) =>
              `${r.action} ${r.status}: ${r.summary.changed} changed, ${r.summary.planned} planned, ${r.summary.already} already, ${r.summary.failed} failed`,
          )
          .join('; ') ?? '',
        st.reason ?? '',
      ].filter(Boolean);
      const line = `    ${st.state.padEnd(19)} ${st.id} — ${st.title}${extra.length ? ` (${extra.join('; ')})` : ''}`;
      const t = st.timeline;
      if (!t) return line;
      return [
        line,
        `        timeline ${t.timelinePath}: ${t.events} events, root hash ${t.rootHash}${t.rejects ? `; ${t.rejects} records could not be parsed (rejects.ndjson beside it)` : ''}`,
        `        evidence ${t.evidenceDir}${t.unavailable.length ? `; not available from the org: ${t.unavailable.join(', ')}` : ''}`,
        `        check it: tourniquet timeline verify ${t.timelinePath} --evidence ${t.evidenceDir}`,
      ].join('\n');
    }),
  ];
  if (s.pendingApprovals.length) {
    lines.push('  waiting for approval:');
    for (const p of s.pendingApprovals)
      lines.push(
        `    ${p.stepId}: ${p.policy} (${p.role}); approved by [${p.approvedBy.join(', ')}]; may approve: ${p.mayApprove.join(', ') || 'nobody in the roles file'}`,
      );
  }
  if (s.closedBy)
    lines.push(`  ${s.state} ${iso(s.closedAt)} by ${s.closedBy.displayName}: ${s.closeReason}`);
  return lines.join('\n');
}

const print = (text: string) => process.stdout.write(text + '\n');
const asOption = () =>
  new Option('--as <actor>', 'who acts (an id from the roles file)').makeOptionMandatory();

/** Adds declare, status, approve, reject, complete, discovered, rollback, abort, close and log (`timeline` lives in ./timeline). */
export function registerIncidentCommands(program: Command): void {
  program
    .command('declare')
    .description('Declare an incident: start its runbook (prints the incident id).')
    .requiredOption('--runbook <name>', 'runbook name (see `tourniquet runbook list`) or file')
    .option(
      '--param <k=v>',
      'runbook parameter (repeatable)',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .option('--dry-run', 'read real state and record the plan; write nothing')
    .option('--tabletop', 'an exercise: dry-run, marked as tabletop')
    .option('--discovered <iso>', 'when the breach was discovered (default: now)', parseInstant)
    .option('--title <text>', 'a title for the incident')
    .addOption(asOption())
    .action(
      async (opts: {
        runbook: string;
        param: string[];
        dryRun?: boolean;
        tabletop?: boolean;
        discovered?: number;
        title?: string;
        as: string;
      }) => {
        const { runbook } = findRunbook(opts.runbook);
        const params = resolveParams(runbook, collectParamFlags(runbook, opts.param));
        const mode: IncidentMode = opts.tabletop ? 'tabletop' : opts.dryRun ? 'dry-run' : 'live';
        const { roles } = loadRoles();
        const id = await withCommands((c) =>
          c.declare({
            runbook,
            params,
            mode,
            actor: cliActor(opts.as),
            roles,
            ...(opts.title ? { title: opts.title } : {}),
            ...(opts.discovered !== undefined ? { discoveredAt: opts.discovered } : {}),
          }),
        );
        print(id);
      },
    );

  program
    .command('status <incident>')
    .description("An incident's steps, approvals and log summary.")
    .option('--json', 'print JSON')
    .action(async (incident: string, opts: { json?: boolean }) => {
      const status = await withCommands((c) => c.status(incident));
      print(opts.json ? JSON.stringify(status, null, 2) : formatStatus(status));
    });

  program
    .command('approve <incident> <step>')
    .description('Approve a step (the workflow checks your role and the two-person rule).')
    .addOption(asOption())
    .option('--comment <text>', 'a comment for the record')
    .action(async (incident: string, step: string, opts: { as: string; comment?: string }) => {
      print(
        formatStatus(await withCommands((c) => c.approve(incident, step, cliActor(opts.as), opts.comment))),
      );
    });

  program
    .command('reject <incident> <step>')
    .description('Reject a step: it will not run.')
    .addOption(asOption())
    .requiredOption('--reason <text>', 'why, for the record')
    .action(async (incident: string, step: string, opts: { as: string; reason: string }) => {
      print(
        formatStatus(await withCommands((c) => c.reject(incident, step, cliActor(opts.as), opts.reason))),
      );
    });

  program
    .command('complete <incident> <step>')
    .description('Confirm a manual task is done.')
    .addOption(asOption())
    .requiredOption('--note <text>', 'what was done, for the record')
    .action(async (incident: string, step: string, opts: { as: string; note: string }) => {
      print(
        formatStatus(await withCommands((c) => c.complete(incident, step, cliActor(opts.as), opts.note))),
      );
    });

  program
    .command('discovered <incident> <iso>')
    .description(
      'Correct when the breach was discovered (starts the HIPAA clock); old and new values are logged.',
    )
    .addOption(asOption())
    .requiredOption('--reason <text>', 'why, for the record')
    .action(async (incident: string, at: string, opts: { as: string; reason: string }) => {
      print(
        formatStatus(
          await withCommands((c) =>
            c.setDiscoveredAt(incident, parseInstant(at), cliActor(opts.as), opts.reason),
          ),
        ),
      );
    });

  program
    .command('rollback <incident> [step]')
    .description('Undo one step, or every step in reverse order: exactly what each changed.')
    .addOption(asOption())
    .action(async (incident: string, step: string | undefined, opts: { as: string }) => {
      const outcome = await withCommands((c) => c.rollback(incident, cliActor(opts.as), step));
      for (const r of outcome.results)
        print(
          `${r.stepId}: ${r.action} ${r.status} (${r.summary.changed} changed, ${r.summary.already} already, ${r.summary.failed} failed)`,
        );
    });

  for (const [name, description] of [
    ['abort', 'Stop the runbook: no further step runs; the incident ends as aborted.'],
    ['close', 'Close the incident.'],
  ] as const) {
    program
      .command(`${name} <incident>`)
      .description(description)
      .addOption(asOption())
      .requiredOption('--reason <text>', 'what was concluded, for the record')
      .action(async (incident: string, opts: { as: string; reason: string }) => {
        print(
          formatStatus(
            await withCommands((c) =>
              name === 'abort'
                ? c.abort(incident, cliActor(opts.as), opts.reason)
                : c.close(incident, cliActor(opts.as), opts.reason),
            ),
          ),
        );
      });
  }

  program
    .command('log <incident>')
    .description('Export the hash-chained incident log as JSON.')
    .option('--out <file>', 'write to a file instead of standard output')
    .action(async (incident: string, opts: { out?: string }) => {
      const text = JSON.stringify(await withCommands((c) => c.log(incident)), null, 2) + '\n';
      if (opts.out) fs.writeFileSync(opts.out, text);
      else process.stdout.write(text);
    });
}
