import { Connection } from 'jsforce';
import { PHI_SCENARIO } from '../support/simulator';
import { cliEnv, startCli } from '../support/cli';
import { tempDir } from '../support/temporal';

test('`tourniquet simulator` starts from the shipped scenario, prints working credentials, and stops on SIGTERM', async () => {
  const { child, output } = await startCli(
    ['simulator', '--scenario', PHI_SCENARIO],
    cliEnv(tempDir('sim-cli')),
    /client secret: .+\n/,
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const field = (name: string) => new RegExp(`${name}:\\s+(\\S+)`).exec(output())![1];
    const url = /listening at (\S+)/.exec(output())![1];
    const conn = new Connection({
      loginUrl: url,
      oauth2: { loginUrl: url, clientId: field('client id'), clientSecret: field('client secret') },
    });
    await conn.login(field('username'), field('password'));
    const result = await conn.query<{ Name: string }>(
      "SELECT Name FROM PermissionSet WHERE Name = 'PHI_Full_Access'",
    );
    expect(result.records.map((r) => r.Name)).toEqual(['PHI_Full_Access']);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
