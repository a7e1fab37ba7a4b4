import type { ParsedItem, RecordContext } from './types';

/** Maps one parsed JSON record (an array element or an NDJSON line) to an item. */
export type JsonRecordMapper = (record: Record<string, unknown>, ctx: RecordContext) => ParsedItem;
