import { TourniquetError } from '../errors';
import type { UserTargets } from '../salesforce/targets';
import { exampleFlag } from './examples';
import { parseParamText, type ParameterValue } from './param-text';
import { PARAMETER_VALUE_SCHEMAS, type ParameterType, type Runbook } from './schema';

/** Error code of bad runbook parameters. */
export const RUNBOOK_PARAMS_INVALID = 'RUNBOOK_PARAMS_INVALID';

/** One bad parameter: its name and what is wrong, with an example of a good value. */
export interface ParamProblem {
  param: string;
  message: string;
}

/** Parameters given for a runbook are unknown, missing or malformed; lists every problem at once. */
export class RunbookParamsError extends TourniquetError {
  constructor(
    public readonly runbook: string,
    public readonly problems: readonly ParamProblem[],
  ) {
    super(
      RUNBOOK_PARAMS_INVALID,
      `parameters for runbook '${runbook}' are invalid:\n` +
        problems.map((p) => `  - ${p.param}: ${p.message}`).join('\n'),
    );
  }
}

function takes(runbook: Runbook): string {
  return Object.entries(runbook.parameters)
    .map(([name, p]) => `${name} (${p.type}${p.required && p.default === undefined ? ', required' : ''})`)
    .join(', ');
}

function unknownParam(runbook: Runbook, name: string): ParamProblem {
  return { param: name, message: `unknown parameter; runbook '${runbook.name}' takes ${takes(runbook)}` };
}

function issuesText(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  return issues
    .map((i) => {
      const at = i.path.map((seg) => (typeof seg === 'number' ? `[${seg}]` : `.${String(seg)}`)).join('');
      return at ? `${at.replace(/^\./, '')}: ${i.message}` : i.message;
    })
    .join('; ');
}

/** Validates `value` as `type` and returns it in input form (18-character IDs; instants stay ISO text). */
function validate(name: string, type: ParameterType, value: unknown): ParameterValue | ParamProblem {
  const parsed = PARAMETER_VALUE_SCHEMAS[type].safeParse(value);
  if (!parsed.success)
    return {
      param: name,
      message: `not a valid ${type}: ${issuesText(parsed.error.issues)}; ${exampleFlag(name, type)}`,
    };
  if (type !== 'userTargets') return parsed.data as string | string[];
  const targets = parsed.data as UserTargets;
  return {
    userIds: [...new Set(targets.userIds)],
    selectors: targets.selectors.map((s) =>
      s.kind === 'loginFromIpRange' ? { ...s, since: new Date(s.since).toISOString() } : s,
    ),
  };
}

function isProblem(x: ParameterValue | ParamProblem): x is ParamProblem {
  return typeof x === 'object' && !Array.isArray(x) && 'param' in x && 'message' in x;
}

/**
 * The runbook's parameter values from `raw` (name → value; `undefined` or `null` counts as not given): applies
 * defaults, refuses unknown names and missing required ones, validates each value against its type, and
 * returns them in input form (IDs as 18-character text without duplicates, instants as ISO text) — what the activities accept
 * and what is safe to record. Optional parameters without a value or default are left out. Throws one
 * {@link RunbookParamsError} (code `RUNBOOK_PARAMS_INVALID`) naming every bad parameter.
 */
export function resolveParams(
  runbook: Runbook,
  raw: Readonly<Record<string, unknown>>,
): Record<string, ParameterValue> {
  const problems: ParamProblem[] = [];
  const out: Record<string, ParameterValue> = {};
  for (const name of Object.keys(raw))
    if (raw[name] !== undefined && raw[name] !== null && !Object.hasOwn(runbook.parameters, name))
      problems.push(unknownParam(runbook, name));
  for (const [name, param] of Object.entries(runbook.parameters)) {
    const value = raw[name] ?? param.default;
    if (value === undefined) {
      if (param.required)
        problems.push({
          param: name,
          message: `missing (${param.type}: ${param.description}); ${exampleFlag(name, param.type)}`,
        });
      continue;
    }
    const checked = validate(name, param.type, value);
    if (isProblem(checked)) problems.push(checked);
    else out[name] = checked;
  }
  if (problems.length > 0) throw new RunbookParamsError(runbook.name, problems);
  return out;
}

function readFlag(runbook: Runbook, flag: string): { name: string; value: unknown } | ParamProblem {
  const eq = flag.indexOf('=');
  const name = (eq < 0 ? flag : flag.slice(0, eq)).trim();
  if (eq < 0 || name === '')
    return {
      param: name || flag,
      message: `write the parameter as name=value, e.g. ${exampleFlag('org', 'org')}`,
    };
  const param = Object.hasOwn(runbook.parameters, name) ? runbook.parameters[name] : undefined;
  if (!param) return unknownParam(runbook, name);
  const read = parseParamText(param.type, flag.slice(eq + 1));
  if (!read.ok) return { param: name, message: `${read.message}; ${exampleFlag(name, param.type)}` };
  const checked = validate(name, param.type, read.value);
  return isProblem(checked) ? checked : { name, value: read.value };
}

/**
 * Reads one `--param name=value` flag for `runbook`: the name must be one of its parameters and the text is
 * read in that parameter's text form (see `parseParamText`) and validated. Returns the value as written
 * (pass it to {@link resolveParams}); throws {@link RunbookParamsError} naming the parameter otherwise.
 */
export function parseParamFlag(runbook: Runbook, flag: string): { name: string; value: unknown } {
  const read = readFlag(runbook, flag);
  if ('param' in read) throw new RunbookParamsError(runbook.name, [read]);
  return read;
}

function merge(type: ParameterType, a: unknown, b: unknown): unknown {
  if (type === 'userTargets') {
    const x = a as { userIds?: unknown[]; selectors?: unknown[] };
    const y = b as { userIds?: unknown[]; selectors?: unknown[] };
    return {
      userIds: [...new Set([...(x.userIds ?? []), ...(y.userIds ?? [])])],
      selectors: [...(x.selectors ?? []), ...(y.selectors ?? [])],
    };
  }
  return [...new Set([...(a as unknown[]), ...(b as unknown[])])];
}

/**
 * Reads every `--param` flag (see {@link parseParamFlag}) into the raw values for {@link resolveParams}.
 * Repeating a user-targets or list parameter adds to it (`--param users=005… --param users=usernames:a@x.org`);
 * repeating any other parameter is an error. Throws one {@link RunbookParamsError} for all bad flags.
 */
export function collectParamFlags(runbook: Runbook, flags: readonly string[]): Record<string, unknown> {
  const problems: ParamProblem[] = [];
  const out: Record<string, unknown> = {};
  for (const flag of flags) {
    const read = readFlag(runbook, flag);
    if ('param' in read) {
      problems.push(read);
      continue;
    }
    const type = runbook.parameters[read.name].type;
    if (!Object.hasOwn(out, read.name)) out[read.name] = read.value;
    else if (type === 'userTargets' || type === 'connectedAppNames' || type === 'permissionSetNames')
      out[read.name] = merge(type, out[read.name], read.value);
    else
      problems.push({
        param: read.name,
        message: `given more than once; ${type} parameters take one value`,
      });
  }
  if (problems.length > 0) throw new RunbookParamsError(runbook.name, problems);
  return out;
}
