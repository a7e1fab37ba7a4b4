import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { resolveTemporalBinary } from '../../worker/temporal-binaries';

/**
 * Runs once before all test files: resolves the Temporal binaries (failing fast with the resolver's
 * instructions when none is installed) and exports their paths to the test workers; builds dist/ so tests
 * that run the `tourniquet` command run the current code.
 */
export default function globalSetup(): void {
  for (const kind of ['cli', 'test-server'] as const) {
    const resolved = resolveTemporalBinary(kind, { allowSdkDownload: false });
    if (resolved.source !== 'sdk-download') {
      process.env[kind === 'cli' ? 'TEMPORAL_CLI_PATH' : 'TEMPORAL_TEST_SERVER_PATH'] = resolved.path;
    }
  }
  const root = path.resolve(__dirname, '..', '..');
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}
