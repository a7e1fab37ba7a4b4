import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  parseRunbook,
  RunbookValidationError,
  validateRunbookObject,
} from '../../../domain/runbook/validate';
import { YamlValidationError } from '../../../domain/yaml-document';
import { BASE, edit, issueAt, issuesOf, lineOf } from './fixture';

const SHIPPED = path.resolve(__dirname, '..', '..', '..', 'templates', 'runbooks');

describe('shipped runbooks', () => {
  const files = fs.readdirSync(SHIPPED).filter((f) => f.endsWith('.yaml'));

  test('there are the three runbooks', () => {
    expect(files.sort()).toEqual([
      'compromised-connected-app.yaml',
      'insider-snooping.yaml',
      'phi-exfiltration-salesforce.yaml',
    ]);
  });

  test.each(files)('%s validates, names itself after its file and follows the house rules', (file) => {
    const runbook = parseRunbook(fs.readFileSync(path.join(SHIPPED, file), 'utf8'), file);
    expect(`${runbook.name}.yaml`).toBe(file);
    expect(runbook.parameters.org).toMatchObject({ type: 'org', default: 'production' });
    const steps = runbook.phases.flatMap((p) => p.steps);
    expect(steps.some((s) => s.action === 'timeline.build')).toBe(true);
    expect(steps.some((s) => s.action === 'deadlines.start')).toBe(true);
    expect(steps.some((s) => s.action === 'manual')).toBe(true);
    for (const step of steps.filter((s) => s.action.startsWith('salesforce.'))) {
      expect([step.id, step.approval.policy]).not.toEqual([step.id, 'none']);
      expect(step.timeout).toBeDefined();
      expect(step.escalation).toBeDefined();
    }
  });
});

test('the base fixture is valid and gets the schema defaults', () => {
  const runbook = parseRunbook(BASE, 'rb.yaml');
  const check = runbook.phases[1].steps[0];
  expect(check).toMatchObject({ approval: { policy: 'none' }, onFailure: 'stop', inputs: {} });
  expect(runbook.parameters.users.required).toBe(true);
});

