import { Command, InvalidArgumentError } from 'commander';
import { runSimulatorCli } from '../simulator';
import { loadConfig } from '../worker/config';
import { runWorker } from '../worker/run-worker';
import { cliActor } from './actor';
import { registerDeadlineTrackingCommands } from './commands/deadline-tracking';
import { registerDeadlinesCommand } from './commands/deadlines';
import { formatDoctorReport, runDoctor } from './commands/doctor';
import { registerIncidentCommands } from './commands/incident';
import { runRoundTrip } from './commands/roundtrip';
import { registerRunbookCommands } from './commands/runbook';
import { registerTimelineCommands } from './commands/timeline';
import { reportError } from './output';
import { installRuntimeLogging } from './runtime-logging';

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError('expected a port number 0–65535');
  return port;
}

const program = new Command()
  .name('tourniquet')
  .description('Breach-response runbooks for Salesforce PHI: contain, reconstruct, notify.')
  .showHelpAfterError('(run with --help for usage)');

program
  .command('doctor')
  .description(
    'Check Node, the Temporal binaries and server (starting the embedded one if needed), Salesforce and Slack configuration.',
  )
  .option('--json', 'print the report as JSON')
  .action(async (opts: { json?: boolean }) => {
    const report = await runDoctor();
    process.stdout.write((opts.json ? JSON.stringify(report, null, 2) : formatDoctorReport(report)) + '\n');
    process.exitCode = report.ok ? 0 : 1;
  });

program
  .command('worker')
  .description(
    'Run the worker (starts the embedded Temporal server when TEMPORAL_ADDRESS is not set); stops on SIGINT/SIGTERM.',
  )
  .action(async () => {
    installRuntimeLogging('INFO');
    await runWorker(loadConfig(), (line) => process.stdout.write(line + '\n'));
  });

program
  .command('roundtrip')
  .description(
    'Declare a dry-run incident, query it, close it, and wait for the workflow: proves the whole chain works.',
  )
  .option('--as <actor>', 'who acts (default: your OS user)')
  .option('--json', 'print the result as JSON')
  .action(async (opts: { as?: string; json?: boolean }) => {
    installRuntimeLogging('WARN');
    const log = opts.json ? () => undefined : (line: string) => process.stdout.write(line + '\n');
    const result = await runRoundTrip(loadConfig(), cliActor(opts.as), log);
    process.stdout.write(
      opts.json ? JSON.stringify(result, null, 2) + '\n' : `round trip: ok in ${result.ms} ms\n`,
    );
  });

program
  .command('simulator')
  .description(
    'Run the local Salesforce org simulator seeded from a scenario file; prints its URL and login credentials.',
  )
  .requiredOption('--scenario <file>', 'scenario YAML (e.g. templates/scenarios/phi-exfiltration.yaml)')
  .option('--port <n>', 'TCP port (default: a free one)', parsePort)
  .action(async (opts: { scenario: string; port?: number }) => {
    const sim = await runSimulatorCli({
      scenario: opts.scenario,
      port: opts.port,
      print: (line) => process.stdout.write(line + '\n'),
    });
    process.stdout.write('Ctrl-C (SIGINT) or SIGTERM stops it.\n');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await sim.close();
  });

registerRunbookCommands(program);
registerIncidentCommands(program);
registerTimelineCommands(program);
registerDeadlinesCommand(program);
registerDeadlineTrackingCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.exitCode = reportError(err);
});
