/**
 * SetupAuditTrail → CanonicalEvent, from a REST query result (`Action`, `Section`, `Display`, `CreatedDate`,
 * `CreatedById`, `CreatedBy.Username`, `DelegateUser`) or from the Setup → View Setup Audit Trail CSV
 * download (`Date, User, Source Namespace Prefix, Action, Section, Delegate User`). Source `SetupAuditTrail`.
 */
import type { RawRecord } from '../event';
import { findColumn, zoneHintFromTitle } from './csv-columns';
import { SourceFormatError } from './errors';
import type { CsvRowMapper } from './eventlogfile';
import type { JsonRecordMapper } from './json-record';
import { eventItem, flattenRecord, recordReject, text } from './record-helpers';
import { parseIsoTimestamp, parseSetupUiTimestamp } from './timestamps';

/** Source name of SetupAuditTrail events. */
export const SETUP_AUDIT_TRAIL_SOURCE = 'SetupAuditTrail';

/** REST record: ts = `CreatedDate` (precision 's' unless milliseconds are non-zero), action = `Action`. */
export const mapSetupAuditTrailRecord: JsonRecordMapper = (record, ctx) => {
  const raw = flattenRecord(record);
  const created = text(raw, 'CreatedDate');
  if (!created) return recordReject(ctx, 'missing CreatedDate');
  const time = parseIsoTimestamp(created, 'rest');
  if (!time.ok) return recordReject(ctx, time.reason);
  const action = text(raw, 'Action');
  if (!action) return recordReject(ctx, 'missing Action');
  return eventItem(
    ctx,
    {
      ts: time.ts,
      precision: time.precision,
      source: SETUP_AUDIT_TRAIL_SOURCE,
      userId: text(raw, 'CreatedById'),
      username: text(raw, 'CreatedBy.Username'),
      action,
    },
    raw,
  );
};

/**
 * Row mapper for the CSV download: ts from `Date` in the Setup UI format (a zone is required, from the value,
 * a `(GMT)` column title, or `defaultZoneOffsetMinutes`), username = `User`, action = `Action`.
 */
export function setupAuditTrailCsvMapper(
  header: readonly string[],
  file: string,
  defaultZoneOffsetMinutes?: number,
): CsvRowMapper {
  const names = header.map((h) => h.trim());
  const date = findColumn(names, 'date');
  const action = findColumn(names, 'action');
  if (date === -1 || action === -1) {
    throw new SourceFormatError(
      `${file}: not a Setup Audit Trail CSV: the header needs Date and Action (found: ${names.join(', ')})`,
    );
  }
  const user = findColumn(names, 'user');
  const zone = defaultZoneOffsetMinutes ?? zoneHintFromTitle(names[date]);
  return (fields, ctx) => {
    const raw: RawRecord = {};
    for (let i = 0; i < names.length; i++) raw[names[i]] = fields[i];
    if (!fields[date]) return recordReject(ctx, 'missing Date');
    const time = parseSetupUiTimestamp(fields[date], zone);
    if (!time.ok) return recordReject(ctx, time.reason);
    if (!fields[action]) return recordReject(ctx, 'missing Action');
    return eventItem(
      ctx,
      {
        ts: time.ts,
        precision: time.precision,
        source: SETUP_AUDIT_TRAIL_SOURCE,
        username: user === -1 ? '' : fields[user],
        action: fields[action],
      },
      raw,
    );
  };
}
