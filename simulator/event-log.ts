import { Prng } from './prng';

/** CSV content and schema of one EventLogFile. */
export interface EventLogContent {
  readonly csv: string;
  readonly fieldNames: readonly string[];
  readonly fieldTypes: readonly string[];
}

/** One user an event log row can be attributed to. */
export interface LogUser {
  readonly id18: string;
}

const COMMON: ReadonlyArray<[string, string]> = [
  ['EVENT_TYPE', 'String'],
  ['TIMESTAMP', 'String'],
  ['REQUEST_ID', 'String'],
  ['ORGANIZATION_ID', 'Id'],
  ['USER_ID', 'Id'],
  ['CLIENT_IP', 'IP'],
  ['URI', 'String'],
];

const PER_TYPE: Record<string, ReadonlyArray<[string, string]>> = {
  ReportExport: [
    ['CLIENT_INFO', 'String'],
    ['REPORT_DESCRIPTION', 'String'],
    ['ROWS_PROCESSED', 'Number'],
  ],
  Login: [
    ['LOGIN_STATUS', 'String'],
    ['BROWSER_TYPE', 'String'],
    ['API_TYPE', 'String'],
  ],
  API: [
    ['METHOD_NAME', 'String'],
    ['ENTITY_NAME', 'String'],
    ['ROWS_PROCESSED', 'Number'],
  ],
};

const DERIVED: ReadonlyArray<[string, string]> = [
  ['TIMESTAMP_DERIVED', 'DateTime'],
  ['USER_ID_DERIVED', 'Id'],
];

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : `"${value}"`;
}

/** `20130715233322.670`: the TIMESTAMP column's compact UTC form. */
function compactTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}.${iso.slice(20, 23)}`;
}

/** Splits a CSV header row into column names (quoted or bare). */
export function csvHeader(csv: string): string[] {
  const first = csv.split(/\r?\n/, 1)[0] ?? '';
  return first.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
}

/**
 * Generates a realistic event log CSV for `eventType` (ReportExport, Login and API have their own columns;
 * other types get the common ones) with `rows` rows spread over the log's day (or hour), deterministic for a seed.
 */
export function generateEventLog(spec: {
  eventType: string;
  logDate: number;
  hourly: boolean;
  rows: number;
  orgId: string;
  users: readonly LogUser[];
  sourceIps: readonly string[];
  seed: number;
}): EventLogContent {
  const columns = [...COMMON, ...(PER_TYPE[spec.eventType] ?? []), ...DERIVED];
  const prng = new Prng(spec.seed);
  const span = spec.hourly ? 3_600_000 : 86_400_000;
  const times = Array.from({ length: spec.rows }, () => spec.logDate + prng.int(span)).sort((a, b) => a - b);
  const lines = [columns.map(([n]) => csvCell(n)).join(',')];
  for (const ts of times) {
    const user = prng.pick(spec.users);
    const ip = prng.pick(spec.sourceIps);
    const values: Record<string, string> = {
      EVENT_TYPE: spec.eventType,
      TIMESTAMP: compactTimestamp(ts),
      REQUEST_ID: `4${prng
        .int(36 ** 8)
        .toString(36)
        .padStart(8, '0')}`,
      ORGANIZATION_ID: spec.orgId.slice(0, 15),
      USER_ID: user.id18.slice(0, 15),
      CLIENT_IP: ip,
      URI:
        spec.eventType === 'ReportExport'
          ? `/00O8d00000${prng.int(99999).toString().padStart(5, '0')}`
          : '/services/data',
      CLIENT_INFO: 'Mozilla/5.0',
      REPORT_DESCRIPTION: prng.pick([
        'Patients by Diagnosis',
        'Open Cases with Contact Details',
        'Lab Results Q1',
      ]),
      ROWS_PROCESSED: String(1 + prng.int(5000)),
      LOGIN_STATUS: 'LOGIN_NO_ERROR',
      BROWSER_TYPE: 'Chrome',
      API_TYPE: 'REST',
      METHOD_NAME: 'query',
      ENTITY_NAME: 'Contact',
      TIMESTAMP_DERIVED: new Date(ts).toISOString(),
      USER_ID_DERIVED: user.id18,
    };
    lines.push(columns.map(([n]) => csvCell(values[n] ?? '')).join(','));
  }
  return {
    csv: `${lines.join('\n')}\n`,
    fieldNames: columns.map(([n]) => n),
    fieldTypes: columns.map(([, t]) => t),
  };
}
