import { toId18 } from './ids';
import type { FieldDef, FieldValue } from './objects/types';

/** Formats epoch milliseconds as Salesforce REST does: `2026-03-10T19:00:01.000+0000`. */
export function formatDatetime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/**
 * Parses an ISO 8601 datetime as Salesforce accepts it in JSON (`Z`, `+hh:mm` or `+hhmm` zone; a bare date
 * is midnight UTC). Returns `undefined` when it is not one.
 */
export function parseDatetime(text: string): number | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/.exec(
    text,
  );
  if (!m) return undefined;
  const zone = m[3] === undefined || m[3] === 'Z' ? 'Z' : m[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(m[2] ? `${m[1]}T${m[2]}${zone}` : `${m[1]}T00:00:00Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** A stored value as it appears in JSON responses. */
export function toJsonValue(def: FieldDef, value: FieldValue | undefined): FieldValue {
  if (value === undefined || value === null) return null;
  if (def.type === 'datetime' && typeof value === 'number') return formatDatetime(value);
  return value;
}

/** Result of converting a JSON value to the stored form. */
export type Coerced = { ok: true; value: FieldValue } | { ok: false };

/** Converts a JSON request value to the stored form for `def`, or fails when the type is wrong. */
export function fromJsonValue(def: FieldDef, value: unknown): Coerced {
  if (value === null) return { ok: true, value: null };
  switch (def.type) {
    case 'boolean':
      if (typeof value === 'boolean') return { ok: true, value };
      if (value === 'true' || value === 'false') return { ok: true, value: value === 'true' };
      return { ok: false };
    case 'int':
    case 'double': {
      const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
      if (!Number.isFinite(n) || (def.type === 'int' && !Number.isInteger(n))) return { ok: false };
      return { ok: true, value: n };
    }
    case 'datetime': {
      const ms = typeof value === 'string' ? parseDatetime(value) : undefined;
      return ms === undefined ? { ok: false } : { ok: true, value: ms };
    }
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? { ok: true, value }
        : { ok: false };
    case 'id':
    case 'reference': {
      if (typeof value !== 'string') return { ok: false };
      if (value === '') return { ok: true, value: null };
      const id18 = toId18(value);
      return id18 ? { ok: true, value: id18 } : { ok: false };
    }
    default:
      return typeof value === 'string' || typeof value === 'number'
        ? { ok: true, value: String(value) }
        : { ok: false };
  }
}
