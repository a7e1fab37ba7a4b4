import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadScenarioFile, parseScenario, ScenarioError } from '../../simulator';
import { PHI_SCENARIO } from './helpers';

function errorOf(fn: () => unknown): ScenarioError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ScenarioError) return e;
    throw e;
  }
  throw new Error('expected a ScenarioError');
}

const BASE = `org:
  name: Test
admin:
  username: admin@x.example
  password: pw
  connectedApp: Tourniquet
connectedApps:
  - name: Tourniquet
    consumerKey: ck
    consumerSecret: cs
users:
  - username: admin@x.example
    lastName: Admin
`;

describe('simulator: scenario files', () => {
  it('loads the shipped PHI exfiltration scenario', () => {
    const s = loadScenarioFile(PHI_SCENARIO);
    expect(s.users.length).toBeGreaterThanOrEqual(20);
    expect(s.eventLogFiles.map((e) => e.eventType)).toContain('ReportExport');
    expect(s.tokens.some((t) => t.app === 'MedSync Analytics')).toBe(true);
  });

  it('names file, line, column and field for a schema error', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sim-scenario-'));
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, `${BASE}  - username: not-an-email\n    lastName: Broken\n`);
    const err = errorOf(() => loadScenarioFile(file));
    expect(err.code).toBe('SCENARIO_INVALID');
    expect(err.issues[0]).toMatchObject({ field: 'users[1].username', line: 14, column: 15 });
    expect(err.message).toContain(`${file}:14:15: users[1].username`);
    expect(err.message).toContain('users[1].username: expected a Salesforce username');
  });

  it('reports cross-reference problems at the referring field', () => {
    const text = `${BASE}sessions:\n  - user: ghost@x.example\n    sourceIp: 10.0.0.1\n    createdDate: 2026-03-10T19:00:00Z\n`;
    const err = errorOf(() => parseScenario(text, 'inline.yaml'));
    expect(err.issues).toEqual([
      {
        field: 'sessions[0].user',
        line: 15,
        column: 11,
        message: 'unknown user ghost@x.example: list it under users',
      },
    ]);
  });

  it('reports wrong types, unknown keys and bad datetimes, each with its line', () => {
    const text = `${BASE}    active: maybe\n    favouriteColour: blue\nloginHistory:\n  - user: admin@x.example\n    loginTime: yesterday\n    sourceIp: 10.0.0.1\n`;
    const err = errorOf(() => parseScenario(text, 'x.yaml'));
    const byField = Object.fromEntries(err.issues.map((i) => [i.field, i.line]));
    expect(byField['users[0].active']).toBe(14);
    expect(byField['users[0].favouriteColour']).toBe(15);
    expect(byField['loginHistory[0].loginTime']).toBe(18);
  });

  it('reports YAML syntax errors with their line', () => {
    const err = errorOf(() => parseScenario(`${BASE}  - username: [unclosed\n`, 'syntax.yaml'));
    expect(err.issues[0]?.field).toBe('(yaml)');
    expect(err.issues[0]?.line).toBeGreaterThanOrEqual(15);
  });

  it('names the file when it cannot be read', () => {
    const err = errorOf(() => loadScenarioFile('/nonexistent/scenario.yaml'));
    expect(err.message).toContain('/nonexistent/scenario.yaml');
  });
});
