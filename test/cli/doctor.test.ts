import * as fs from 'node:fs';
import * as path from 'node:path';
import { SERVER_STATE_FILE } from '../../worker/embedded-server';
import type { DoctorReport } from '../../cli/commands/doctor';
import { cliEnv, runCli } from '../support/cli';
import { tempDir } from '../support/temporal';

test('`tourniquet doctor --json` starts the embedded server, reports ok, and stops it again', async () => {
  const dataDir = tempDir('doctor');
  const { code, stdout } = await runCli(['doctor', '--json'], cliEnv(dataDir));
  const report = JSON.parse(stdout) as DoctorReport;
  expect(code).toBe(0);
  expect(report.ok).toBe(true);
  expect(report.temporal).toMatchObject({
    ok: true,
    embedded: true,
    startedEmbedded: true,
    namespace: 'default',
    taskQueue: 'tourniquet',
    workerPollers: 0,
  });
  expect(report.temporal.address).toMatch(/^127\.0\.0\.1:\d+$/);
  expect(report.temporal.codec).toMatchObject({ source: 'generated' });
  expect(report.salesforce.configured).toBe(false);
  expect(report.slack).toEqual({
    configured: false,
    detail: 'not set: SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET',
  });
  expect(fs.existsSync(path.join(dataDir, SERVER_STATE_FILE))).toBe(false);
  expect(fs.existsSync(path.join(dataDir, 'temporal.db'))).toBe(true);
});

test('doctor exits non-zero with a precise reason when the configured Temporal is unreachable', async () => {
  const key = Buffer.alloc(32, 3).toString('base64');
  const env = cliEnv(tempDir('doctor-down'), {
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    TOURNIQUET_CODEC_KEYS: `k:${key}`,
    SLACK_BOT_TOKEN: 'xoxb-1',
    SLACK_SIGNING_SECRET: 's',
  });
  const { code, stdout } = await runCli(['doctor', '--json'], env);
  const report = JSON.parse(stdout) as DoctorReport;
  expect(code).toBe(1);
  expect(report.ok).toBe(false);
  expect(report.temporal).toMatchObject({ ok: false, embedded: false, address: '127.0.0.1:1' });
  expect(report.problems[0]).toMatch(/^Temporal: /);
  expect(report.slack.configured).toBe(true);
});

test('a bad setting is reported naming the variable, with exit code 1', async () => {
  const { code, stdout } = await runCli(
    ['doctor'],
    cliEnv(tempDir('doctor-bad'), { TOURNIQUET_MODE: 'yolo' }),
  );
  expect(code).toBe(1);
  expect(stdout).toMatch(/\[FAIL\] Temporal: Invalid configuration:\nTOURNIQUET_MODE/);
});
