import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../domain/errors';
import { formatZodIssues } from '../domain/zod-issues';
import { AesGcmPayloadCodec } from './codec';
import type { CodecKey, TourniquetConfig } from './config';

/** File name of the generated key ring inside the data folder. */
export const KEYRING_FILE = 'codec-keys.json';

const keyringSchema = z.object({
  current: z.string().min(1),
  keys: z
    .array(z.object({ id: z.string().min(1), key: z.string().min(1), createdAt: z.string() }))
    .min(1, 'must list at least one key'),
});

/** Where the codec's keys came from, for `doctor`. */
export type KeySource = 'env' | 'data-folder' | 'generated';

function readKeyring(file: string): { keys: CodecKey[]; current: string } {
  const mode = fs.statSync(file).mode & 0o777;
  if (mode & 0o077) {
    throw new ConfigError(
      `${file} is readable by other users (mode ${mode.toString(8)}); run: chmod 600 ${file}`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new ConfigError(`${file} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
  const parsed = keyringSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`${file} is malformed:\n${formatZodIssues(parsed.error)}`);
  const keys = parsed.data.keys.map((k) => ({ id: k.id, key: Buffer.from(k.key, 'base64') }));
  return { keys, current: parsed.data.current };
}

function generateKeyring(file: string): { keys: CodecKey[]; current: string } {
  const id = `local-${new Date().toISOString().slice(0, 10)}`;
  const key = randomBytes(32);
  const body = {
    current: id,
    keys: [{ id, key: key.toString('base64'), createdAt: new Date().toISOString() }],
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    // 'wx': never overwrite a key ring another process just wrote; losing a key loses the payloads it encrypted.
    fs.writeFileSync(file, JSON.stringify(body, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readKeyring(file);
    throw err;
  }
  return { keys: [{ id, key }], current: id };
}

/**
 * Builds the payload codec every client and worker uses. Keys come from TOURNIQUET_CODEC_KEYS; otherwise from
 * the data folder's key ring; with the embedded server, a key ring is generated once (mode 0600). Against a
 * shared cluster without configured keys this refuses: workers and clients on other machines could not decrypt.
 */
export function loadPayloadCodec(
  config: TourniquetConfig,
  embedded: boolean,
): { codec: AesGcmPayloadCodec; currentKeyId: string; source: KeySource } {
  if (config.codec.keys) {
    const currentKeyId = config.codec.currentKeyId ?? config.codec.keys[0].id;
    return { codec: new AesGcmPayloadCodec(config.codec.keys, currentKeyId), currentKeyId, source: 'env' };
  }
  const file = path.join(config.dataDir, KEYRING_FILE);
  if (fs.existsSync(file)) {
    const { keys, current } = readKeyring(file);
    return { codec: new AesGcmPayloadCodec(keys, current), currentKeyId: current, source: 'data-folder' };
  }
  if (!embedded) {
    throw new ConfigError(
      'TOURNIQUET_CODEC_KEYS is required with a configured TEMPORAL_ADDRESS: every worker and client must share the payload ' +
        'encryption keys. Set TOURNIQUET_CODEC_KEYS=<id>:<base64 32-byte key> (make a key with: openssl rand -base64 32).',
    );
  }
  const { keys, current } = generateKeyring(file);
  return { codec: new AesGcmPayloadCodec(keys, current), currentKeyId: current, source: 'generated' };
}
