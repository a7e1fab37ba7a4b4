import { toId18 } from './ids';

/**
 * Quotes a value as a SOQL string literal, escaping the characters SOQL gives meaning inside quotes
 * (backslash, both quotes, and control characters). Use for every value that reaches a query.
 */
export function soqlString(value: string): string {
  const escaped = value.replace(/[\\'"\n\r\t\b\f]/g, (c) => {
    switch (c) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      case '\b':
        return '\\b';
      case '\f':
        return '\\f';
      default:
        return `\\${c}`;
    }
  });
  return `'${escaped}'`;
}

/**
 * A SOQL `IN (...)` list of IDs. Each ID must already be valid; an invalid one throws, because an ID that
 * reaches here unvalidated is a bug, not user input to forgive.
 */
export function soqlIdList(ids: readonly string[]): string {
  if (ids.length === 0) throw new RangeError('soqlIdList needs at least one ID');
  return `(${ids
    .map((id) => {
      const id18 = toId18(id);
      if (!id18) throw new TypeError(`soqlIdList: '${id}' is not a Salesforce ID`);
      return `'${id18}'`;
    })
    .join(',')})`;
}

/** A SOQL datetime literal (unquoted ISO 8601 UTC) for an epoch-ms instant. */
export function soqlDateTime(epochMs: number): string {
  if (!Number.isFinite(epochMs)) throw new RangeError('soqlDateTime needs a finite instant');
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
