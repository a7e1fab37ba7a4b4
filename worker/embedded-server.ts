import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { TourniquetError } from '../domain/errors';
import { freePort, isListening, isPortFree } from './ports';
import {
  resolveTemporalBinary,
  TemporalBinaryNotFoundError,
  type ResolvedTemporalBinary,
} from './temporal-binaries';

/** Written to the data folder while an embedded server runs, so other `tourniquet` processes find it. */
export const SERVER_STATE_FILE = 'temporal-server.json';
const PORTS_FILE = 'temporal-ports.json';
const LOCK_FILE = 'temporal-server.lock';

/** What a running embedded server's state file says. */
export interface EmbeddedServerInfo {
  address: string;
  namespace: string;
  uiUrl?: string;
  /** Process to watch for liveness (the server, or the owner when the SDK runs the server). */
  pid: number;
  dbFile: string;
  logFile: string;
  binary: string;
  startedAt: string;
}

/** A handle on an embedded server; `owned` handles stop it, attached ones leave it running. */
export interface EmbeddedServer {
  info: EmbeddedServerInfo;
  owned: boolean;
  /** Stops the server if this process started it; otherwise does nothing. */
  stop(): Promise<void>;
}

/** Options for {@link startEmbeddedServer} and {@link ensureEmbeddedServer}. */
export interface EmbeddedServerOptions {
  dataDir: string;
  namespace?: string;
  ui?: boolean;
  binary?: ResolvedTemporalBinary;
  /** How long to wait for the server to answer (default 60 s). */
  readyTimeoutMs?: number;
}

/** The embedded server did not start; the message points at its log. */
export class EmbeddedServerError extends TourniquetError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('EMBEDDED_SERVER_FAILED', message, options);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

function splitAddress(address: string): { host: string; port: number } {
  const i = address.lastIndexOf(':');
  return { host: address.slice(0, i), port: Number(address.slice(i + 1)) };
}

/** Returns the embedded server recorded in `dataDir` when its process is alive and its port answers. */
export async function findRunningEmbeddedServer(dataDir: string): Promise<EmbeddedServerInfo | undefined> {
  const info = readJson<EmbeddedServerInfo>(path.join(dataDir, SERVER_STATE_FILE));
  if (!info?.address || !info.pid || !isAlive(info.pid)) return undefined;
  const { host, port } = splitAddress(info.address);
  return (await isListening(host, port)) ? info : undefined;
}

