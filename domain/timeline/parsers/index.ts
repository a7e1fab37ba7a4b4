/** Streaming source parsers: audit inputs (EventLogFile, RTEM, SetupAuditTrail, LoginHistory, incident log, generic) → CanonicalEvent. */
export { parseSource, parseSourceBatches, type ParseSourceOptions } from './parse-source';
export { detectFormat, jsonShape, DETECT_HEAD_CHARS, type JsonShape } from './detect';
export { genericMappingSchema, parseGenericMapping, type GenericMapping } from './generic';
export { SourceFormatError, MappingError } from './errors';
export { SOURCE_FORMATS, type ParsedItem, type SourceFormat, type TextHasher } from './types';
export { CsvReader, type CsvRow } from './csv-reader';
export { JsonArrayScanner, type JsonElement } from './json-array-scanner';
export {
  parseIsoTimestamp,
  parseCompactTimestamp,
  parseSetupUiTimestamp,
  parseZone,
  type TimeResult,
} from './timestamps';
