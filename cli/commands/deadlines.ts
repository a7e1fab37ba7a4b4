/**
 * `tourniquet deadlines`: the notification deadlines of a breach, computed from the regulation rule packs
 * (`templates/regulations/*.yaml`) and the facts given as flags — a pure calculation, no Temporal server.
 */
import type { Command, CommanderError } from 'commander';
import { z } from 'zod';
import {
  DeadlineInputError,
  ENTITY_TYPES,
  evaluateDeadlines,
  INSTANT_HELP,
  isKnownTimeZone,
  parseInstant,
  type DeadlineEvaluation,
  type DeadlineEvent,
  type DeadlineFactsInput,
  type RuleSet,
} from '../../domain/deadlines';
import { parseAffectedText, type AffectedCounts } from '../../domain/deadlines/affected-text';
import { TourniquetError } from '../../domain/errors';
import {
  deadlinesJson,
  DeadlinesUsageError,
  EXIT_USAGE,
  flagHints,
  formatDeadlineTable,
} from './deadline-output';
import { showIncidentDeadlines } from './deadline-tracking';
import { loadRegulations, regulationsDir } from '../../activities/deadlines/regulations';

/** Raw options as commander hands them over. */
export interface RawDeadlineOptions {
  discovered?: string;
  entity?: string;
  affected?: string;
  publicCompany?: boolean;
  materialAt?: string;
  euSubjects?: boolean;
  awareAt?: string;
  determinedAt?: string;
  individualsNotified?: string;
  hhsNotified?: string;
  attribute?: string[];
  tz?: string;
  now?: string;
  dueSoon?: string;
  rules?: string;
  json?: boolean;
}

/** A validated `deadlines` request. */
export interface DeadlineRequest {
  facts: DeadlineFactsInput;
  rulesDir: string;
  json: boolean;
}

type Problems = string[];

function instantFlag(flag: string, value: string | undefined, problems: Problems): string | undefined {
  if (value === undefined) return undefined;
  if (parseInstant(value) === undefined) problems.push(`${flag}: "${value}" is not ${INSTANT_HELP}`);
  return value;
}

/** Parses `--affected`: a total, per-State counts `ST=N`, or both (`1500,CA=600,TX=250`). */
export function parseAffected(value: string, problems: Problems): AffectedCounts | undefined {
  const parsed = parseAffectedText(value, '--affected');
  if (parsed.ok) return parsed.value;
  problems.push(...parsed.problems);
  return undefined;
}

function parseAttributes(values: readonly string[], problems: Problems): Record<string, boolean> {
  const attributes: Record<string, boolean> = {};
  for (const value of values) {
    const m = /^([a-z][a-z0-9-]*)=(yes|no|true|false)$/i.exec(value.trim());
    if (!m)
      problems.push(
        `--attribute: "${value}" is not NAME=yes or NAME=no, e.g. ca-licensed-health-facility=yes`,
      );
    else attributes[m[1]] = /^(yes|true)$/i.test(m[2]);
  }
  return attributes;
}

/**
 * Validates `deadlines` flags into the evaluator's facts. `clock` gives the default `--now`. Throws
 * {@link DeadlinesUsageError} naming every bad flag and its fix.
 */
