import { createHash } from 'node:crypto';
import type { LinkHasher } from '../../domain/timeline/reconstruct';

/** node:crypto SHA-256 link hasher: the same result as `linkHash` in `domain/hash-chain.ts`, much faster. */
export const nodeLinkHasher: LinkHasher = (prevHash, payloadJson) =>
  createHash('sha256').update(prevHash).update(payloadJson).digest('hex');
