/** Helpers every source mapper shares: building the event, flattening JSON records, normalising IDs. */
import { toId18 } from '../../salesforce/ids';
import type { CanonicalEvent, Precision, RawRecord } from '../event';
import { rejectItem, type ParsedItem, type RecordContext } from './types';

/** The parts of an event a mapper decides; empty strings mean "the source does not say". */
export interface EventParts {
  ts: number;
  precision: Precision;
  source: string;
  userId?: string;
  username?: string;
  action: string;
  object?: string;
  recordIds?: string[];
  ip?: string;
  session?: string;
  login?: string;
  request?: string;
  outcome?: string;
}

/** Builds the event item: drops empty optional fields, normalises the user id, hashes the original text. */
export function eventItem(ctx: RecordContext, parts: EventParts, raw: RawRecord): ParsedItem {
  const actor: CanonicalEvent['actor'] = {};
  if (parts.userId) actor.userId = normaliseId(parts.userId);
  if (parts.username) actor.username = parts.username;
  const event: CanonicalEvent = {
    ts: parts.ts,
    precision: parts.precision,
    source: parts.source,
    file: ctx.file,
    position: ctx.position,
    actor,
    action: parts.action,
    raw,
    rawHash: ctx.hashText(ctx.text),
  };
  if (parts.object || (parts.recordIds && parts.recordIds.length > 0)) {
    const target: NonNullable<CanonicalEvent['target']> = {};
    if (parts.object) target.object = parts.object;
    if (parts.recordIds && parts.recordIds.length > 0) target.recordIds = parts.recordIds;
    event.target = target;
  }
  if (parts.ip) event.ip = parts.ip;
  if (parts.session || parts.login || parts.request) {
    const keys: NonNullable<CanonicalEvent['keys']> = {};
    if (parts.session) keys.session = parts.session;
    if (parts.login) keys.login = parts.login;
    if (parts.request) keys.request = parts.request;
    event.keys = keys;
  }
  if (parts.outcome) event.outcome = parts.outcome;
  return { kind: 'event', event };
}

/** A reject for the record at `ctx`. */
export function recordReject(ctx: RecordContext, reason: string): ParsedItem {
  return rejectItem(ctx.file, ctx.line, reason, ctx.text);
}

const ID_CACHE_MAX = 4_096;
const idCache = new Map<string, string>();

/**
 * The 18-character form of a Salesforce ID; any other text is kept as written (trimmed). Audit logs repeat
 * the same few user ids millions of times, so results are memoised (bounded; pure, so safe anywhere).
 */
export function normaliseId(id: string): string {
  const cached = idCache.get(id);
  if (cached !== undefined) return cached;
  const trimmed = id.trim();
  const normalised = toId18(trimmed) ?? trimmed;
  if (idCache.size >= ID_CACHE_MAX) idCache.clear();
  idCache.set(id, normalised);
  return normalised;
}

/**
 * A parsed JSON record as a flat {@link RawRecord}: nested objects become dotted keys (`CreatedBy.Username`,
 * `attributes.type`), arrays are kept as their JSON text.
 */
export function flattenRecord(value: Record<string, unknown>, prefix = '', out: RawRecord = {}): RawRecord {
  for (const key of Object.keys(value)) {
    const v = value[key];
    const name = prefix + key;
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[name] = v;
    else if (Array.isArray(v)) out[name] = JSON.stringify(v);
    else if (typeof v === 'object') flattenRecord(v as Record<string, unknown>, name + '.', out);
  }
  return out;
}

/** Parses a JSON element's text into an object record, or returns why it is not one. */
export function parseJsonObject(text: string): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `invalid JSON: ${(error as Error).message}`;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'not a JSON object';
  return value as Record<string, unknown>;
}

/** A raw field as text ('' when absent or null). */
export function text(raw: RawRecord, key: string): string {
  const v = raw[key];
  return v === undefined || v === null ? '' : String(v);
}

/** Splits a list of ids written as a JSON array or separated by commas, semicolons or spaces. */
export function splitIds(value: string): string[] {
  const trimmed = value.trim();
  if (trimmed === '') return [];
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed)) return parsed.map((v) => normaliseId(String(v))).filter((v) => v !== '');
    } catch {
      // fall through: treat as a separated list
    }
  }
  return trimmed
    .split(/[,;\s]+/)
    .filter((v) => v !== '')
    .map(normaliseId);
}
