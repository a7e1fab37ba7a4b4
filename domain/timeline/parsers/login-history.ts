/**
 * LoginHistory → CanonicalEvent, from a REST query result (`UserId`, `LoginTime`, `SourceIp`, `Status`,
 * `LoginType`, `Application`) or from the Setup → Login History CSV download (`Login Time, Username, Source
 * IP, Login Type, Status, Browser, Platform, Application, …`). Action `Login`, source `LoginHistory`.
 */
import type { RawRecord } from '../event';
import { findColumn, zoneHintFromTitle } from './csv-columns';
import { SourceFormatError } from './errors';
import type { CsvRowMapper } from './eventlogfile';
import type { JsonRecordMapper } from './json-record';
import { eventItem, flattenRecord, recordReject, text } from './record-helpers';
import { parseIsoTimestamp, parseSetupUiTimestamp } from './timestamps';

/** Source name of LoginHistory events. */
export const LOGIN_HISTORY_SOURCE = 'LoginHistory';

/** REST record: ts = `LoginTime` (precision 's' unless milliseconds are non-zero), outcome = `Status`. */
export const mapLoginHistoryRecord: JsonRecordMapper = (record, ctx) => {
  const raw = flattenRecord(record);
  const loginTime = text(raw, 'LoginTime');
  if (!loginTime) return recordReject(ctx, 'missing LoginTime');
  const time = parseIsoTimestamp(loginTime, 'rest');
  if (!time.ok) return recordReject(ctx, time.reason);
  return eventItem(
    ctx,
    {
      ts: time.ts,
      precision: time.precision,
      source: LOGIN_HISTORY_SOURCE,
      userId: text(raw, 'UserId'),
      action: 'Login',
      ip: text(raw, 'SourceIp'),
      outcome: text(raw, 'Status'),
    },
    raw,
  );
};

/**
 * Row mapper for the CSV download: ts from `Login Time` (Setup UI format; zone from the value, a `(GMT)`
 * column title, or `defaultZoneOffsetMinutes`), username `Username`, ip `Source IP`, outcome `Status`.
 */
export function loginHistoryCsvMapper(
  header: readonly string[],
  file: string,
  defaultZoneOffsetMinutes?: number,
): CsvRowMapper {
  const names = header.map((h) => h.trim());
  const loginTime = findColumn(names, 'login time');
  if (loginTime === -1) {
    throw new SourceFormatError(
      `${file}: not a Login History CSV: the header needs Login Time (found: ${names.join(', ')})`,
    );
  }
  const username = findColumn(names, 'username', 'user');
  const ip = findColumn(names, 'source ip');
  const status = findColumn(names, 'status');
  const zone = defaultZoneOffsetMinutes ?? zoneHintFromTitle(names[loginTime]);
  const at = (fields: string[], i: number): string => (i === -1 ? '' : fields[i]);
  return (fields, ctx) => {
    const raw: RawRecord = {};
    for (let i = 0; i < names.length; i++) raw[names[i]] = fields[i];
    if (!fields[loginTime]) return recordReject(ctx, 'missing Login Time');
    const time = parseSetupUiTimestamp(fields[loginTime], zone);
    if (!time.ok) return recordReject(ctx, time.reason);
    return eventItem(
      ctx,
      {
        ts: time.ts,
        precision: time.precision,
        source: LOGIN_HISTORY_SOURCE,
        username: at(fields, username),
        action: 'Login',
        ip: at(fields, ip),
        outcome: at(fields, status),
      },
      raw,
    );
  };
}