async function waitUntilServing(
  address: string,
  namespace: string,
  timeoutMs: number,
  exited: () => string | undefined,
) {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const exit = exited();
    if (exit) throw new EmbeddedServerError(exit);
    const { host, port } = splitAddress(address);
    if (await isListening(host, port, 500)) {
      let connection: Connection | undefined;
      try {
        connection = await Connection.connect({ address, connectTimeout: 2000 });
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } catch (err) {
        lastError = err;
      } finally {
        await connection?.close();
      }
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new EmbeddedServerError(
    `Temporal dev server at ${address} did not answer within ${timeoutMs} ms` +
      (lastError ? ` (last error: ${(lastError as Error).message})` : ''),
  );
}

function tail(file: string, lines = 15): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function choosePorts(dataDir: string): Promise<{ port: number; uiPort: number }> {
  // Reuse the previous ports when free, so workers that outlived a server restart reconnect to the same address.
  const previous = readJson<{ port: number; uiPort: number }>(path.join(dataDir, PORTS_FILE));
  if (previous && (await isPortFree(previous.port)) && (await isPortFree(previous.uiPort))) return previous;
  const port = await freePort();
  let uiPort = await freePort();
  while (uiPort === port) uiPort = await freePort();
  return { port, uiPort };
}

function writeState(dataDir: string, info: EmbeddedServerInfo, ports: { port: number; uiPort: number }) {
  fs.writeFileSync(path.join(dataDir, PORTS_FILE), JSON.stringify(ports) + '\n');
  const tmp = path.join(dataDir, `${SERVER_STATE_FILE}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify(info, null, 2) + '\n');
  fs.renameSync(tmp, path.join(dataDir, SERVER_STATE_FILE));
}

function clearState(dataDir: string, pid: number) {
  const file = path.join(dataDir, SERVER_STATE_FILE);
  if (readJson<EmbeddedServerInfo>(file)?.pid === pid) fs.rmSync(file, { force: true });
}

/**
 * Starts `temporal server start-dev` on free loopback ports with its SQLite database in the data folder (so
 * workflows survive restarts), the Web UI on unless disabled, and logs in `<dataDir>/logs/temporal-server.log`.
 * The server is stopped by `stop()` and, as a last resort, when this process exits.
 */
export async function startEmbeddedServer(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
  const dataDir = options.dataDir;
  const namespace = options.namespace ?? 'default';
  const ui = options.ui ?? true;
  const binary = options.binary ?? resolveTemporalBinary('cli');
  fs.mkdirSync(path.join(dataDir, 'logs'), { recursive: true });
  const dbFile = path.join(dataDir, 'temporal.db');
  const logFile = path.join(dataDir, 'logs', 'temporal-server.log');
  const ports = await choosePorts(dataDir);
  const address = `127.0.0.1:${ports.port}`;
  const uiUrl = ui ? `http://127.0.0.1:${ports.uiPort}` : undefined;
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;

  if (binary.source === 'sdk-download')
    return startWithSdkDownload(options, { dbFile, logFile, ports, address, uiUrl });

  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(ports.port),
    '--db-filename',
    dbFile,
  ];
  args.push('--namespace', namespace, '--log-format', 'json', '--log-level', 'warn');
  args.push(...(ui ? ['--ui-port', String(ports.uiPort)] : ['--headless']));
  const log = fs.openSync(logFile, 'a');
  fs.writeSync(log, `\n=== ${new Date().toISOString()} starting: ${binary.path} ${args.join(' ')}\n`);
  let child: ChildProcess;
  try {
    // Own process group: a Ctrl-C aimed at us must not kill the server before our worker has drained.
    child = spawn(binary.path, args, { stdio: ['ignore', log, log], detached: true });
  } finally {
    fs.closeSync(log);
  }
  let exitReason: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitReason = `Temporal dev server exited (${signal ?? `code ${code}`}) before it was ready. Last log lines (${logFile}):\n${tail(logFile)}`;
      resolve();
    });
    child.once('error', (err) => {
      exitReason = `Cannot run ${binary.path}: ${err.message}`;
      resolve();
    });
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    clearState(dataDir, child.pid!);
  };

  try {
    await waitUntilServing(address, namespace, readyTimeoutMs, () => exitReason);
  } catch (err) {
    await stop();
    throw err;
  }
  const info: EmbeddedServerInfo = {
    address,
    namespace,
    uiUrl,
    pid: child.pid!,
    dbFile,
    logFile,
    binary: binary.path,
    startedAt: new Date().toISOString(),
  };
  writeState(dataDir, info, ports);
  return { info, owned: true, stop };
}

async function startWithSdkDownload(
  options: EmbeddedServerOptions,
  where: {
    dbFile: string;
    logFile: string;
    ports: { port: number; uiPort: number };
    address: string;
    uiUrl?: string;
  },
): Promise<EmbeddedServer> {
  let env: TestWorkflowEnvironment;
  try {
    env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'cached-download' },
        ip: '127.0.0.1',
        port: where.ports.port,
        dbFilename: where.dbFile,
        namespace: options.namespace ?? 'default',
        ...(where.uiUrl ? { ui: true, uiPort: where.ports.uiPort } : {}),
      },
    });
  } catch (cause) {
    throw new TemporalBinaryNotFoundError(
      'cli',
      `the SDK could not download it (${(cause as Error).message}).`,
      { cause },
    );
  }
  const info: EmbeddedServerInfo = {
    address: env.address,
    namespace: options.namespace ?? 'default',
    uiUrl: where.uiUrl,
    pid: process.pid,
    dbFile: where.dbFile,
    logFile: where.logFile,
    binary: 'sdk-download',
    startedAt: new Date().toISOString(),
  };
  writeState(options.dataDir, info, where.ports);
  return {
    info,
    owned: true,
    stop: async () => {
      await env.teardown();
      clearState(options.dataDir, process.pid);
    },
  };
}

/**
 * Attaches to the embedded server running for `dataDir`, or starts one. A lock file keeps two processes from
 * starting two servers on one database; a lock left by a dead process is taken over.
 */
export async function ensureEmbeddedServer(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
  fs.mkdirSync(options.dataDir, { recursive: true });
  const lockFile = path.join(options.dataDir, LOCK_FILE);
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000) + 5_000;
  for (;;) {
    const running = await findRunningEmbeddedServer(options.dataDir);
    if (running) return { info: running, owned: false, stop: async () => {} };
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(fs.readFileSync(lockFile, 'utf8'));
      if (!holder || !isAlive(holder)) fs.rmSync(lockFile, { force: true });
      else if (Date.now() > deadline) {
        throw new EmbeddedServerError(
          `Process ${holder} holds ${lockFile} and its server never became ready.`,
        );
      } else await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    try {
      return await startEmbeddedServer(options);
    } finally {
      fs.rmSync(lockFile, { force: true });
    }
  }
}
