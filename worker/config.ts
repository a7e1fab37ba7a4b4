import * as path from 'node:path';
import { loadClientConfigProfile, toClientOptions } from '@temporalio/envconfig';
import type { NativeConnectionOptions } from '@temporalio/worker';
import { z } from 'zod';
import { ConfigError } from '../domain/errors';
import { incidentModeSchema, type IncidentMode } from '../domain/mode';
import { formatZodIssues } from '../domain/zod-issues';

/** The most a worker may write: `dry-run` and `tabletop` workers never change an org, whatever an incident asks. */
export type WorkerMode = IncidentMode;

/** One AES-256 key of the payload codec's key ring. */
export interface CodecKey {
  id: string;
  key: Buffer;
}

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

const codecKeysSchema = z.string().transform((raw, ctx): CodecKey[] => {
  const keys: CodecKey[] = [];
  for (const [index, entry] of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .entries()) {
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon) : '';
    const key = Buffer.from(colon > 0 ? entry.slice(colon + 1) : '', 'base64');
    if (!KEY_ID.test(id)) {
      ctx.addIssue({
        code: 'custom',
        message: `entry ${index + 1} must be KEYID:BASE64KEY with a key id of letters, digits, '.', '_' or '-'`,
      });
    } else if (key.length !== 32) {
      ctx.addIssue({
        code: 'custom',
        message: `key '${id}' must be 32 bytes base64-encoded (got ${key.length}); make one with: openssl rand -base64 32`,
      });
    } else if (keys.some((k) => k.id === id)) {
      ctx.addIssue({ code: 'custom', message: `key id '${id}' appears twice` });
    } else {
      keys.push({ id, key });
    }
  }
  if (keys.length === 0 && ctx.issues.length === 0) ctx.addIssue({ code: 'custom', message: 'lists no key' });
  return keys;
});

const envSchema = z.object({
  TOURNIQUET_DATA_DIR: z.string().min(1).default('.tourniquet'),
  TOURNIQUET_TASK_QUEUE: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,200}$/, "use letters, digits, '.', '_' or '-'")
    .default('tourniquet'),
  TOURNIQUET_MODE: incidentModeSchema.default('live'),
  TOURNIQUET_CODEC_KEYS: codecKeysSchema.optional(),
  TOURNIQUET_CODEC_KEY_ID: z
    .string()
    .regex(KEY_ID, 'must be one of the key ids in TOURNIQUET_CODEC_KEYS')
    .optional(),
  TOURNIQUET_SALESFORCE_ORGS: z.string().min(1).optional(),
  TOURNIQUET_EMBEDDED_UI: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
});

/** Everything a Tourniquet process needs to reach Temporal and find its data; see the README's configuration table. */
export interface TourniquetConfig {
  temporal: {
    /** Absent: no Temporal configured, so the embedded dev server is used. */
    address?: string;
    namespace: string;
    connection: Omit<NativeConnectionOptions, 'address'>;
  };
  taskQueue: string;
  /** Absolute path of the data folder (embedded server database, keys, evidence). */
  dataDir: string;
  mode: WorkerMode;
  embeddedUi: boolean;
  /** Path of the Salesforce orgs YAML (TOURNIQUET_SALESFORCE_ORGS), absolute. */
  salesforceOrgsFile?: string;
  codec: {
    /** Keys from TOURNIQUET_CODEC_KEYS; absent means "use the data folder's key ring". */
    keys?: CodecKey[];
    currentKeyId?: string;
  };
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

/**
 * Reads and validates configuration from the environment. Temporal connection settings follow Temporal's
 * environment-configuration conventions (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS*,
 * TEMPORAL_PROFILE, TEMPORAL_CONFIG_FILE) through @temporalio/envconfig.
 * @throws ConfigError naming every bad variable and what it expects.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): TourniquetConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      `Invalid configuration:\n${formatZodIssues(parsed.error, (p) => String(p[0] ?? '(env)'))}`,
    );
  }
  const vars = parsed.data;

  let profile;
  try {
    profile = loadClientConfigProfile({ overrideEnvVars: stringEnv(env) });
  } catch (cause) {
    throw new ConfigError(
      `Cannot load Temporal client configuration (TEMPORAL_CONFIG_FILE / TEMPORAL_PROFILE / TEMPORAL_*): ${(cause as Error).message}`,
      { cause },
    );
  }
  if (profile.address !== undefined && !/^[^\s:]+:\d{1,5}$/.test(profile.address)) {
    throw new ConfigError(
      `Invalid configuration:\nTEMPORAL_ADDRESS: expected host:port (e.g. my-ns.a1b2c.tmprl.cloud:7233), got '${profile.address}'`,
    );
  }
  let connectOptions;
  try {
    connectOptions = toClientOptions(profile);
  } catch (cause) {
    throw new ConfigError(`Cannot read Temporal TLS files (TEMPORAL_TLS_*): ${(cause as Error).message}`, {
      cause,
    });
  }
  const { address, ...connection } = connectOptions.connectionOptions;

  const keys = vars.TOURNIQUET_CODEC_KEYS;
  const currentKeyId = vars.TOURNIQUET_CODEC_KEY_ID ?? keys?.[0]?.id;
  if (keys && currentKeyId && !keys.some((k) => k.id === currentKeyId)) {
    throw new ConfigError(
      `Invalid configuration:\nTOURNIQUET_CODEC_KEY_ID: '${currentKeyId}' is not among the keys in TOURNIQUET_CODEC_KEYS (${keys.map((k) => k.id).join(', ')})`,
    );
  }
  if (vars.TOURNIQUET_CODEC_KEY_ID && !keys) {
    throw new ConfigError(
      'Invalid configuration:\nTOURNIQUET_CODEC_KEY_ID: set only together with TOURNIQUET_CODEC_KEYS',
    );
  }

  return {
    temporal: { address, namespace: connectOptions.namespace ?? 'default', connection },
    taskQueue: vars.TOURNIQUET_TASK_QUEUE,
    dataDir: path.resolve(cwd, vars.TOURNIQUET_DATA_DIR),
    mode: vars.TOURNIQUET_MODE,
    embeddedUi: vars.TOURNIQUET_EMBEDDED_UI,
    salesforceOrgsFile: vars.TOURNIQUET_SALESFORCE_ORGS
      ? path.resolve(cwd, vars.TOURNIQUET_SALESFORCE_ORGS)
      : undefined,
    codec: { keys, currentKeyId },
  };
}
