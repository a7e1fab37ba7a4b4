import { TourniquetError } from '../../errors';

/**
 * A whole input cannot be parsed as any (or as the requested) source format: unknown format, a header
 * without the columns the format needs, a generic format without a mapping. Bad single records are rejects,
 * never this error.
 */
export class SourceFormatError extends TourniquetError {
  constructor(message: string) {
    super('TIMELINE_SOURCE_FORMAT', message);
  }
}

/** A generic field-mapping file is malformed; the message names each field path and what was expected. */
export class MappingError extends TourniquetError {
  constructor(message: string) {
    super('TIMELINE_MAPPING_INVALID', message);
  }
}
