import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { TourniquetError } from '../domain/errors';
import type { CodecKey } from './config';

/** Payload metadata `encoding` of an encrypted payload. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** Payload metadata key holding the id of the key that encrypted it. */
export const KEY_ID_METADATA = 'encryption-key-id';
const CIPHER_METADATA = 'encryption-cipher';
const CIPHER = 'AES-256-GCM';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A payload names a key id that this process was not given. */
export class CodecKeyUnknownError extends TourniquetError {
  constructor(keyId: string, known: string[]) {
    super(
      'CODEC_KEY_UNKNOWN',
      `Payload was encrypted with key '${keyId}', which this process does not have (it has: ${known.join(', ') || 'none'}). ` +
        `Add key '${keyId}' to TOURNIQUET_CODEC_KEYS (keep old keys listed after a rotation), or use the data folder that holds it.`,
    );
  }
}

/** A payload could not be decrypted with the key of its id: the key bytes differ or the payload was altered. */
export class CodecDecryptError extends TourniquetError {
  constructor(keyId: string, detail: string) {
    super(
      'CODEC_DECRYPT_FAILED',
      `Cannot decrypt payload with key '${keyId}': ${detail}. The configured bytes for key '${keyId}' differ from those that ` +
        `encrypted it, or the payload was altered. Check TOURNIQUET_CODEC_KEYS on every worker and client.`,
    );
  }
}

/**
 * Encrypts every Temporal payload with AES-256-GCM. Encrypts with the current key; decrypts with any key of
 * the ring (found by the key id in the payload metadata), so keys can rotate without breaking running incidents.
 * The key id is bound as additional authenticated data, so a payload cannot be relabelled to another key.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly keys: Map<string, Buffer>;

  constructor(
    keys: readonly CodecKey[],
    private readonly currentKeyId: string,
  ) {
    this.keys = new Map(keys.map((k) => [k.id, k.key]));
    if (!this.keys.has(currentKeyId)) throw new CodecKeyUnknownError(currentKeyId, [...this.keys.keys()]);
    for (const [id, key] of this.keys) {
      if (key.length !== 32)
        throw new TourniquetError('CODEC_KEY_INVALID', `Key '${id}' must be 32 bytes, got ${key.length}.`);
    }
  }

  // The executor form turns a thrown error into a rejection, which is what the SDK expects of a codec.
  encode(payloads: Payload[]): Promise<Payload[]> {
    return new Promise((resolve) => resolve(payloads.map((payload) => this.encrypt(payload))));
  }

  decode(payloads: Payload[]): Promise<Payload[]> {
    return new Promise((resolve) => resolve(payloads.map((payload) => this.decrypt(payload))));
  }

  private encrypt(payload: Payload): Payload {
    const key = this.keys.get(this.currentKeyId)!;
    const plaintext = temporal.api.common.v1.Payload.encode(payload).finish();
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(encoder.encode(this.currentKeyId));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: encoder.encode(ENCRYPTED_ENCODING),
        [KEY_ID_METADATA]: encoder.encode(this.currentKeyId),
        [CIPHER_METADATA]: encoder.encode(CIPHER),
      },
      data: Buffer.concat([iv, ciphertext, cipher.getAuthTag()]),
    };
  }

  private decrypt(payload: Payload): Payload {
    const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
    if (!encoding || decoder.decode(encoding) !== ENCRYPTED_ENCODING) return payload;
    const keyIdBytes = payload.metadata?.[KEY_ID_METADATA];
    if (!keyIdBytes) throw new CodecDecryptError('(none)', 'the payload metadata has no encryption-key-id');
    const keyId = decoder.decode(keyIdBytes);
    const key = this.keys.get(keyId);
    if (!key) throw new CodecKeyUnknownError(keyId, [...this.keys.keys()]);
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < IV_BYTES + TAG_BYTES)
      throw new CodecDecryptError(keyId, 'the payload is too short to be AES-GCM output');
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
    decipher.setAAD(keyIdBytes);
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plaintext: Buffer;
    try {
      plaintext = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
    } catch {
      throw new CodecDecryptError(keyId, 'authentication failed');
    }
    return temporal.api.common.v1.Payload.decode(plaintext);
  }
}
