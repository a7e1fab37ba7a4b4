import * as crypto from 'node:crypto';
import type { TextHasher } from '../../domain/timeline/parsers';
import type { LinkHasher } from '../../domain/timeline/reconstruct';

/**
 * One-shot SHA-256 hex of a string (UTF-8): `crypto.hash` where Node has it (20.12+, no Hash object per call),
 * otherwise `createHash`.
 */
const sha256: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

/** node:crypto SHA-256 link hasher: the same result as `linkHash` in `domain/hash-chain.ts`, much faster. */
export const nodeLinkHasher: LinkHasher = (prevHash, payloadJson) => sha256(prevHash + payloadJson);

/**
 * node:crypto record hasher for `parseSource` (`hashText`): the same `rawHash` as the pure-JavaScript default
 * (`sha256Hex` in `domain/hash.ts`), several times faster.
 */
export const nodeHashText: TextHasher = sha256;
