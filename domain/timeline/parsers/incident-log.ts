/**
 * Tourniquet's own incident log export (`{"kind":"tourniquet.incident-log", entries:[…]}`, see
 * domain/incident-log.ts) → CanonicalEvent: ts = `at` (workflow time, precision 'ms'), actor username =
 * `actor.id`, action = `type`, target object = `stepId`. Source `incident-log`.
 */
import type { JsonRecordMapper } from './json-record';
import { eventItem, flattenRecord, recordReject, text } from './record-helpers';

/** Source name of incident log entries. */
export const INCIDENT_LOG_SOURCE = 'incident-log';

/** Maps one incident log entry. */
export const mapIncidentLogEntry: JsonRecordMapper = (record, ctx) => {
  const at = record.at;
  if (typeof at !== 'number' || !Number.isSafeInteger(at)) {
    return recordReject(ctx, '`at` must be an integer number of epoch milliseconds');
  }
  const type = record.type;
  if (typeof type !== 'string' || type === '') return recordReject(ctx, 'missing `type`');
  const raw = flattenRecord(record);
  return eventItem(
    ctx,
    {
      ts: at,
      precision: 'ms',
      source: INCIDENT_LOG_SOURCE,
      username: text(raw, 'actor.id'),
      action: type,
      object: text(raw, 'stepId'),
    },
    raw,
  );
};
