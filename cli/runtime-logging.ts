import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';

const LEVELS: readonly LogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];

/**
 * Sets the Temporal SDK's log level for this process: TOURNIQUET_LOG_LEVEL when set, else `fallback`
 * (INFO for the long-running worker, WARN for one-shot commands whose output is read by a person).
 */
export function installRuntimeLogging(fallback: LogLevel, env: NodeJS.ProcessEnv = process.env): void {
  const wanted = env.TOURNIQUET_LOG_LEVEL?.toUpperCase();
  const level = LEVELS.find((l) => l === wanted) ?? fallback;
  Runtime.install({ logger: new DefaultLogger(level) });
}
