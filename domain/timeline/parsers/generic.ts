/**
 * Generic sources (NDJSON or CSV from other systems: an EHR audit export, a SIEM extract) described by a
 * field mapping file. The schema is exported so the CLI can load and validate a mapping file; the mapper turns
 * one flat record into a CanonicalEvent with source `generic:<name>`.
 */
import { z } from 'zod';
import { formatZodIssues } from '../../zod-issues';
import { PRECISION_MS, type RawRecord } from '../event';
import { MappingError } from './errors';
import { eventItem, recordReject, splitIds, text } from './record-helpers';
import { parseIsoTimestamp, type TimeResult } from './timestamps';
import type { ParsedItem, RecordContext } from './types';

const fieldName = z.string().min(1, 'a field name is required');
const fieldOrValue = z.union([fieldName, z.object({ value: z.string().min(1) }).strict()]);

/**
 * A generic field mapping. Field names are CSV column titles, or for NDJSON property paths with nested
 * objects joined by dots (`actor.email`). `action` and `target.object` may instead be a constant `{ value }`.
 */
export const genericMappingSchema = z
  .object({
    name: z
      .string()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
        'name: letters, digits, dot, dash or underscore (it becomes `generic:<name>`)',
      ),
    format: z.enum(['ndjson', 'csv']),
    time: z.object({ field: fieldName, format: z.enum(['iso', 'epoch-ms', 'epoch-s']) }).strict(),
    precision: z.enum(['ms', 's', 'min']),
    actor: z.object({ userId: fieldName.optional(), username: fieldName.optional() }).strict().optional(),
    action: fieldOrValue,
    ip: fieldName.optional(),
    target: z
      .object({ object: fieldOrValue.optional(), recordIds: fieldName.optional() })
      .strict()
      .optional(),
    keys: z
      .object({ session: fieldName.optional(), login: fieldName.optional(), request: fieldName.optional() })
      .strict()
      .optional(),
    outcome: fieldName.optional(),
  })
  .strict();

/** See {@link genericMappingSchema}. */
export type GenericMapping = z.infer<typeof genericMappingSchema>;

/** Validates a parsed mapping file; throws {@link MappingError} naming each bad field path. */
export function parseGenericMapping(value: unknown, file = 'mapping'): GenericMapping {
  const result = genericMappingSchema.safeParse(value);
  if (!result.success)
    throw new MappingError(`${file}: invalid field mapping:\n${formatZodIssues(result.error)}`);
  return result.data;
}

/** Maps one flat record (CSV row by column title, or flattened NDJSON object) to an item. */
export type GenericRecordMapper = (raw: RawRecord, ctx: RecordContext) => ParsedItem;

const EPOCH_MS = /^-?\d+$/;
const EPOCH_S = /^(-?\d+)(?:\.(\d+))?$/;

function epochTime(value: string, format: 'epoch-ms' | 'epoch-s'): number | string {
  if (format === 'epoch-ms') {
    if (!EPOCH_MS.test(value)) return `not an integer epoch-milliseconds value: "${value}"`;
    const ms = Number(value);
    return Number.isSafeInteger(ms) ? ms : `epoch milliseconds out of range: "${value}"`;
  }
  const m = EPOCH_S.exec(value);
  if (!m) return `not an epoch-seconds value: "${value}"`;
  const fraction = m[2] ?? '';
  if (fraction.length > 3 && !/^0+$/.test(fraction.slice(3))) {
    return `sub-millisecond fraction cannot be kept without rounding: "${value}"`;
  }
  const whole = Number(m[1]);
  const frac = Number(fraction.slice(0, 3).padEnd(3, '0'));
  const ms = whole * 1000 + (m[1].startsWith('-') ? -frac : frac);
  return Number.isSafeInteger(ms) ? ms : `epoch seconds out of range: "${value}"`;
}

/** Builds the mapper for a validated mapping. */
export function genericRecordMapper(
  mapping: GenericMapping,
  defaultZoneOffsetMinutes?: number,
): GenericRecordMapper {
  const source = `generic:${mapping.name}`;
  const unit = PRECISION_MS[mapping.precision];
  const pick = (raw: RawRecord, ref: string | { value: string } | undefined): string =>
    ref === undefined ? '' : typeof ref === 'string' ? text(raw, ref) : ref.value;
  return (raw, ctx) => {
    const timeText = text(raw, mapping.time.field).trim();
    if (!timeText) return recordReject(ctx, `missing timestamp field "${mapping.time.field}"`);
    let ts: number;
    if (mapping.time.format === 'iso') {
      const parsed: TimeResult = parseIsoTimestamp(timeText, 'source-ms', defaultZoneOffsetMinutes);
      if (!parsed.ok) return recordReject(ctx, parsed.reason);
      ts = parsed.ts;
    } else {
      const parsed = epochTime(timeText, mapping.time.format);
      if (typeof parsed === 'string') return recordReject(ctx, parsed);
      ts = parsed;
    }
    if (((ts % unit) + unit) % unit !== 0) {
      return recordReject(
        ctx,
        `timestamp "${timeText}" is finer than the mapping's precision '${mapping.precision}'`,
      );
    }
    const action = pick(raw, mapping.action);
    if (!action)
      return recordReject(
        ctx,
        `missing action (field "${String(typeof mapping.action === 'string' ? mapping.action : '')}")`,
      );
    return eventItem(
      ctx,
      {
        ts,
        precision: mapping.precision,
        source,
        userId: pick(raw, mapping.actor?.userId),
        username: pick(raw, mapping.actor?.username),
        action,
        object: pick(raw, mapping.target?.object),
        recordIds: mapping.target?.recordIds ? splitIds(text(raw, mapping.target.recordIds)) : undefined,
        ip: pick(raw, mapping.ip),
        session: pick(raw, mapping.keys?.session),
        login: pick(raw, mapping.keys?.login),
        request: pick(raw, mapping.keys?.request),
        outcome: pick(raw, mapping.outcome),
      },
      raw,
    );
  };
}
