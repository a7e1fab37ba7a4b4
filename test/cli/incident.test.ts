import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { startSimulator, type Simulator } from '../../simulator';
import type { IncidentStatus } from '../../workflows/incident';
import { cliEnv, runCli, startCli } from '../support/cli';
import { PHI_SCENARIO } from '../support/simulator';
import { tempDir } from '../support/temporal';

let sim: Simulator;
let worker: ChildProcess;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  sim = await startSimulator({ scenarioFile: PHI_SCENARIO });
  const dir = tempDir('incident-cli');
  const c = sim.credentials;
  const orgs = path.join(dir, 'orgs.yaml');
  fs.writeFileSync(
    orgs,
    `orgs:\n  - name: sim\n    loginUrl: ${sim.url}\n    auth: { type: password, clientId: ${c.clientId}, clientSecret: ${c.clientSecret}, username: ${c.username}, password: ${c.password} }\n`,
  );
  env = cliEnv(dir, {
    TOURNIQUET_SALESFORCE_ORGS: orgs,
    TOURNIQUET_EMBEDDED_UI: 'false',
    TOURNIQUET_LOG_LEVEL: 'WARN',
  });
  ({ child: worker } = await startCli(['worker'], env, /polling task queue/));
});
afterAll(async () => {
  worker?.kill('SIGTERM');
  await new Promise((r) => worker?.once('exit', r));
  await sim?.close();
});

async function status(id: string): Promise<IncidentStatus> {
  const out = await runCli(['status', id, '--json'], env);
  expect(out.code).toBe(0);
  return JSON.parse(out.stdout) as IncidentStatus;
}

test('declare → complete → approve → refusal → log → verify → abort, through the tourniquet command', async () => {
  const declared = await runCli(
    [
      'declare',
      '--runbook',
      'phi-exfiltration-salesforce',
      '--param',
      'org=sim',
      '--param',
      'compromisedUsers=usernames:m.chen@stelsewhere-health.org,j.alvarez@stelsewhere-health.org',
      '--dry-run',
      '--discovered',
      '2026-03-10T19:05:00Z',
      '--as',
      'ic.dana',
    ],
    env,
  );
  expect(declared.stderr).toBe('');
  const id = declared.stdout.trim();
  expect(id).toMatch(/^INC-\d{8}-[0-9A-Z]{6}$/);
  expect((await status(id)).discoveredAt).toBe(Date.parse('2026-03-10T19:05:00Z'));

  expect(
    (
      await runCli(
        ['complete', id, 'confirm-indicators', '--as', 'ic.dana', '--note', 'SIEM alert 4411 confirmed'],
        env,
      )
    ).code,
  ).toBe(0);
  expect(
    (
      await runCli(
        ['complete', id, 'preserve-evidence', '--as', 'ic.dana', '--note', 'EventLogFiles exported'],
        env,
      )
    ).code,
  ).toBe(0);
  for (
    let i = 0;
    i < 100 && (await status(id)).steps.find((s) => s.id === 'freeze-users')!.state !== 'awaiting-approval';
    i++
  )
    await new Promise((r) => setTimeout(r, 100));

  const refused = await runCli(['approve', id, 'freeze-users', '--as', 'audit.liam'], env);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/lacks the role for this: needs approver[\s\S]*code REFUSED_ROLE_REQUIRED/);
  const approved = await runCli(['approve', id, 'freeze-users', '--as', 'sec.sam', '--comment', 'go'], env);
  expect(approved.code).toBe(0);
  expect(approved.stdout).toMatch(/approved by sec\.sam/);

  const logFile = path.join(tempDir('incident-log'), 'log.json');
  expect((await runCli(['log', id, '--out', logFile], env)).code).toBe(0);
  const verified = await runCli(['timeline', 'verify', logFile], env);
  expect(verified.code).toBe(0);
  expect(verified.stdout).toMatch(/intact — \d+ entries, root hash [0-9a-f]{64}/);
  const exported = JSON.parse(fs.readFileSync(logFile, 'utf8')) as {
    entries: Array<{ data: Record<string, unknown> }>;
  };
  exported.entries[1].data.note = 'rewritten afterwards';
  fs.writeFileSync(logFile, JSON.stringify(exported));
  const broken = await runCli(['timeline', 'verify', logFile], env);
  expect(broken.code).toBe(1);
  expect(broken.stdout).toMatch(
    /BROKEN at entry 2 \(seq 2, step-started\): hash [0-9a-f]{64} does not match its content/,
  );

  expect((await runCli(['abort', id, '--as', 'ic.dana', '--reason', 'tabletop over'], env)).code).toBe(0);
  const again = await runCli(['approve', id, 'end-sessions', '--as', 'sec.sam'], env);
  expect(again.code).toBe(1);
  expect(again.stderr).toMatch(/is (aborted|closed)/);
});

test('declare refuses bad parameters and non-commanders with the field and the fix', async () => {
  const badParam = await runCli(
    [
      'declare',
      '--runbook',
      'phi-exfiltration-salesforce',
      '--param',
      "compromisedUsers=usernames:x' OR Username != '",
      '--as',
      'ic.dana',
    ],
    env,
  );
  expect(badParam.code).toBe(1);
  expect(badParam.stderr).toMatch(/compromisedUsers/);
  const notCommander = await runCli(
    [
      'declare',
      '--runbook',
      'phi-exfiltration-salesforce',
      '--param',
      'org=sim',
      '--param',
      'compromisedUsers=usernames:m.chen@stelsewhere-health.org',
      '--as',
      'sec.sam',
    ],
    env,
  );
  expect(notCommander.code).toBe(1);
  expect(notCommander.stderr).toMatch(
    /sec\.sam may not declare incidents: only actors with the commander role/,
  );
});
