import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../../domain/errors';
import { KEYRING_FILE, loadPayloadCodec } from '../../worker/codec-keyring';
import { loadConfig } from '../../worker/config';
import { tempDir } from '../support/temporal';

const base = { TEMPORAL_CONFIG_FILE: '/nonexistent/temporal.toml' };

test('embedded default: a key ring is generated once with mode 0600 and reused afterwards', async () => {
  const dataDir = tempDir('keyring');
  const config = loadConfig({ ...base, TOURNIQUET_DATA_DIR: dataDir });
  const first = loadPayloadCodec(config, true);
  expect(first.source).toBe('generated');
  const file = path.join(dataDir, KEYRING_FILE);
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);

  const second = loadPayloadCodec(config, true);
  expect(second.source).toBe('data-folder');
  expect(second.currentKeyId).toBe(first.currentKeyId);
  const [encrypted] = await first.codec.encode([{ metadata: {}, data: new Uint8Array([1, 2, 3]) }]);
  const [decrypted] = await second.codec.decode([encrypted]);
  expect([...decrypted.data!]).toEqual([1, 2, 3]);
});

test('a shared cluster without configured keys is refused with the fix', () => {
  const config = loadConfig({
    ...base,
    TOURNIQUET_DATA_DIR: tempDir('keyring-remote'),
    TEMPORAL_ADDRESS: 'temporal.internal:7233',
  });
  expect(() => loadPayloadCodec(config, false)).toThrow(ConfigError);
  expect(() => loadPayloadCodec(config, false)).toThrow(
    /TOURNIQUET_CODEC_KEYS is required.*openssl rand -base64 32/,
  );
});

test('a key ring readable by other users is refused', () => {
  const dataDir = tempDir('keyring-open');
  const config = loadConfig({ ...base, TOURNIQUET_DATA_DIR: dataDir });
  loadPayloadCodec(config, true);
  fs.chmodSync(path.join(dataDir, KEYRING_FILE), 0o644);
  expect(() => loadPayloadCodec(config, true)).toThrow(/readable by other users.*chmod 600/);
});

test('keys from TOURNIQUET_CODEC_KEYS take precedence over the data folder', () => {
  const key = Buffer.alloc(32, 7).toString('base64');
  const config = loadConfig({
    ...base,
    TOURNIQUET_DATA_DIR: tempDir('keyring-env'),
    TOURNIQUET_CODEC_KEYS: `prod-1:${key}`,
  });
  expect(loadPayloadCodec(config, false)).toMatchObject({ source: 'env', currentKeyId: 'prod-1' });
});
