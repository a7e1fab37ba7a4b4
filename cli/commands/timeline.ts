/**
 * `tourniquet timeline build|verify`: reconstruct a hash-chained timeline from audit exports on disk, and verify
 * a timeline (or an exported incident log) later, optionally re-hashing the evidence files it was built from.
 */
import { Command, CommanderError } from 'commander';
import { TourniquetError } from '../../domain/errors';
import { SOURCE_FORMATS } from '../../domain/timeline/parsers';
import { reportError } from '../output';
import { runTimelineBuild } from '../timeline/build';
import { parseBuildOptions, type RawBuildOptions } from '../timeline/build-options';
import { formatBuildReport } from '../timeline/report';
import { EXIT_BROKEN, EXIT_USAGE, plural } from '../timeline/usage';
import { runTimelineVerify } from '../timeline/verify';

const print = (text: string) => void process.stdout.write(text + '\n');
const collect = (v: string, all: string[] | undefined) => [...(all ?? []), v];

/** Runs an action; a TourniquetError (bad flag, unreadable input, unknown format) exits with {@link EXIT_USAGE}. */
async function guarded(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (!(err instanceof TourniquetError)) throw err;
    reportError(err);
    process.exitCode = EXIT_USAGE;
  }
}

const BUILD_HELP = `
Inputs are files or folders (a folder means every regular file under it, sorted by path; manifest.json,
*.rejects.ndjson, the --mapping file, hidden files and earlier timeline outputs are skipped and listed). Every input is hashed
(SHA-256) into the evidence manifest inside the timeline before it is parsed; manifest paths are relative to
--evidence-dir, or else to the deepest folder holding every input, so
  tourniquet timeline verify OUT --evidence THAT_FOLDER
re-hashes them later.

Formats (--format FMT): ${SOURCE_FORMATS.slice(0, 4).join(', ')},
  ${SOURCE_FORMATS.slice(4).join(', ')}.
Without --format each input's format is detected; with --mapping, inputs detection does not recognise are read
as generic NDJSON/CSV through the mapping.

Filters (--from, --to, --user) drop events before reconstruction, so the timeline's hash chain covers exactly
the events kept; the summary says how many were filtered out. --from and --to are inclusive and compare the
skew-corrected time (the time the timeline shows). --user matches a user id (15 or 18 characters) or a username
(case-insensitive) as each source records it: give both to catch sources that record only one.

--skew SOURCE=±MS adds MS milliseconds to every event of SOURCE (exact name such as LoginHistory or
SetupAuditTrail, or a prefix pattern such as EventLogFile:* or RTEM:*); an exact name wins over a pattern.

Records that cannot be parsed are never dropped silently: each goes to the rejects file with its file, line and
reason, and the summary lists them. Rejects do not make the build fail (exit 0): the timeline is valid for the
records that could be read.

Progress goes to standard error when it is a terminal, or with --progress.

Exit codes: 0 built (check the summary for rejects); 2 a bad flag, an unreadable input, an unknown format or an
invalid mapping (nothing is written); 70 an unexpected error.

Example:
  tourniquet timeline build evidence/INC-7 --out INC-7.timeline.json --csv INC-7.csv \\
    --skew LoginHistory=-1200 --skew 'EventLogFile:*=+300' --suspicious-ip 203.0.113.0/24 --tz -05:00
`;

const VERIFY_HELP = `
FILE is a timeline (tourniquet timeline build) or an exported incident log (tourniquet log --out FILE); the
kind is detected from the file's first bytes. For a timeline the hash chain and root hash are recomputed event
by event; with --evidence DIR every file of its evidence manifest is re-hashed under DIR as well.

Exit codes: 0 intact; 1 BROKEN (the line names the first broken event's seq, or the evidence file that is
missing or differs); 2 the file cannot be read or is neither kind, or a bad flag.
`;

/**
 * Adds `tourniquet timeline build …` and `tourniquet timeline verify FILE [--evidence DIR] [--json]` to
 * `program`; returns the `timeline` command so other timeline subcommands can be added to it. Usage errors of
 * these commands exit with {@link EXIT_USAGE}.
 */
export function registerTimelineCommands(program: Command): Command {
  const timeline = program
    .command('timeline')
    .description(
      'Reconstruct timelines from audit exports, and verify timelines and incident logs as evidence.',
    )
    .exitOverride((err: CommanderError) => {
      process.exit(err.exitCode === 0 ? 0 : EXIT_USAGE);
    });

  timeline
    .command('build')
    .description(
      'Build a hash-chained timeline from audit exports (EventLogFile CSV, RTEM, SetupAuditTrail, LoginHistory, incident logs, mapped exports).',
    )
    .argument('<input...>', 'input files or folders')
    .requiredOption('--out <file>', 'timeline JSON to write')
    .option('--ndjson <file>', 'also write one event per line here')
    .option('--csv <file>', 'also write a CSV export here')
    .option('--rejects <file>', 'rejected records, one JSON object per line (default: <out>.rejects.ndjson)')
    .option('--format <fmt>', `format of every input (default: detect each): ${SOURCE_FORMATS.join(', ')}`)
    .option('--mapping <file>', 'field mapping (JSON) for generic NDJSON/CSV inputs')
    .option('--tz <±HH:MM>', 'UTC offset for timestamps without a zone (Setup UI downloads), e.g. -05:00')
    .option(
      '--skew <source=±ms>',
      'clock offset of a source in ms (repeatable), e.g. LoginHistory=-1200',
      collect,
    )
    .option(
      '--from <iso>',
      'keep events at or after this instant (skew-corrected), e.g. 2026-03-10T18:00:00Z',
    )
    .option('--to <iso>', 'keep events at or before this instant (skew-corrected)')
    .option('--user <id-or-username>', 'keep only events of this user (repeatable)', collect)
    .option(
      '--suspicious-ip <cidr>',
      'IP or IPv4 CIDR that marks first suspicious access (repeatable)',
      collect,
    )
    .option('--evidence-dir <dir>', 'folder holding every input; manifest paths are relative to it')
    .option('--tmp-dir <dir>', 'where the external sort spills (default: the system temp folder)')
    .option('--progress', 'report progress on standard error even when it is not a terminal')
    .option('--json', 'print the summary as one JSON object')
    .addHelpText('after', BUILD_HELP)
    .action(async (inputs: string[], raw: Omit<RawBuildOptions, 'inputs'>) => {
      await guarded(async () => {
        const opts = parseBuildOptions({ ...raw, inputs });
        const report = await runTimelineBuild(opts);
        print(opts.json ? JSON.stringify(report) : formatBuildReport(report));
        if (report.rejects)
          process.stderr.write(
            `tourniquet: warning: ${plural(report.rejects, 'record')} rejected (not in the timeline); see ${report.rejectsFile}\n`,
          );
      });
    });

  timeline
    .command('verify')
    .description(
      'Recompute the hash chain of a timeline or an exported incident log; exit 1 naming the first broken event.',
    )
    .argument('<file>', 'timeline JSON or incident-log export')
    .option('--evidence <dir>', 'also re-hash the evidence files of the timeline manifest under this folder')
    .option('--json', 'print the verdict as JSON')
    .addHelpText('after', VERIFY_HELP)
    .action(async (file: string, opts: { evidence?: string; json?: boolean }) => {
      await guarded(async () => {
        const { ok, line, report } = await runTimelineVerify(file, opts);
        print(opts.json ? JSON.stringify(report) : line);
        process.exitCode = ok ? 0 : EXIT_BROKEN;
      });
    });

  return timeline;
}
