import * as path from 'node:path';
import { loadConfig } from '../../worker/config';
import { ConfigError } from '../../domain/errors';

// A config file path that does not exist keeps a developer's ~/.config/temporalio/temporal.toml out of the tests.
const base = { TEMPORAL_CONFIG_FILE: '/nonexistent/temporal.toml' };
const key = (byte: number) => Buffer.alloc(32, byte).toString('base64');

test('defaults: embedded Temporal, namespace default, task queue tourniquet, data folder .tourniquet under cwd', () => {
  const config = loadConfig(base, '/srv/app');
  expect(config.temporal.address).toBeUndefined();
  expect(config.temporal.namespace).toBe('default');
  expect(config.taskQueue).toBe('tourniquet');
  expect(config.dataDir).toBe(path.join('/srv/app', '.tourniquet'));
  expect(config.mode).toBe('live');
  expect(config.embeddedUi).toBe(true);
  expect(config.codec.keys).toBeUndefined();
});

test('Temporal Cloud style settings follow the envconfig conventions (API key turns TLS on)', () => {
  const config = loadConfig({
    ...base,
    TEMPORAL_ADDRESS: 'prod.a1b2c.tmprl.cloud:7233',
    TEMPORAL_NAMESPACE: 'prod.a1b2c',
    TEMPORAL_API_KEY: 'secret',
  });
  expect(config.temporal).toMatchObject({ address: 'prod.a1b2c.tmprl.cloud:7233', namespace: 'prod.a1b2c' });
  expect(config.temporal.connection).toMatchObject({ apiKey: 'secret', tls: true });
});

test('codec keys: the first is current unless TOURNIQUET_CODEC_KEY_ID picks another', () => {
  const config = loadConfig({ ...base, TOURNIQUET_CODEC_KEYS: `new:${key(1)}, old:${key(2)}` });
  expect(config.codec.keys?.map((k) => k.id)).toEqual(['new', 'old']);
  expect(config.codec.currentKeyId).toBe('new');
  expect(
    loadConfig({
      ...base,
      TOURNIQUET_CODEC_KEYS: `new:${key(1)},old:${key(2)}`,
      TOURNIQUET_CODEC_KEY_ID: 'old',
    }).codec.currentKeyId,
  ).toBe('old');
});

test.each([
  [{ TEMPORAL_ADDRESS: 'no-port-here' }, /TEMPORAL_ADDRESS: expected host:port/],
  [{ TOURNIQUET_MODE: 'yolo' }, /TOURNIQUET_MODE: .*live.*dry-run.*tabletop/],
  [{ TOURNIQUET_TASK_QUEUE: 'bad queue!' }, /TOURNIQUET_TASK_QUEUE: use letters/],
  [
    { TOURNIQUET_CODEC_KEYS: `k1:${Buffer.alloc(16).toString('base64')}` },
    /TOURNIQUET_CODEC_KEYS: key 'k1' must be 32 bytes.*openssl rand -base64 32/,
  ],
  [{ TOURNIQUET_CODEC_KEYS: 'no-colon' }, /TOURNIQUET_CODEC_KEYS: entry 1 must be KEYID:BASE64KEY/],
  [
    { TOURNIQUET_CODEC_KEYS: `a:${key(1)}`, TOURNIQUET_CODEC_KEY_ID: 'b' },
    /TOURNIQUET_CODEC_KEY_ID: 'b' is not among the keys/,
  ],
  [{ TOURNIQUET_CODEC_KEY_ID: 'b' }, /TOURNIQUET_CODEC_KEY_ID: set only together with TOURNIQUET_CODEC_KEYS/],
  [{ TOURNIQUET_EMBEDDED_UI: 'maybe' }, /TOURNIQUET_EMBEDDED_UI/],
])('%o is refused with an error naming the variable', (env, message) => {
  const attempt = () => loadConfig({ ...base, ...env });
  expect(attempt).toThrow(ConfigError);
  expect(attempt).toThrow(message);
});
