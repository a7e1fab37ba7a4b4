/**
 * EventLogFile CSV (the `LogFile` blob; columns per event type as in `LogFileFieldNames`) → CanonicalEvent.
 * Header-driven, so any event type works: ReportExport, Report, RestApi, API, BulkApi, URI, Lightning
 * page/URI events, Login, Logout, ListViewEvent, … Source name `EventLogFile:<EVENT_TYPE>`.
 */
import type { RawRecord } from '../event';
import { SourceFormatError } from './errors';
import { eventItem, normaliseId, recordReject } from './record-helpers';
import { parseCompactTimestamp, parseIsoTimestamp, type TimeResult } from './timestamps';
import type { ParsedItem, RecordContext } from './types';

/** Maps one CSV row (fields in header order) to an item. */
export type CsvRowMapper = (fields: string[], ctx: RecordContext) => ParsedItem;

/** ID columns, in order of preference, and the object their ids are records of (when the row names none). */
const ID_COLUMNS: ReadonlyArray<readonly [string, string | undefined]> = [
  ['REPORT_ID_DERIVED', 'Report'],
  ['REPORT_ID', 'Report'],
  ['DASHBOARD_ID_DERIVED', 'Dashboard'],
  ['DASHBOARD_ID', 'Dashboard'],
  ['LIST_VIEW_ID', 'ListView'],
  ['URI_ID_DERIVED', undefined],
  ['RECORD_ID', undefined],
  ['PAGE_ENTITY_ID', undefined],
];
const OBJECT_COLUMNS = ['ENTITY_NAME', 'ENTITY_TYPE', 'PAGE_ENTITY_TYPE'];
/** Event types whose record id (e.g. `URI_ID_DERIVED` of a ReportExport) is always of one object. */
const TYPE_OBJECTS: Readonly<Record<string, string>> = {
  Report: 'Report',
  ReportExport: 'Report',
  Dashboard: 'Dashboard',
  ListViewEvent: 'ListView',
};
const OUTCOME_COLUMNS = ['REQUEST_STATUS', 'LOGIN_STATUS', 'STATUS'];

/**
 * Builds the row mapper for an EventLogFile header. Throws {@link SourceFormatError} when the header lacks
 * `EVENT_TYPE` or both `TIMESTAMP_DERIVED` and `TIMESTAMP`.
 *
 * Mapping: ts from `TIMESTAMP_DERIVED` (else `TIMESTAMP`), precision 'ms' (both carry milliseconds); actor from `USER_ID_DERIVED` (else
 * `USER_ID`, normalised to 18 characters) and `USER_NAME`; action = `EVENT_TYPE`; target object from
 * `ENTITY_NAME`/`ENTITY_TYPE`/`PAGE_ENTITY_TYPE` (else implied by the id column or the event type), record ids from the first
 * non-empty id column (`REPORT_ID_DERIVED`, `REPORT_ID`, `DASHBOARD_ID…`, `LIST_VIEW_ID`, `URI_ID_DERIVED`,
 * `RECORD_ID`, `PAGE_ENTITY_ID`); ip = `CLIENT_IP`; keys from `SESSION_KEY`, `LOGIN_KEY`, `REQUEST_ID`;
 * outcome = `REQUEST_STATUS`/`LOGIN_STATUS`/`STATUS` as written.
 */
export function eventLogFileRowMapper(header: readonly string[], file: string): CsvRowMapper {
  const names = header.map((h) => h.trim());
  const col = (name: string): number => names.indexOf(name);
  const eventType = col('EVENT_TYPE');
  const derived = col('TIMESTAMP_DERIVED');
  const compact = col('TIMESTAMP');
  if (eventType === -1 || (derived === -1 && compact === -1)) {
    throw new SourceFormatError(
      `${file}: not an EventLogFile CSV: the header needs EVENT_TYPE and TIMESTAMP_DERIVED or TIMESTAMP (found: ${names.slice(0, 12).join(', ')})`,
    );
  }
  const userIdDerived = col('USER_ID_DERIVED');
  const userId = col('USER_ID');
  const userName = col('USER_NAME');
  const clientIp = col('CLIENT_IP');
  const session = col('SESSION_KEY');
  const login = col('LOGIN_KEY');
  const request = col('REQUEST_ID');
  const idColumns = ID_COLUMNS.map(([name, object]) => [col(name), object] as const).filter(
    ([i]) => i !== -1,
  );
  const objectColumns = OBJECT_COLUMNS.map(col).filter((i) => i !== -1);
  const outcomeColumns = OUTCOME_COLUMNS.map(col).filter((i) => i !== -1);
  const first = (fields: string[], columns: readonly number[]): string => {
    for (const i of columns) if (fields[i]) return fields[i];
    return '';
  };
  const at = (fields: string[], i: number): string => (i === -1 ? '' : fields[i]);

  return (fields, ctx) => {
    const raw: RawRecord = {};
    for (let i = 0; i < names.length; i++) raw[names[i]] = fields[i];
    const type = fields[eventType];
    if (!type) return recordReject(ctx, 'EVENT_TYPE is empty');
    let time: TimeResult;
    if (derived !== -1 && fields[derived]) time = parseIsoTimestamp(fields[derived], 'source-ms');
    else if (compact !== -1 && fields[compact]) time = parseCompactTimestamp(fields[compact]);
    else return recordReject(ctx, 'missing timestamp: TIMESTAMP_DERIVED and TIMESTAMP are empty');
    if (!time.ok) return recordReject(ctx, time.reason);
    let recordIds: string[] | undefined;
    let object = first(fields, objectColumns);
    for (const [i, implied] of idColumns) {
      if (fields[i]) {
        recordIds = [normaliseId(fields[i])];
        if (!object) object = implied ?? TYPE_OBJECTS[type] ?? '';
        break;
      }
    }
    return eventItem(
      ctx,
      {
        ts: time.ts,
        precision: time.precision,
        source: `EventLogFile:${type}`,
        userId: at(fields, userIdDerived) || at(fields, userId),
        username: at(fields, userName),
        action: type,
        object,
        recordIds,
        ip: at(fields, clientIp),
        session: at(fields, session),
        login: at(fields, login),
        request: at(fields, request),
        outcome: first(fields, outcomeColumns),
      },
      raw,
    );
  };
}
