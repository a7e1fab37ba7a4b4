import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DoctorReport } from '../../cli/commands/doctor';
import { SERVER_STATE_FILE, type EmbeddedServerInfo } from '../../worker/embedded-server';
import { cliEnv, runCli, startCli } from '../support/cli';
import { tempDir } from '../support/temporal';

test('`tourniquet worker` starts the embedded server, other commands find it, and SIGTERM stops both gracefully', async () => {
  const dataDir = tempDir('worker-cli');
  const env = cliEnv(dataDir, { TOURNIQUET_EMBEDDED_UI: 'false' });
  const { child, output } = await startCli(['worker'], env, /polling task queue 'tourniquet'/);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const state = JSON.parse(
      fs.readFileSync(path.join(dataDir, SERVER_STATE_FILE), 'utf8'),
    ) as EmbeddedServerInfo;

    // Another process finds the running server through the data folder, without configuration.
    const doctor = JSON.parse((await runCli(['doctor', '--json'], env)).stdout) as DoctorReport;
    expect(doctor.temporal).toMatchObject({
      ok: true,
      address: state.address,
      startedEmbedded: false,
      workerPollers: 1,
    });

    const roundtrip = await runCli(['roundtrip', '--json', '--as', 'ic-alice'], env);
    expect(roundtrip.code).toBe(0);
    const result = JSON.parse(roundtrip.stdout) as {
      address: string;
      final: { state: string; closedBy: { id: string } };
    };
    expect(result.address).toBe(state.address);
    expect(result.final).toMatchObject({ state: 'closed', closedBy: { id: 'ic-alice' } });

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output()).toContain('tourniquet worker: stopped');
    expect(fs.existsSync(path.join(dataDir, SERVER_STATE_FILE))).toBe(false);
    expect(() => process.kill(state.pid, 0)).toThrow();
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
