import type { ChildProcess } from 'node:child_process';
import { loadRoles } from '../../cli/roles-file';
import { loadConfig } from '../../worker/config';
import { openTemporalSession, type TemporalSession } from '../../worker/temporal-session';
import { deadlineWorkflow, deadlineWorkflowId } from '../../workflows/deadline';
import { cliEnv, runCli, startCli } from '../support/cli';
import { tempDir } from '../support/temporal';

let worker: ChildProcess;
let env: NodeJS.ProcessEnv;
let session: TemporalSession;

beforeAll(async () => {
  env = cliEnv(tempDir('deadline-cli'), { TOURNIQUET_EMBEDDED_UI: 'false', TOURNIQUET_LOG_LEVEL: 'WARN' });
  ({ child: worker } = await startCli(['worker'], env, /polling task queue/));
  session = await openTemporalSession(loadConfig(env), 'attach-only');
});
afterAll(async () => {
  await session?.close();
  worker?.kill('SIGTERM');
  await new Promise((r) => worker?.once('exit', r));
});

interface Shown {
  state: string;
  obligations: Array<{ id: string; status: string; due: string | null; citation: string }>;
  log: Array<{ type: string; actor: { id: string }; data: Record<string, unknown> }>;
}

async function shown(incident: string): Promise<Shown> {
  for (;;) {
    const r = await runCli(['deadlines', incident, '--json'], env);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    const parsed = JSON.parse(r.stdout) as Shown;
    if (parsed.state !== 'starting') return parsed;
  }
}

test('a live incident’s deadlines through the tourniquet command: show, counts, notice, delay, refusal, close', async () => {
  const incident = 'INC-20261204-CLIDL1';
  const config = loadConfig(env);
  const client = await session.client();
  await client.workflow.start(deadlineWorkflow, {
    workflowId: deadlineWorkflowId(incident),
    taskQueue: config.taskQueue,
    args: [
      {
        incidentId: incident,
        startedBy: { id: 'ic.dana', displayName: 'Dana', surface: 'cli' },
        roles: loadRoles(env).roles,
        facts: {
          discoveredAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
          timeZone: 'America/Chicago',
          entityType: 'covered-entity',
          affected: { total: 1 },
        },
      },
    ],
  });
  const first = await shown(incident);
  expect(first.state).toBe('tracking');
  expect(first.obligations.find((o) => o.id === 'hipaa-individuals')).toMatchObject({ status: 'pending' });

  const table = await runCli(['deadlines', incident], env);
  expect(table.stdout).toMatch(/deadline tracking tracking/);
  expect(table.stdout).toMatch(/45 CFR 164\.404/);
  expect(table.stdout).toMatch(/next reminders:/);

  // Crossing 500 Texans creates the media obligation for Texas.
  const counts = await runCli(
    ['affected', incident, '1200,TX=700', '--as', 'priv.ines', '--reason', 'export sized'],
    env,
  );
  expect(counts.code).toBe(0);
  expect((await shown(incident)).obligations.map((o) => o.id)).toEqual(
    expect.arrayContaining(['hipaa-media:TX']),
  );

  const bad = await runCli(['affected', incident, 'TX=lots', '--as', 'priv.ines'], env);
  expect(bad.code).not.toBe(0);
  expect(bad.stderr).toMatch(/COUNTS: "TX=lots" is not a count/);

  // An observer may not record decisions: the workflow refuses, naming the role needed.
  const refused = await runCli(
    ['notified', incident, 'hipaa-individuals', '--evidence', 'letters.pdf', '--as', 'audit.liam'],
    env,
  );
  expect(refused.code).not.toBe(0);
  expect(refused.stderr).toMatch(/needs legal or commander/);

  const notified = await runCli(
    ['notified', incident, 'hipaa-individuals', '--evidence', 'letters/batch-1.pdf', '--as', 'priv.ines'],
    env,
  );
  expect(notified.code).toBe(0);
  const delay = await runCli(
    [
      'delay',
      incident,
      '--form',
      'oral',
      '--note',
      'FBI field office, agent on record',
      '--as',
      'counsel.omar',
    ],
    env,
  );
  expect(delay.code).toBe(0);
  const after = await shown(incident);
  expect(after.obligations.find((o) => o.id === 'hipaa-individuals')?.status).toBe('met');
  expect(after.log.map((e) => e.type)).toEqual(
    expect.arrayContaining(['started', 'affected-changed', 'notified', 'law-enforcement-delay']),
  );

  const closed = await runCli(
    ['close-deadlines', incident, '--reason', 'all notices sent', '--as', 'counsel.omar'],
    env,
  );
  expect(closed.code).toBe(0);
  expect((await shown(incident)).state).toBe('closed');

  const none = await runCli(['deadlines', 'INC-20261204-NOSUCH'], env);
  expect(none.code).not.toBe(0);
  expect(none.stderr).toMatch(/has no deadline tracking/);
});
