/** Error codes a SOQL query can fail with, as Salesforce names them. */
export type SoqlErrorCode =
  'MALFORMED_QUERY' | 'INVALID_FIELD' | 'INVALID_TYPE' | 'INVALID_QUERY_FILTER_OPERATOR';

/**
 * A query Salesforce would refuse. `message` mirrors Salesforce's format: the query, a caret under the
 * offending column, `ERROR at Row:r:Column:c`, then the reason.
 */
export class SoqlError extends Error {
  constructor(
    readonly errorCode: SoqlErrorCode,
    readonly reason: string,
    readonly source: string,
    readonly pos: number,
  ) {
    super(SoqlError.format(source, pos, reason));
    this.name = 'SoqlError';
  }

  private static format(source: string, pos: number, reason: string): string {
    const before = source.slice(0, Math.max(0, pos));
    const row = before.split('\n').length;
    const lineStart = before.lastIndexOf('\n') + 1;
    const column = pos - lineStart + 1;
    const line = source.slice(lineStart).split('\n')[0] ?? '';
    return `\n${line}\n${' '.repeat(Math.max(0, column - 1))}^\nERROR at Row:${row}:Column:${column}\n${reason}`;
  }
}
