/**
 * Real-Time Event Monitoring records (LoginEvent, ApiEvent, ReportEvent, LightningUriEvent,
 * BulkApiResultEvent, ListViewEvent, …) as returned by a REST/SOQL query → CanonicalEvent. Source name
 * `RTEM:<type>` from `attributes.type` (inferred from the fields when the export dropped `attributes`).
 */
import { eventItem, flattenRecord, normaliseId, recordReject, text } from './record-helpers';
import type { JsonRecordMapper } from './json-record';
import { parseIsoTimestamp } from './timestamps';
import type { RawRecord } from '../event';

/** The event object type: `attributes.type`, else inferred from characteristic fields, else `Unknown`. */
export function rtemType(raw: RawRecord): string {
  const declared = text(raw, 'attributes.type');
  if (declared) return declared;
  const has = (key: string): boolean => text(raw, key) !== '';
  if (has('LoginType') && has('Status')) return 'LoginEvent';
  if (has('ReportId')) return 'ReportEvent';
  if (has('ListViewId')) return 'ListViewEvent';
  if (has('Operation') && has('RecordId')) return 'LightningUriEvent';
  if (has('JobId') || has('BatchId')) return 'BulkApiResultEvent';
  if (has('Query') || has('QueriedEntities')) return 'ApiEvent';
  return 'Unknown';
}

/** Record ids in an ApiEvent `Records` JSON value (`{"records":[{"Id":…}]}` or an array), at most 10,000. */
export function idsFromRecordsJson(value: string): string[] {
  if (!value) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return [];
  }
  const list: unknown =
    parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as { records?: unknown }).records
      : parsed;
  if (!Array.isArray(list)) return [];
  const ids: string[] = [];
  for (const item of list) {
    if (ids.length >= 10_000) break;
    const id: unknown = item !== null && typeof item === 'object' ? (item as { Id?: unknown }).Id : undefined;
    if (typeof id === 'string' && id !== '') ids.push(normaliseId(id));
  }
  return ids;
}

/**
 * Maps an RTEM record: ts = `EventDate` (precision 'ms'), actor `UserId`/`Username`, action = the event type,
 * target object `QueriedEntities`/`EntityType` (else Report/ListView by id), record ids from `RecordId`,
 * `ReportId`, `ListViewId` or the ids in `Records`; ip `SourceIp`; keys `SessionKey`, `LoginKey`; outcome
 * `Status`.
 */
export const mapRtemRecord: JsonRecordMapper = (record, ctx) => {
  const raw = flattenRecord(record);
  const eventDate = text(raw, 'EventDate');
  if (!eventDate) return recordReject(ctx, 'missing EventDate');
  const time = parseIsoTimestamp(eventDate, 'source-ms');
  if (!time.ok) return recordReject(ctx, time.reason);
  const type = rtemType(raw);
  let object = text(raw, 'QueriedEntities') || text(raw, 'EntityType') || text(raw, 'EntityName');
  let recordIds: string[];
  if (text(raw, 'RecordId')) recordIds = [normaliseId(text(raw, 'RecordId'))];
  else if (text(raw, 'ReportId')) {
    recordIds = [normaliseId(text(raw, 'ReportId'))];
    object ||= 'Report';
  } else if (text(raw, 'ListViewId')) {
    recordIds = [normaliseId(text(raw, 'ListViewId'))];
    object ||= 'ListView';
  } else recordIds = idsFromRecordsJson(text(raw, 'Records'));
  return eventItem(
    ctx,
    {
      ts: time.ts,
      precision: time.precision,
      source: `RTEM:${type}`,
      userId: text(raw, 'UserId'),
      username: text(raw, 'Username'),
      action: type,
      object,
      recordIds,
      ip: text(raw, 'SourceIp'),
      session: text(raw, 'SessionKey'),
      login: text(raw, 'LoginKey'),
      outcome: text(raw, 'Status'),
    },
    raw,
  );
};
