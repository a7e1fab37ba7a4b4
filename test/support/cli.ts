import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

/** The `tourniquet` command as installed (bin/tourniquet.js → dist/, built by the global setup). */
export const BIN = path.resolve(__dirname, '..', '..', 'bin', 'tourniquet.js');

/** Environment for a CLI run isolated from the developer's own: its own data folder, no Temporal config file. */
export function cliEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TOURNIQUET_DATA_DIR: dataDir,
    TEMPORAL_CONFIG_FILE: '/nonexistent/temporal.toml',
    ...extra,
  };
  for (const name of [
    'TEMPORAL_ADDRESS',
    'TEMPORAL_NAMESPACE',
    'TEMPORAL_API_KEY',
    'TOURNIQUET_CODEC_KEYS',
  ]) {
    if (!(name in extra)) delete env[name];
  }
  return env;
}

/** Runs `tourniquet ARGS` to completion. */
export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `tourniquet ARGS` and resolves once its stdout matches `ready`. */
export function startCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
): Promise<{ child: ChildProcess; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env });
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      if (ready.test(out)) resolve({ child, output: () => out });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) =>
      reject(new Error(`tourniquet ${args.join(' ')} exited with ${code} before ready:\n${out}`)),
    );
  });
}
