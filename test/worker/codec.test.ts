import { randomBytes } from 'node:crypto';
import type { Payload } from '@temporalio/common';
import fc from 'fast-check';
import {
  AesGcmPayloadCodec,
  CodecDecryptError,
  CodecKeyUnknownError,
  ENCRYPTED_ENCODING,
} from '../../worker/codec';

const enc = new TextEncoder();
const dec = new TextDecoder();
const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };

function payload(data: Uint8Array, encoding = 'json/plain'): Payload {
  return { metadata: { encoding: enc.encode(encoding) }, data };
}

test('property: decode(encode(p)) = p for any payload bytes and metadata', async () => {
  const codec = new AesGcmPayloadCodec([k1], 'k1');
  await fc.assert(
    fc.asyncProperty(
      fc.uint8Array({ maxLength: 4096 }),
      fc.string({ minLength: 1, maxLength: 40 }),
      async (data, encoding) => {
        const original = payload(data, encoding);
        const [encrypted] = await codec.encode([original]);
        expect(dec.decode(encrypted.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
        const [back] = await codec.decode([encrypted]);
        expect(Buffer.from(back.data!)).toEqual(Buffer.from(data));
        expect(dec.decode(back.metadata!.encoding)).toBe(encoding);
      },
    ),
    { numRuns: 200 },
  );
});

test('same plaintext encrypts differently each time (random IV)', async () => {
  const codec = new AesGcmPayloadCodec([k1], 'k1');
  const [a, b] = await codec.encode([payload(enc.encode('same')), payload(enc.encode('same'))]);
  expect(Buffer.from(a.data!).equals(Buffer.from(b.data!))).toBe(false);
});

test('rotation: a new current key encrypts, old keys still decrypt', async () => {
  const before = new AesGcmPayloadCodec([k1], 'k1');
  const after = new AesGcmPayloadCodec([k2, k1], 'k2');
  const [old] = await before.encode([payload(enc.encode('"old"'))]);
  const [fresh] = await after.encode([payload(enc.encode('"new"'))]);
  expect(dec.decode(fresh.metadata!['encryption-key-id'])).toBe('k2');
  expect(dec.decode((await after.decode([old]))[0].data)).toBe('"old"');
  await expect(before.decode([fresh])).rejects.toThrow(CodecKeyUnknownError);
  await expect(before.decode([fresh])).rejects.toThrow(/key 'k2'.*has: k1/);
});

test('wrong key bytes, tampering, and relabelling to another key id all fail closed naming the key', async () => {
  const codec = new AesGcmPayloadCodec([k1, k2], 'k1');
  const [encrypted] = await codec.encode([payload(enc.encode('"secret"'))]);
  const impostor = new AesGcmPayloadCodec([{ id: 'k1', key: randomBytes(32) }], 'k1');
  await expect(impostor.decode([encrypted])).rejects.toThrow(CodecDecryptError);
  await expect(impostor.decode([encrypted])).rejects.toThrow(/key 'k1'/);

  const tampered = Buffer.from(encrypted.data!);
  tampered[20] ^= 1;
  await expect(codec.decode([{ ...encrypted, data: tampered }])).rejects.toThrow(CodecDecryptError);

  const relabelled = {
    ...encrypted,
    metadata: { ...encrypted.metadata, 'encryption-key-id': enc.encode('k2') },
  };
  await expect(codec.decode([relabelled])).rejects.toThrow(/Cannot decrypt payload with key 'k2'/);
});

test('payloads that were never encrypted pass through unchanged', async () => {
  const codec = new AesGcmPayloadCodec([k1], 'k1');
  const plain = payload(enc.encode('"x"'));
  expect(await codec.decode([plain])).toEqual([plain]);
});

test('a current key id that is not in the ring is refused at construction', () => {
  expect(() => new AesGcmPayloadCodec([k1], 'k9')).toThrow(CodecKeyUnknownError);
});
