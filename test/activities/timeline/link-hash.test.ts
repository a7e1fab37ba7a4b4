import fc from 'fast-check';
import { linkHash } from '../../../domain/hash-chain';
import { nodeLinkHasher } from '../../../activities/timeline';
import { timelinePayloadJson, type TimelinePayload } from '../../../domain/timeline/reconstruct';

test('property: the node:crypto link hasher equals domain linkHash', () => {
  fc.assert(
    fc.property(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: 'binary', maxLength: 64 }),
      (action, prev) => {
        const payload: TimelinePayload = {
          seq: 1,
          ts: 0,
          sourceTs: 0,
          time: new Date(0).toISOString(),
          precision: 'ms',
          source: 'x',
          file: 'f',
          position: 1,
          rawHash: 'r',
          sources: [],
          actor: { username: action },
          action,
          markers: [],
        };
        expect(nodeLinkHasher(prev, timelinePayloadJson(payload))).toBe(linkHash(prev, payload));
      },
    ),
    { numRuns: 500 },
  );
});
