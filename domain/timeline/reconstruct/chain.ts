import { GENESIS_HASH, verifyHashChain, type ChainLink, type ChainVerdict } from '../../hash-chain';
import { sha256Hex } from '../../hash';
import { linkPayload } from './payload';
import type { TimelineEvent, TimelinePayload } from './types';

/** hash = SHA-256(prevHash + payloadJson), hex. Node code may pass a node:crypto version; it must agree. */
export type LinkHasher = (prevHash: string, payloadJson: string) => string;

/** The pure-JavaScript hasher: the same as `linkHash` in `domain/hash-chain.ts`. */
export const pureLinkHasher: LinkHasher = (prevHash, payloadJson) => sha256Hex(prevHash + payloadJson);

/** Links payloads into a hash chain with the scheme of `domain/hash-chain.ts` (so `verifyHashChain` accepts it). */
export class TimelineChainer {
  /** The hash of the last link (the root hash once the stream ends). */
  lastHash: string = GENESIS_HASH;

  constructor(private readonly hasher: LinkHasher = pureLinkHasher) {}

  /** Links one payload. */
  link(payload: TimelinePayload): TimelineEvent {
    return this.linkWithLine({ ...payload }).event;
  }

  /** Links a payload the caller hands over (it becomes the event) and returns its timeline line too. */
  linkWithLine(payload: TimelinePayload): { event: TimelineEvent; line: string } {
    const linked = linkPayload(payload, this.lastHash, this.hasher);
    this.lastHash = linked.event.hash;
    return linked;
  }
}

/** Verifies an in-memory timeline with `verifyHashChain` (the same verifier as the incident log). */
export function verifyTimelineEvents(events: readonly TimelineEvent[]): ChainVerdict {
  return verifyHashChain(events as unknown as ReadonlyArray<ChainLink & Record<string, unknown>>);
}
