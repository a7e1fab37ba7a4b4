/**
 * Format detection from the first few KB of an input (the CLI's `--format` overrides it).
 */
import { findColumn } from './csv-columns';
import { splitCsvHeader } from './csv-reader';
import { SourceFormatError } from './errors';
import { JsonArrayScanner } from './json-array-scanner';
import { parseJsonObject } from './record-helpers';
import type { SourceFormat } from './types';

/** How many characters of an input detection looks at. */
export const DETECT_HEAD_CHARS = 64 * 1024;

/** How a JSON input holds its records: a top-level array, an array inside an object, or one per line. */
export type JsonShape = 'array' | 'container' | 'ndjson';

/** Keys whose array value holds the records of a container-shaped JSON input. */
export const CONTAINER_KEYS = ['records', 'entries'] as const;

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The shape of a JSON input from its head: `[` → array; `{` whose first line is a whole object without a
 * `records`/`entries` array (nor `totalSize`/`done` of a query result) → NDJSON; any other `{` → container
 * (a REST query result or an export object).
 */
export function jsonShape(head: string): JsonShape {
  const body = stripBom(head).trimStart();
  if (body.startsWith('[')) return 'array';
  const nl = body.indexOf('\n');
  const first = parseJsonObject(nl === -1 ? body : body.slice(0, nl));
  if (typeof first === 'string') return 'container';
  const nested = first.result;
  const holder = nested !== null && typeof nested === 'object' ? (nested as Record<string, unknown>) : first;
  const isContainer =
    CONTAINER_KEYS.some((key) => Array.isArray(first[key]) || Array.isArray(holder[key])) ||
    ('totalSize' in holder && 'done' in holder);
  return isContainer ? 'container' : 'ndjson';
}

/** The JSON record format a record's fields identify, or `undefined`. */
export function classifyJsonRecord(keys: ReadonlySet<string>): SourceFormat | undefined {
  if (keys.has('EventDate') && (keys.has('attributes') || keys.has('EventIdentifier'))) return 'rtem-json';
  if (keys.has('LoginTime')) return 'login-history-json';
  if (keys.has('Action') && keys.has('CreatedDate') && (keys.has('Section') || keys.has('Display'))) {
    return 'setup-audit-trail-json';
  }
  return undefined;
}

function firstJsonRecordKeys(body: string, shape: JsonShape): ReadonlySet<string> | undefined {
  let text: string | undefined;
  if (shape === 'ndjson') {
    const nl = body.indexOf('\n');
    text = nl === -1 ? body : body.slice(0, nl);
  } else {
    const scanner = new JsonArrayScanner(['records']);
    scanner.push(body);
    const element = scanner.next();
    if (element?.ok) text = element.text;
  }
  if (text !== undefined) {
    const record = parseJsonObject(text);
    if (typeof record !== 'string') return new Set(Object.keys(record));
  }
  // The first record does not fit in the head: look for quoted keys instead.
  const keys = new Set<string>();
  for (const m of body.matchAll(/"([A-Za-z_][A-Za-z0-9_]*)"\s*:/g)) keys.add(m[1]);
  return keys.size > 0 ? keys : undefined;
}

const TRIED =
  'EventLogFile CSV (EVENT_TYPE, TIMESTAMP[_DERIVED]), Setup Audit Trail CSV (Date, Action, Section), Login History CSV (Login Time), ' +
  'RTEM JSON (EventDate with attributes or EventIdentifier), SetupAuditTrail JSON (Action, Section, CreatedDate), ' +
  'LoginHistory JSON (LoginTime), incident log JSON (kind tourniquet.incident-log)';

function unknown(file: string, what: string): SourceFormatError {
  return new SourceFormatError(
    `${file}: cannot tell the source format (${what}). Tried: ${TRIED}. Pass --format, or --mapping for a generic NDJSON/CSV source.`,
  );
}

/** Detects the format of an input from its first few KB (see {@link DETECT_HEAD_CHARS}). */
export function detectFormat(head: string, file: string): SourceFormat {
  const body = stripBom(head).trimStart();
  if (body === '')
    throw new SourceFormatError(`${file}: the input is empty, so its format cannot be detected`);
  if (body.startsWith('{') || body.startsWith('[')) {
    if (
      /^\{\s*"kind"\s*:\s*"tourniquet\.incident-log"/.test(body) ||
      /"kind"\s*:\s*"tourniquet\.incident-log"/.test(body.slice(0, 4096))
    ) {
      return 'incident-log-json';
    }
    const shape = jsonShape(body);
    const keys = firstJsonRecordKeys(body, shape);
    const format = keys && classifyJsonRecord(keys);
    if (format) return format;
    throw unknown(
      file,
      `JSON ${shape === 'ndjson' ? 'lines' : shape} whose first record has ${keys ? [...keys].slice(0, 12).join(', ') : 'no fields'}`,
    );
  }
  const nl = body.indexOf('\n');
  const header = splitCsvHeader(nl === -1 ? body : body.slice(0, nl));
  if (header) {
    const upper = new Set(header.map((h) => h.trim().toUpperCase()));
    if (upper.has('EVENT_TYPE') && (upper.has('TIMESTAMP') || upper.has('TIMESTAMP_DERIVED')))
      return 'eventlogfile-csv';
    if (
      findColumn(header, 'date') !== -1 &&
      findColumn(header, 'action') !== -1 &&
      findColumn(header, 'section') !== -1
    ) {
      return 'setup-audit-trail-csv';
    }
    if (findColumn(header, 'login time') !== -1) return 'login-history-csv';
    throw unknown(file, `CSV header: ${header.slice(0, 12).join(', ')}`);
  }
  throw unknown(file, 'neither JSON nor a CSV header');
}
