import { ACTION_SPECS, STEP_OUTPUT_KINDS, TEXT_PLACEHOLDERS, type ActionInputSpec } from './actions';
import { PARAMETER_EXAMPLES } from './examples';
import type { RunbookProblem } from './problem';
import {
  PARAMETER_VALUE_SCHEMAS,
  type InputSource,
  type Runbook,
  type RunbookStep,
  type StepAction,
} from './schema';

/** Where a step is: `['phases', p, 'steps', s]`. */
export type StepLocation = ['phases', number, 'steps', number];

/** What input checks need to know about the rest of the runbook. */
export interface InputContext {
  parameters: Runbook['parameters'];
  /** A step with this id that comes before the one being checked. */
  earlierStep(id: string): { at: StepLocation; action: StepAction } | undefined;
  /** Where the (first) step with this id is, wherever it is. */
  anyStep(id: string): StepLocation | undefined;
  /** Records that a parameter is referenced. */
  markUsed(name: string): void;
}

function spell(at: StepLocation): string {
  return `phases[${at[1]}].steps[${at[3]}]`;
}

function placeholderProblems(text: string, path: RunbookProblem['path']): RunbookProblem[] {
  const unknown = [...text.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)]
    .map((m) => m[1] ?? '')
    .filter((name) => !TEXT_PLACEHOLDERS.includes(name));
  return unknown.map((name) => ({
    path,
    message: `unknown placeholder {{${name}}}: the engine fills ${TEXT_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`,
  }));
}

/** Problems of one input source; `alwaysPresent` reports whether the value is sure to exist at run time. */
function checkSource(
  name: string,
  spec: ActionInputSpec,
  source: InputSource,
  path: RunbookProblem['path'],
  ctx: InputContext,
  self: StepLocation,
): { problems: RunbookProblem[]; alwaysPresent: boolean } {
  if ('param' in source) {
    const param = ctx.parameters[source.param];
    if (!param) {
      const declared = Object.keys(ctx.parameters).join(', ') || 'none';
      return {
        problems: [
          {
            path: [...path, 'param'],
            message: `no parameter '${source.param}' is declared (declared: ${declared}); declare it under parameters or fix the name`,
          },
        ],
        alwaysPresent: true,
      };
    }
    ctx.markUsed(source.param);
    const alwaysPresent = param.required || param.default !== undefined;
    const problems: RunbookProblem[] = [];
    if (param.type !== spec.type)
      problems.push({
        path: [...path, 'param'],
        message: `parameter '${source.param}' has type ${param.type} but input '${name}' needs ${spec.type}: declare the parameter with type: ${spec.type} or use another one`,
      });
    else if (spec.required && !alwaysPresent)
      problems.push({
        path: [...path, 'param'],
        message: `input '${name}' is required but parameter '${source.param}' is optional with no default: make it required or give it a default`,
      });
    return { problems, alwaysPresent };
  }
  if ('step' in source) {
    const earlier = ctx.earlierStep(source.step);
    if (!earlier) {
      const somewhere = ctx.anyStep(source.step);
      const message = !somewhere
        ? `no step '${source.step}' exists: name an earlier step's id`
        : somewhere[1] === self[1] && somewhere[3] === self[3]
          ? `a step cannot use its own output: name an earlier step`
          : `step '${source.step}' (${spell(somewhere)}) runs later: a step can only use outputs of steps before it`;
      return { problems: [{ path: [...path, 'step'], message }], alwaysPresent: true };
    }
    const outputs = ACTION_SPECS[earlier.action].outputs;
    if (!outputs.includes(source.output))
      return {
        problems: [
          {
            path: [...path, 'output'],
            message: `step '${source.step}' (${earlier.action}) has no output '${source.output}'${outputs.length ? `; it has: ${outputs.join(', ')}` : ''}`,
          },
        ],
        alwaysPresent: true,
      };
    if (STEP_OUTPUT_KINDS[source.output] !== 'userIds' || spec.type !== 'userTargets')
      return {
        problems: [
          {
            path: [...path, 'output'],
            message:
              STEP_OUTPUT_KINDS[source.output] === 'userIds'
                ? `output '${source.output}' holds user IDs and cannot feed input '${name}' (${spec.type}): it fits targets or users inputs`
                : `output '${source.output}' holds removed permission set assignments and cannot feed input '${name}' (${spec.type}); no step input takes them (the engine uses them to undo)`,
          },
        ],
        alwaysPresent: true,
      };
    return { problems: [], alwaysPresent: true };
  }
  const result = PARAMETER_VALUE_SCHEMAS[spec.type].safeParse(source.value);
  if (!result.success)
    return {
      problems: result.error.issues.map((issue) => ({
        path: [...path, 'value', ...issue.path.map((seg) => (typeof seg === 'number' ? seg : String(seg)))],
        message: `input '${name}' needs ${spec.type}: ${issue.message}; e.g. value: ${PARAMETER_EXAMPLES[spec.type].value}`,
      })),
      alwaysPresent: true,
    };
  return {
    problems: spec.type === 'text' ? placeholderProblems(String(source.value), [...path, 'value']) : [],
    alwaysPresent: true,
  };
}

/**
 * Checks a step's inputs against what its action takes: no unknown names, every required input given, each
 * source valid (declared parameter of the right type, output of an earlier step that fits, literal of the
 * input's type), and for token revocation at least one of the alternatives always present.
 */
export function checkStepInputs(step: RunbookStep, at: StepLocation, ctx: InputContext): RunbookProblem[] {
  const spec = ACTION_SPECS[step.action];
  const problems: RunbookProblem[] = [];
  const known = Object.keys(spec.inputs);
  const present = new Set<string>();
  for (const [name, source] of Object.entries(step.inputs)) {
    const inputSpec = spec.inputs[name];
    const path = [...at, 'inputs', name];
    if (!inputSpec) {
      problems.push({
        path,
        atKey: true,
        message: known.length
          ? `${step.action} has no input '${name}'; its inputs are ${known.join(', ')}`
          : `${step.action} takes no inputs: remove '${name}'`,
      });
      continue;
    }
    const checked = checkSource(name, inputSpec, source, path, ctx, at);
    problems.push(...checked.problems);
    if (checked.alwaysPresent) present.add(name);
  }
  for (const [name, inputSpec] of Object.entries(spec.inputs))
    if (inputSpec.required && !(name in step.inputs))
      problems.push({
        path: [...at, 'inputs'],
        atKey: true,
        message: `${step.action} needs input '${name}' (${inputSpec.type}): add ${name}: { param: … } (or { value: ${PARAMETER_EXAMPLES[inputSpec.type].value} })`,
      });
  const alternatives = spec.atLeastOneOf;
  if (alternatives && !alternatives.some((name) => present.has(name)))
    problems.push({
      path: [...at, 'inputs'],
      atKey: true,
      message: alternatives.some((name) => name in step.inputs)
        ? `${step.action} needs at least one of ${alternatives.join(', ')} at run time, but each comes from an optional parameter with no default: make one required`
        : `${step.action} needs at least one of the inputs ${alternatives.join(', ')}`,
    });
  return problems;
}
