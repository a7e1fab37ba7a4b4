import type { TimelineEvent } from '../../domain/timeline/reconstruct';

/** Column names of the CSV export. */
export const CSV_COLUMNS: readonly string[] = [
  'seq',
  'time',
  'ts',
  'sourceTs',
  'precision',
  'source',
  'file',
  'position',
  'sources',
  'userId',
  'username',
  'action',
  'targetObject',
  'targetRecordIds',
  'ip',
  'sessionId',
  'outcome',
  'markers',
  'hash',
  'prevHash',
];

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV cell, safe against spreadsheet formula injection: text starting with `=`, `+`, `-`, `@`, tab or CR gets a
 * leading `'`; text with a comma, quote or line break is quoted (RFC 4180). Numbers are written as they are.
 */
export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV header line (with CRLF). */
export function csvHeader(): string {
  return CSV_COLUMNS.join(',') + '\r\n';
}

/** One CSV line (with CRLF) for a timeline event. */
export function csvRow(e: TimelineEvent): string {
  return (
    [
      e.seq,
      e.time,
      e.ts,
      e.sourceTs,
      e.precision,
      e.source,
      e.file,
      e.position,
      e.sources.map((s) => `${s.source}|${s.file}|${s.position}`).join(';'),
      e.actor.userId,
      e.actor.username,
      e.action,
      e.target?.object,
      e.target?.recordIds?.join(' '),
      e.ip,
      e.sessionId,
      e.outcome,
      e.markers.join(';'),
      e.hash,
      e.prevHash,
    ]
      .map(csvCell)
      .join(',') + '\r\n'
  );
}