export function parseDeadlineOptions(
  raw: RawDeadlineOptions,
  clock: () => number = Date.now,
): DeadlineRequest {
  const problems: Problems = [];
  if (raw.discovered === undefined)
    problems.push(`--discovered: required; give when the breach was discovered, ${INSTANT_HELP}`);
  const discoveredAt = instantFlag('--discovered', raw.discovered, problems);
  const entity = z.enum(ENTITY_TYPES).safeParse(raw.entity);
  if (raw.entity === undefined) problems.push(`--entity: required; one of ${ENTITY_TYPES.join(', ')}`);
  else if (!entity.success)
    problems.push(`--entity: "${raw.entity}" is not an entity type; use one of ${ENTITY_TYPES.join(', ')}`);
  if (raw.affected === undefined)
    problems.push('--affected: required; give the total affected, per-State counts ST=N,ST=N, or both');
  const affected = raw.affected === undefined ? undefined : parseAffected(raw.affected, problems);
  const materialAt = instantFlag('--material-at', raw.materialAt, problems);
  if (materialAt !== undefined && !raw.publicCompany)
    problems.push(
      '--material-at: only with --public-company (SEC Item 1.05 reaches registrants); add --public-company',
    );
  const awareAt = instantFlag('--aware-at', raw.awareAt, problems);
  if (awareAt !== undefined && !raw.euSubjects)
    problems.push(
      '--aware-at: only with --eu-subjects (GDPR Art. 33 counts from awareness); add --eu-subjects',
    );
  const determinedAt = instantFlag('--determined-at', raw.determinedAt, problems);
  const individualsNotified = instantFlag('--individuals-notified', raw.individualsNotified, problems);
  const hhsNotified = instantFlag('--hhs-notified', raw.hhsNotified, problems);
  const tz = raw.tz ?? 'UTC';
  if (!isKnownTimeZone(tz))
    problems.push(`--tz: "${tz}" is not a known IANA time zone; use a name such as America/New_York or UTC`);
  const now = raw.now ?? new Date(clock()).toISOString();
  instantFlag('--now', raw.now, problems);
  const dueSoon = raw.dueSoon === undefined ? 72 : Number(raw.dueSoon);
  if (!(dueSoon > 0)) problems.push(`--due-soon: "${raw.dueSoon}" is not a number of hours above 0, e.g. 72`);
  const attributes = parseAttributes(raw.attribute ?? [], problems);
  if (problems.length > 0) throw new DeadlinesUsageError(problems);

  const events: DeadlineEvent[] = [];
  if (individualsNotified) events.push({ type: 'individuals-notified', at: individualsNotified });
  if (hhsNotified) events.push({ type: 'hhs-notified', at: hhsNotified });
  return {
    rulesDir: raw.rules ?? regulationsDir(),
    json: raw.json ?? false,
    facts: {
      discoveredAt: discoveredAt!,
      timeZone: tz,
      entityType: entity.data!,
      affected: affected!,
      publicCompany: raw.publicCompany ?? false,
      ...(materialAt ? { materialityDeterminedAt: materialAt } : {}),
      euDataSubjects: raw.euSubjects ?? false,
      ...(awareAt ? { awareAt } : {}),
      ...(determinedAt ? { determinedAt } : {}),
      attributes,
      events,
      now,
      dueSoonWithinHours: dueSoon,
    },
  };
}

/** Checks the flags that depend on the rule packs (attribute names). */
function checkAgainstRules(request: DeadlineRequest, ruleSet: RuleSet): void {
  const known = Object.keys(ruleSet.attributes);
  const problems = Object.keys(request.facts.attributes ?? {})
    .filter((name) => !known.includes(name))
    .map(
      (name) =>
        `--attribute: "${name}" is not an attribute of the rule packs; known: ${known.join(', ') || 'none'}`,
    );
  if (problems.length > 0) throw new DeadlinesUsageError(problems);
}

/** Loads the rule packs and evaluates the request. */
export function runDeadlineCalculation(request: DeadlineRequest): {
  evaluation: DeadlineEvaluation;
  ruleSet: RuleSet;
} {
  const { ruleSet } = loadRegulations(request.rulesDir);
  checkAgainstRules(request, ruleSet);
  return { evaluation: evaluateDeadlines(ruleSet, request.facts), ruleSet };
}

/** Where the command writes and how it reports its exit code (replaced in tests). */
export interface DeadlinesCommandIo {
  out(text: string): void;
  err(text: string): void;
  setExitCode(code: number): void;
}

const processIo: DeadlinesCommandIo = {
  out: (text) => void process.stdout.write(text.endsWith('\n') ? text : text + '\n'),
  err: (text) => void process.stderr.write(text.endsWith('\n') ? text : text + '\n'),
  setExitCode: (code) => void (process.exitCode = code),
};

