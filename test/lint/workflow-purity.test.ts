import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

/**
 * Lints each source as if it were a file in workflows/, with the project's real ESLint config, in one ESLint
 * run (a child process: the flat config is an ES module, which jest's VM cannot import).
 */
function lintAsWorkflows(sources: string[]): string[][] {
  const files = sources.map((source) => {
    const file = path.join(root, 'workflows', `__lint_probe_${randomBytes(4).toString('hex')}.ts`);
    fs.writeFileSync(file, source);
    return file;
  });
  try {
    const run = spawnSync(
      process.execPath,
      [path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--format', 'json', ...files],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    const results = JSON.parse(run.stdout) as Array<{
      filePath: string;
      messages: Array<{ ruleId: string; message: string }>;
    }>;
    return files.map((file) =>
      results.find((r) => r.filePath === file)!.messages.map((m) => `${m.ruleId}: ${m.message}`),
    );
  } finally {
    for (const file of files) fs.rmSync(file, { force: true });
  }
}

test('workflow code may not import Node built-ins, reach activities by value, or leave promises floating; clean code passes', () => {
  const [bad, good] = lintAsWorkflows([
    [
      "import * as fs from 'node:fs';",
      "import { createHash } from 'crypto';",
      "import { createActivities } from '../activities';",
      'export async function bad(): Promise<void> {',
      '  Promise.resolve(fs.existsSync(createHash("sha256").digest("hex")));',
      '  await Promise.resolve(createActivities);',
      '}',
      '',
    ].join('\n'),
    [
      "import { sleep } from '@temporalio/workflow';",
      "import type { Activities } from '../activities';",
      'export async function good(_a?: Activities): Promise<void> {',
      "  await sleep('1 second');",
      '}',
      '',
    ].join('\n'),
  ]);
  expect(bad).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/no-restricted-imports: 'node:fs' import is restricted.*deterministic/),
      expect.stringMatching(/no-restricted-imports: 'crypto' import is restricted/),
      expect.stringMatching(/no-restricted-imports: .*import type/),
      expect.stringMatching(/no-floating-promises/),
    ]),
  );
  expect(good).toEqual([]);
});
