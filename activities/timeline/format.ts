/**
 * Layout of the timeline file (`tourniquet.timeline`, version 1). It is one JSON object, written so it can be
 * streamed and verified line by line:
 *
 * ```
 * {"format":"tourniquet.timeline","version":1,"rootHash":"<64 hex>",
 * "sources":[…],
 * "manifest":{…},
 * "events":[
 * {…event 1…},
 * {…event n…}
 * ],
 * "stats":{…}}
 * ```
 *
 * Each event line is one event's JSON (no line breaks inside), followed by `,` except the last. `rootHash` comes
 * first: the writer reserves its 64 characters and fills them in place once the chain is complete (no second copy
 * of the file). With no events, `rootHash` is the genesis hash.
 */
export const TIMELINE_FORMAT = 'tourniquet.timeline';

/** The layout version. */
export const TIMELINE_VERSION = 1;

/** The first line up to the root hash value. */
export const HEADER_PREFIX = `{"format":"${TIMELINE_FORMAT}","version":${TIMELINE_VERSION},"rootHash":"`;

/** The line opening the events array. */
export const EVENTS_OPEN = '"events":[';

/** The line closing the events array. */
export const EVENTS_CLOSE = '],';