const DEADLINES_HELP = `
Readings used (each rule's notes in templates/regulations say more):
  - "N days" runs to the trigger's local clock time on the Nth day in --tz (the earlier reading; the other
    runs to the end of that day). Business days skip weekends and, for the SEC, US federal holidays (observed).
  - --affected with ST=N lists every State with affected residents: an unlisted State has none. With only a
    total, rules that need per-State counts are listed under "Cannot compute yet".
  - Without --determined-at (TX, FL, CO) or --aware-at (GDPR) the discovery time is used, the earliest possible.
Example:
  tourniquet deadlines --discovered 2026-03-10T09:00:00-05:00 --entity covered-entity \\
    --affected 1200,CA=600,TX=250 --tz America/New_York`;

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * Adds `tourniquet deadlines --discovered ISO --entity TYPE --affected TOTAL|ST=N,… [flags]` to `program`: prints
 * the obligations as a table or `--json`. Exit 0 when computed; 2 for a bad flag (each named with its fix);
 * 1 when the rule packs are invalid (file, line and field named).
 */
export function registerDeadlinesCommand(program: Command, io: DeadlinesCommandIo = processIo): Command {
  return program
    .command('deadlines')
    .argument('[incident]', 'a live incident: show its tracked deadlines instead of computing from flags')
    .description(
      'Compute the breach-notification deadlines (HIPAA, FTC HBNR, SEC, GDPR, States) from the rule packs, with the legal basis of each date.',
    )
    .option('--discovered <iso>', 'when the breach was discovered, e.g. 2026-03-10T09:00:00-05:00')
    .option('--entity <type>', `who was breached: ${ENTITY_TYPES.join(', ')}`)
    .option(
      '--affected <counts>',
      'affected individuals: a total, per-State counts ST=N,ST=N, or both (1500,CA=600)',
    )
    .option('--public-company', 'the entity is an SEC registrant')
    .option('--material-at <iso>', 'when the incident was determined to be material (SEC Item 1.05)')
    .option('--eu-subjects', 'personal data of people in the EU is affected')
    .option('--aware-at <iso>', 'when the entity became aware of the personal data breach (GDPR Art. 33)')
    .option(
      '--determined-at <iso>',
      'when the breach was determined to have occurred (TX, FL, CO count from it)',
    )
    .option('--individuals-notified <iso>', 'when notice went to the affected individuals')
    .option('--hhs-notified <iso>', 'when HHS was notified')
    .option(
      '--attribute <name=yes|no>',
      'answer a rule pack question, e.g. ca-licensed-health-facility=yes (repeatable)',
      collect,
    )
    .option('--tz <zone>', 'IANA time zone that counts the days and shows local times (default: UTC)')
    .option('--now <iso>', 'evaluate as of this instant (default: now)')
    .option('--due-soon <hours>', 'an obligation due within this many hours is due-soon (default: 72)')
    .option('--rules <dir>', 'folder of rule packs (default: the shipped templates/regulations)')
    .option('--json', 'print { obligations: [...], cannotCompute: [...] } as JSON')
    .addHelpText('after', DEADLINES_HELP)
    .exitOverride((err: CommanderError) => {
      process.exit(err.exitCode === 0 ? 0 : EXIT_USAGE);
    })
    .action(async (incident: string | undefined, raw: RawDeadlineOptions) => {
      try {
        if (incident !== undefined) {
          const given = Object.keys(raw).filter((k) => k !== 'json');
          if (given.length)
            throw new DeadlinesUsageError([
              `INCIDENT: a live incident's facts are set with tourniquet affected|determined|delay|notified, not with --${given[0].replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}; leave the flags out`,
            ]);
          io.out(await showIncidentDeadlines(incident, raw.json ?? false));
          io.setExitCode(0);
          return;
        }
        const request = parseDeadlineOptions(raw);
        const { evaluation, ruleSet } = runDeadlineCalculation(request);
        io.out(
          request.json
            ? JSON.stringify(deadlinesJson(evaluation, flagHints(ruleSet)), null, 2)
            : formatDeadlineTable(evaluation, flagHints(ruleSet)),
        );
        io.setExitCode(0);
      } catch (err) {
        if (!(err instanceof TourniquetError)) throw err;
        io.err(`tourniquet: ${err.message}\n(code ${err.code})`);
        io.setExitCode(
          err instanceof DeadlinesUsageError || err instanceof DeadlineInputError ? EXIT_USAGE : 1,
        );
      }
    });
}
