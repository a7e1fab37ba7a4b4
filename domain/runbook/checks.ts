import { ACTION_SPECS } from './actions';
import { checkStepInputs, type StepLocation } from './check-inputs';
import { PARAMETER_EXAMPLES } from './examples';
import type { RunbookProblem } from './problem';
import { durationMs, IRREVERSIBLE_ACTIONS, PARAMETER_VALUE_SCHEMAS, type Runbook } from './schema';

function zodMessages(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): string {
  return error.issues
    .map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ');
}

function checkParameters(runbook: Runbook, problems: RunbookProblem[]): void {
  for (const [name, param] of Object.entries(runbook.parameters)) {
    if (param.default === undefined) continue;
    const result = PARAMETER_VALUE_SCHEMAS[param.type].safeParse(param.default);
    if (!result.success)
      problems.push({
        path: ['parameters', name, 'default'],
        message: `default does not fit type ${param.type} (${zodMessages(result.error)}); e.g. default: ${PARAMETER_EXAMPLES[param.type].value}`,
      });
  }
  const org = runbook.parameters.org;
  if (!org)
    problems.push({
      path: ['parameters'],
      message:
        "declare the parameter 'org' (type: org), the Salesforce org the incident is about, e.g. org: { type: org, description: …, default: production }",
    });
  else if (org.type !== 'org')
    problems.push({
      path: ['parameters', 'org', 'type'],
      message: "the parameter 'org' must have type: org",
    });
}

function checkStepPolicy(
  step: Runbook['phases'][number]['steps'][number],
  at: StepLocation,
): RunbookProblem[] {
  const problems: RunbookProblem[] = [];
  const spec = ACTION_SPECS[step.action];
  if (spec.needsInstructions && !step.instructions?.trim())
    problems.push({
      path: [...at, 'instructions'],
      message: `a ${step.action} step needs instructions: what the person does and how they confirm it is done`,
    });
  if (IRREVERSIBLE_ACTIONS.has(step.action)) {
    const why = spec.irreversibleBecause ?? 'it cannot be undone';
    if (step.reversible)
      problems.push({
        path: [...at, 'reversible'],
        message: `${step.action} is irreversible (${why}): set reversible: false`,
      });
    if (step.approval.policy === 'none')
      problems.push({
        path: [...at, 'approval'],
        atKey: true,
        message: `${step.action} is irreversible (${why}) and needs an approval, e.g. approval: { policy: two-person, role: approver }`,
      });
  }
  if (step.timeout && step.escalation && durationMs(step.escalation.after) >= durationMs(step.timeout))
    problems.push({
      path: [...at, 'escalation', 'after'],
      message: `escalation after ${step.escalation.after} is not shorter than the timeout ${step.timeout}: escalate before the step times out`,
    });
  return problems;
}

/**
 * Cross-checks a schema-valid runbook: parameter defaults and the `org` parameter, unique phase and step ids,
 * each step's inputs against its action (names, types, sources, ordering), irreversible actions, escalation
 * versus timeout, and parameters nobody uses. Returns every problem (empty when the runbook is sound).
 */
export function checkRunbook(runbook: Runbook): RunbookProblem[] {
  const problems: RunbookProblem[] = [];
  checkParameters(runbook, problems);
  const phaseIds = new Map<string, number>();
  const stepsSeen = new Map<
    string,
    { at: StepLocation; action: Runbook['phases'][number]['steps'][number]['action'] }
  >();
  const laterSteps = new Map<string, StepLocation>();
  runbook.phases.forEach((phase, p) =>
    phase.steps.forEach((step, s) => {
      if (!laterSteps.has(step.id)) laterSteps.set(step.id, ['phases', p, 'steps', s]);
    }),
  );
  const used = new Set<string>(['org']);
  runbook.phases.forEach((phase, p) => {
    const first = phaseIds.get(phase.id);
    if (first !== undefined)
      problems.push({
        path: ['phases', p, 'id'],
        message: `phase id '${phase.id}' is already used by phases[${first}]: phase ids must be unique`,
      });
    else phaseIds.set(phase.id, p);
    phase.steps.forEach((step, s) => {
      const at: StepLocation = ['phases', p, 'steps', s];
      const earlier = stepsSeen.get(step.id);
      if (earlier)
        problems.push({
          path: [...at, 'id'],
          message: `step id '${step.id}' is already used by ${earlier.at[0]}[${earlier.at[1]}].steps[${earlier.at[3]}]: step ids must be unique across the runbook`,
        });
      problems.push(...checkStepPolicy(step, at));
      problems.push(
        ...checkStepInputs(step, at, {
          parameters: runbook.parameters,
          earlierStep: (id) => stepsSeen.get(id),
          anyStep: (id) => laterSteps.get(id),
          markUsed: (name) => used.add(name),
        }),
      );
      if (!earlier) stepsSeen.set(step.id, { at, action: step.action });
    });
  });
  for (const name of Object.keys(runbook.parameters))
    if (!used.has(name))
      problems.push({
        path: ['parameters', name],
        atKey: true,
        message: `parameter '${name}' is never used: reference it from a step input as { param: ${name} } (check the spelling) or remove it`,
      });
  return problems;
}
