import { parseRunbook } from '../../../domain/runbook/validate';
import { YamlValidationError, type YamlIssue } from '../../../domain/yaml-document';

/** A small valid runbook; tests break it with `edit` and look for the problem on the edited line. */
export const BASE = `name: test-runbook
version: 1
description: A small runbook for tests.
parameters:
  org:
    type: org
    description: The org.
    default: production
  users:
    type: userTargets
    description: Compromised users.
phases:
  - id: contain
    title: Contain
    steps:
      - id: freeze
        title: Freeze
        action: salesforce.freezeUsers
        inputs:
          org: { param: org }
          targets: { param: users }
        approval: { policy: one, role: approver }
        reversible: true
      - id: end-sessions
        title: End sessions
        action: salesforce.endSessions
        inputs:
          org: { param: org }
          targets: { step: freeze, output: userIds }
        approval: { policy: two-person, role: approver }
        timeout: 1h
        escalation: { after: 15m, notify: [commander] }
        reversible: false
  - id: wrap-up
    title: Wrap up
    steps:
      - id: check
        title: Check
        action: manual
        instructions: Check it.
        reversible: false
      - id: tell
        title: Tell
        action: notify
        inputs:
          message: { value: 'Incident {{incidentId}} contained.' }
        reversible: false
`;

/** `BASE` with the `nth` (0-based) occurrence of `from` replaced by `to`; fails loudly when `from` is absent. */
export function edit(from: string, to: string, text = BASE, nth = 0): string {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(from, at + 1);
    if (at < 0) throw new Error(`fixture has no occurrence ${nth} of ${JSON.stringify(from)}`);
  }
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** 1-based line of the `nth` occurrence of `needle` in `text`. */
export function lineOf(text: string, needle: string, nth = 0): number {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`no occurrence ${nth} of ${JSON.stringify(needle)}`);
  }
  return text.slice(0, at).split('\n').length;
}

/** The issues `parseRunbook` reports for `text` (which must be invalid), checking the error's class and code. */
export function issuesOf(text: string, file = 'rb.yaml'): YamlIssue[] {
  try {
    parseRunbook(text, file);
  } catch (err) {
    expect(err).toBeInstanceOf(YamlValidationError);
    expect((err as YamlValidationError).code).toBe('RUNBOOK_INVALID');
    expect((err as YamlValidationError).file).toBe(file);
    return (err as YamlValidationError).issues;
  }
  throw new Error('expected the runbook to be invalid');
}

/** The one issue about `field`. */
export function issueAt(issues: YamlIssue[], field: string): YamlIssue {
  const found = issues.filter((i) => i.field === field);
  if (found.length !== 1)
    throw new Error(`expected one issue at ${field}, got: ${JSON.stringify(issues, null, 2)}`);
  return found[0];
}
