import { canonicalJson } from './canonical-json';
import { sha256Hex } from './hash';

/** The `prevHash` of the first link. */
export const GENESIS_HASH = '0'.repeat(64);

/** A link of a hash chain: its payload is everything but `prevHash` and `hash`. */
export interface ChainLink {
  prevHash: string;
  hash: string;
}

/** hash = SHA-256(prevHash + canonical JSON of the payload). */
export function linkHash(prevHash: string, payload: unknown): string {
  return sha256Hex(prevHash + canonicalJson(payload));
}

/** Appends `payload` to a chain whose last hash is `prevHash`. */
export function chainLink<T extends object>(prevHash: string, payload: T): T & ChainLink {
  return { ...payload, prevHash, hash: linkHash(prevHash, payload) };
}

/** What {@link verifyHashChain} found. */
export type ChainVerdict =
  | { ok: true; count: number; rootHash: string }
  | { ok: false; count: number; brokenAt: number; reason: string };

/**
 * Recomputes every link. Returns the root hash (the last link's hash) when intact, otherwise the index of the
 * first broken link and why (its `prevHash` does not name the previous link, or its own hash does not match).
 */
export function verifyHashChain(links: ReadonlyArray<ChainLink & Record<string, unknown>>): ChainVerdict {
  let prev = GENESIS_HASH;
  for (let i = 0; i < links.length; i++) {
    const { prevHash, hash, ...payload } = links[i];
    if (prevHash !== prev)
      return {
        ok: false,
        count: links.length,
        brokenAt: i,
        reason: `prevHash ${prevHash} should be ${prev} (a link before it was removed, inserted or altered)`,
      };
    const expected = linkHash(prevHash, payload);
    if (hash !== expected)
      return {
        ok: false,
        count: links.length,
        brokenAt: i,
        reason: `hash ${hash} does not match its content (expected ${expected}): this entry was altered`,
      };
    prev = hash;
  }
  return { ok: true, count: links.length, rootHash: prev };
}
