import { runSimulatorCli, ScenarioError } from '../../simulator';
import { adminConnection, PHI_SCENARIO } from './helpers';

describe('simulator: CLI entry function', () => {
  it('prints the URL and login credentials, and the printed credentials work', async () => {
    const lines: string[] = [];
    const sim = await runSimulatorCli({ scenario: PHI_SCENARIO, port: 0, print: (l) => lines.push(l) });
    try {
      const text = lines.join('\n');
      expect(text).toContain(sim.url);
      expect(text).toContain('admin@stelsewhere-health.org');
      expect(text).toContain(sim.credentials.password);
      expect(text).toContain(sim.credentials.clientId);
      const conn = await adminConnection(sim);
      expect((await conn.query('SELECT COUNT() FROM User')).totalSize).toBe(20);
    } finally {
      await sim.close();
    }
  });

  it('throws a ScenarioError for an unreadable scenario', async () => {
    await expect(
      runSimulatorCli({ scenario: '/nope/missing.yaml', print: () => undefined }),
    ).rejects.toBeInstanceOf(ScenarioError);
  });
});