describe('each problem names file, line, column and field', () => {
  test('an unknown action (schema) is reported on its line', () => {
    const text = edit('action: salesforce.freezeUsers', 'action: salesforce.freezeUser');
    const issue = issueAt(issuesOf(text), 'phases[0].steps[0].action');
    expect(issue.line).toBe(lineOf(text, 'salesforce.freezeUser'));
    expect(issue.column).toBe(17);
    expect(issue.message).toMatch(/salesforce\.freezeUsers/);
  });

  test('schema problems come in file order; a missing field says to add it', () => {
    const text = edit('        reversible: true\n', '').replace('timeout: 1h', 'timeout: 1 hour');
    expect(issuesOf(text)).toEqual([
      {
        field: 'phases[0].steps[0].reversible',
        line: lineOf(text, 'id: freeze'),
        column: 9,
        message:
          'missing: say whether the step can be undone, reversible: true or false (false when it cannot)',
      },
      {
        field: 'phases[0].steps[1].timeout',
        line: lineOf(text, 'timeout: 1 hour'),
        column: 18,
        message: "a duration such as '90s', '15m', '4h' or '2d'",
      },
    ]);
    expect(issueAt(issuesOf(edit('        title: Tell\n', '')), 'phases[1].steps[1].title').message).toBe(
      'missing: add this field (string)',
    );
  });

  test('a malformed input source gets a message saying what a source looks like', () => {
    const text = edit('targets: { param: users }', 'targets: { params: users }');
    const issue = issueAt(issuesOf(text), 'phases[0].steps[0].inputs.targets');
    expect(issue.line).toBe(lineOf(text, 'params: users'));
    expect(issue.message).toMatch(/\{ param: <parameter> \}.*\{ step: .*\{ value: /);
  });

  test('an unknown input name is reported at the key, with the inputs the action takes', () => {
    const text = edit('targets: { param: users }', 'target: { param: users }');
    const issues = issuesOf(text);
    const unknown = issueAt(issues, 'phases[0].steps[0].inputs.target');
    expect(unknown).toMatchObject({ line: lineOf(text, 'target: {'), column: 11 });
    expect(unknown.message).toBe("salesforce.freezeUsers has no input 'target'; its inputs are org, targets");
    const missing = issueAt(issues, 'phases[0].steps[0].inputs');
    expect(missing.line).toBe(lineOf(text, 'inputs:'));
    expect(missing.message).toMatch(/needs input 'targets' \(userTargets\)/);
  });

  test('a parameter whose type does not fit the input', () => {
    const text = edit(
      '    description: Compromised users.\n',
      '    description: Compromised users.\n  who:\n    type: userId\n    description: One user.\n',
    ).replace('targets: { param: users }', 'targets: { param: who }');
    const issues = issuesOf(text);
    const issue = issueAt(issues, 'phases[0].steps[0].inputs.targets.param');
    expect(issue.line).toBe(lineOf(text, 'param: who'));
    expect(issue.message).toBe(
      "parameter 'who' has type userId but input 'targets' needs userTargets: declare the parameter with type: userTargets or use another one",
    );
    // `users` is now referenced by nobody: reported at its key.
    expect(issueAt(issues, 'parameters.users')).toMatchObject({ line: lineOf(text, '  users:'), column: 3 });
  });

  test('a reference to an undeclared parameter lists the declared ones', () => {
    const text = edit('targets: { param: users }', 'targets: { param: user }');
    const issue = issueAt(issuesOf(text), 'phases[0].steps[0].inputs.targets.param');
    expect(issue.message).toMatch(/no parameter 'user' is declared \(declared: org, users\)/);
  });

  test('a forward step reference says the step runs later', () => {
    const text2 = edit('targets: { param: users }', 'targets: { step: end-sessions, output: userIds }');
    const issue = issueAt(issuesOf(text2), 'phases[0].steps[0].inputs.targets.step');
    expect(issue.line).toBe(lineOf(text2, 'step: end-sessions'));
    expect(issue.message).toBe(
      "step 'end-sessions' (phases[0].steps[1]) runs later: a step can only use outputs of steps before it",
    );
  });

  test('a step cannot use its own output, nor a missing step', () => {
    const own = edit(
      'targets: { step: freeze, output: userIds }',
      'targets: { step: end-sessions, output: userIds }',
    );
    expect(issueAt(issuesOf(own), 'phases[0].steps[1].inputs.targets.step').message).toMatch(
      /its own output/,
    );
    const none = edit(
      'targets: { step: freeze, output: userIds }',
      'targets: { step: frieze, output: userIds }',
    );
    expect(issueAt(issuesOf(none), 'phases[0].steps[1].inputs.targets.step').message).toMatch(
      /no step 'frieze' exists/,
    );
  });

  test('an output the step does not have, or that does not fit the input', () => {
    const missing = edit('output: userIds', 'output: removedAssignments');
    const issue = issueAt(issuesOf(missing), 'phases[0].steps[1].inputs.targets.output');
    expect(issue.line).toBe(lineOf(missing, 'output: removedAssignments'));
    expect(issue.message).toMatch(
      /step 'freeze' \(salesforce\.freezeUsers\) has no output 'removedAssignments'/,
    );
    const misfit = edit(
      "message: { value: 'Incident {{incidentId}} contained.' }",
      'message: { step: freeze, output: userIds }',
    );
    expect(issueAt(issuesOf(misfit), 'phases[1].steps[1].inputs.message.output').message).toMatch(
      /holds user IDs and cannot feed input 'message' \(text\)/,
    );
  });

  test('an irreversible step without an approval, or marked reversible', () => {
    const text = edit('        approval: { policy: two-person, role: approver }\n', '').replace(
      'escalation: { after: 15m, notify: [commander] }\n        reversible: false',
      'escalation: { after: 15m, notify: [commander] }\n        reversible: true',
    );
    const issues = issuesOf(text);
    const approval = issueAt(issues, 'phases[0].steps[1].approval');
    expect(approval.line).toBe(lineOf(text, 'id: end-sessions'));
    expect(approval.message).toMatch(
      /salesforce\.endSessions is irreversible \(ended sessions cannot be restored\) and needs an approval/,
    );
    const reversible = issueAt(issues, 'phases[0].steps[1].reversible');
    expect(reversible.line).toBe(lineOf(text, 'reversible: true', 1));
    expect(reversible.message).toMatch(/set reversible: false/);
    const none = edit('approval: { policy: two-person, role: approver }', 'approval: { policy: none }');
    expect(issueAt(issuesOf(none), 'phases[0].steps[1].approval').line).toBe(
      lineOf(none, 'approval: { policy: none }'),
    );
  });

  test('a duplicate step id (across phases) and a duplicate phase id', () => {
    const text = edit('id: tell', 'id: freeze').replace('id: wrap-up', 'id: contain');
    const issues = issuesOf(text);
    const step = issueAt(issues, 'phases[1].steps[1].id');
    expect(step.line).toBe(lineOf(text, 'id: freeze', 1));
    expect(step.message).toMatch(/step id 'freeze' is already used by phases\[0\]\.steps\[0\]/);
    expect(issueAt(issues, 'phases[1].id').line).toBe(lineOf(text, 'id: contain', 1));
  });

  test('an unused parameter is reported at its name', () => {
    const text = edit(
      'phases:\n',
      '  incidentNote:\n    type: text\n    description: Free text.\n    required: false\nphases:\n',
    );
    const issue = issueAt(issuesOf(text), 'parameters.incidentNote');
    expect(issue).toMatchObject({ line: lineOf(text, 'incidentNote:'), column: 3 });
    expect(issue.message).toMatch(/never used: reference it from a step input as \{ param: incidentNote \}/);
  });

  test('a default that does not fit its type', () => {
    const text = edit('default: production', "default: 'prod org!'");
    const issue = issueAt(issuesOf(text), 'parameters.org.default');
    expect(issue.line).toBe(lineOf(text, "default: 'prod org!'"));
    expect(issue.message).toMatch(/^default does not fit type org \(must be the name of a configured/);
    expect(issue.message).toMatch(/e\.g\. default: production$/);
  });

  test('a literal value is validated against the input type, down to the element', () => {
    const text = edit(
      'targets: { param: users }',
      "targets:\n            value:\n              userIds: ['0058d000001AbCd', \"005' OR Name LIKE '%\"]\n          extra: { param: users }",
    );
    const issues = issuesOf(text);
    const issue = issueAt(issues, 'phases[0].steps[0].inputs.targets.value.userIds[1]');
    expect(issue.line).toBe(lineOf(text, 'userIds:'));
    expect(issue.message).toMatch(
      /input 'targets' needs userTargets: must be a 15- or 18-character Salesforce ID/,
    );
  });

  test('escalation must come before the timeout', () => {
    const text = edit('escalation: { after: 15m,', 'escalation: { after: 2h,');
    const issue = issueAt(issuesOf(text), 'phases[0].steps[1].escalation.after');
    expect(issue.line).toBe(lineOf(text, 'after: 2h'));
    expect(issue.message).toBe(
      'escalation after 2h is not shorter than the timeout 1h: escalate before the step times out',
    );
  });

  test('manual steps need instructions; text placeholders must be known', () => {
    const text = edit('        instructions: Check it.\n', '').replace('{{incidentId}}', '{{incident}}');
    const issues = issuesOf(text);
    expect(issueAt(issues, 'phases[1].steps[0].instructions').line).toBe(lineOf(text, 'id: check'));
    expect(issueAt(issues, 'phases[1].steps[1].inputs.message.value').message).toMatch(
      /unknown placeholder \{\{incident\}\}: the engine fills \{\{incidentId\}\}, \{\{runbook\}\}, \{\{mode\}\}/,
    );
  });

  test('a required input fed by an optional parameter without a default', () => {
    const text = edit(
      '    description: Compromised users.\n',
      '    description: Compromised users.\n    required: false\n',
    );
    expect(issueAt(issuesOf(text), 'phases[0].steps[0].inputs.targets.param').message).toMatch(
      /input 'targets' is required but parameter 'users' is optional with no default/,
    );
  });

  test('token revocation needs app names or users', () => {
    const text = edit(
      'action: salesforce.endSessions',
      'action: salesforce.revokeConnectedAppTokens',
    ).replace('targets: { step: freeze, output: userIds }', 'note: { value: x }');
    const issues = issuesOf(text);
    expect(issueAt(issues, 'phases[0].steps[1].inputs').message).toBe(
      'salesforce.revokeConnectedAppTokens needs at least one of the inputs appNames, users',
    );
  });

  test('a runbook without an org parameter', () => {
    const text = edit('  org:\n    type: org', '  tenant:\n    type: org').replaceAll(
      '{ param: org }',
      '{ param: tenant }',
    );
    expect(issueAt(issuesOf(text), 'parameters').message).toMatch(
      /declare the parameter 'org' \(type: org\)/,
    );
  });

  test('every cross-check problem comes at once, in file order, in the message too', () => {
    const text = edit('id: tell', 'id: check').replace('default: production', 'default: 7');
    let error: YamlValidationError | undefined;
    try {
      parseRunbook(text, 'runbooks/x.yaml');
    } catch (err) {
      error = err as YamlValidationError;
    }
    expect(error?.issues.map((i) => i.field)).toEqual(['parameters.org.default', 'phases[1].steps[1].id']);
    expect(error?.message).toContain(
      `runbooks/x.yaml:${lineOf(text, 'default: 7')}:14 parameters.org.default: `,
    );
    expect(error?.message).toContain(
      `runbooks/x.yaml:${lineOf(text, 'id: check', 1)}:13 phases[1].steps[1].id: `,
    );
  });

  test('YAML syntax errors are reported with their line', () => {
    const issues = issuesOf(edit('title: Contain', 'title: [Contain'));
    expect(issues[0].field).toBe('(yaml)');
    expect(issues[0].line).toBeGreaterThan(0);
  });
});

describe('validateRunbookObject', () => {
  test('applies the same checks to an object and names the fields', () => {
    const valid = parseRunbook(BASE, 'rb.yaml');
    expect(validateRunbookObject(JSON.parse(JSON.stringify(valid)), 'request')).toEqual(valid);
    const broken = structuredClone(valid);
    broken.phases[0].steps[1].reversible = true;
    expect(() => validateRunbookObject(broken, 'runbook in request')).toThrow(RunbookValidationError);
    expect(() => validateRunbookObject(broken, 'runbook in request')).toThrow(
      /runbook in request phases\[0\]\.steps\[1\]\.reversible: salesforce\.endSessions is irreversible/,
    );
    try {
      validateRunbookObject({ ...valid, version: 0 }, 'obj');
    } catch (err) {
      expect(err).toMatchObject({ code: 'RUNBOOK_INVALID', label: 'obj', issues: [{ field: 'version' }] });
    }
    expect.assertions(4);
  });
});
