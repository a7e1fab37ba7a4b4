import { Readable } from 'node:stream';
import type { DmlContext, DmlOutcome } from '../dml';
import { resolveRecord } from '../dml';
import { objectByName } from '../objects/registry';
import type { ObjectDef } from '../objects/types';
import { actor, type RequestContext } from './context';
import { basicInfo, describeGlobal, describeObject } from './describe';
import { rowToJson } from './records';
import { HttpError, isObject, parseJsonBody, sendJson, sendNoContent } from './respond';

function objectOr404(name: string): ObjectDef {
  const def = objectByName(name);
  if (!def) throw HttpError.of(404, 'NOT_FOUND', 'The requested resource does not exist');
  return def;
}

function methodNotAllowed(method: string, allowed: string[]): HttpError {
  return HttpError.of(
    405,
    'METHOD_NOT_ALLOWED',
    `HTTP Method '${method}' not allowed. Allowed are ${allowed.join(',')}`,
  );
}

function allowedOnRecord(def: ObjectDef): string[] {
  return [
    'HEAD',
    'GET',
    ...(def.operations.update ? ['PATCH'] : []),
    ...(def.operations.delete ? ['DELETE'] : []),
  ];
}

/** A DML context for this request, with UNABLE_TO_LOCK_ROW injection per record. */
export function dmlContext(ctx: RequestContext, extra: Partial<DmlContext> = {}): DmlContext {
  const rate = ctx.faults.settings.unableToLockRowRate;
  return {
    actorId: actor(ctx),
    now: ctx.org.clock(),
    lockFault: () => {
      const hit = ctx.faults.roll(rate);
      if (hit) ctx.stats.fault('unableToLockRow');
      return hit;
    },
    ...extra,
  };
}

function failSingle(outcome: DmlOutcome): never {
  if (outcome.ok) throw new Error('not a failure');
  const { statusCode, message, fields } = outcome.error;
  const status = statusCode === 'ENTITY_IS_DELETED' || statusCode === 'MALFORMED_ID' ? 404 : 400;
  throw new HttpError(status, [{ message, errorCode: statusCode, fields }]);
}

/** GET /sobjects (describe global). */
export function handleDescribeGlobal(ctx: RequestContext): void {
  sendJson(ctx.res, 200, describeGlobal(ctx.apiVersion), ctx.headers);
}

/** GET /sobjects/X/describe. */
export function handleDescribe(ctx: RequestContext, type: string): void {
  sendJson(ctx.res, 200, describeObject(objectOr404(type), ctx.apiVersion), ctx.headers);
}

/** GET (basic info) and POST (create) on /sobjects/X. */
export function handleObject(ctx: RequestContext, type: string): void {
  const def = objectOr404(type);
  if (ctx.method === 'GET' || ctx.method === 'HEAD') {
    sendJson(ctx.res, 200, basicInfo(def, ctx.apiVersion), ctx.headers);
    return;
  }
  if (ctx.method !== 'POST') throw methodNotAllowed(ctx.method, ['GET', 'HEAD', 'POST']);
  if (!def.operations.create) throw methodNotAllowed('POST', ['GET', 'HEAD']);
  const body = parseJsonBody(ctx.body);
  if (!isObject(body)) throw HttpError.of(400, 'JSON_PARSER_ERROR', 'The request body must be a JSON object');
  const outcome = ctx.org.dml.insert(def.name, body, dmlContext(ctx));
  if (!outcome.ok) failSingle(outcome);
  ctx.endpoint.records++;
  sendJson(ctx.res, 201, { id: outcome.id, success: true, errors: [] }, ctx.headers);
}

/** GET/PATCH/DELETE /sobjects/X/ID. */
export function handleRecord(ctx: RequestContext, type: string, id: string): void {
  const def = objectOr404(type);
  if (ctx.method === 'GET' || ctx.method === 'HEAD') {
    const found = resolveRecord(ctx.org.store, def, id);
    if (!found.ok) throw HttpError.of(404, 'NOT_FOUND', 'The requested resource does not exist');
    const fields = ctx.url.searchParams
      .get('fields')
      ?.split(',')
      .map((f) => f.trim());
    if (fields) {
      const bad = fields.find((f) => !def.fieldMap.has(f.toLowerCase()));
      if (bad)
        throw HttpError.of(400, 'INVALID_FIELD', `No such column '${bad}' on sobject of type ${def.name}`);
    }
    sendJson(ctx.res, 200, rowToJson(def, found.row, ctx.apiVersion, fields), ctx.headers);
    return;
  }
  if (ctx.method === 'PATCH') {
    if (!def.operations.update) throw methodNotAllowed('PATCH', allowedOnRecord(def));
    const body = parseJsonBody(ctx.body);
    if (!isObject(body))
      throw HttpError.of(400, 'JSON_PARSER_ERROR', 'The request body must be a JSON object');
    const outcome = ctx.org.dml.update(def.name, id, body, dmlContext(ctx));
    if (!outcome.ok) failSingle(outcome);
    ctx.endpoint.records++;
    sendNoContent(ctx.res, ctx.headers);
    return;
  }
  if (ctx.method === 'DELETE') {
    if (!def.operations.delete) throw methodNotAllowed('DELETE', allowedOnRecord(def));
    const outcome = ctx.org.dml.delete(def.name, id, dmlContext(ctx));
    if (!outcome.ok) failSingle(outcome);
    ctx.endpoint.records++;
    sendNoContent(ctx.res, ctx.headers);
    return;
  }
  throw methodNotAllowed(ctx.method, allowedOnRecord(def));
}

/** GET /sobjects/EventLogFile/ID/LogFile: the CSV blob, streamed in chunks. */
export function handleBlob(ctx: RequestContext, type: string, id: string, fieldName: string): void {
  const def = objectOr404(type);
  const field = def.fieldMap.get(fieldName.toLowerCase());
  if (!field || field.type !== 'base64')
    throw HttpError.of(404, 'NOT_FOUND', 'The requested resource does not exist');
  if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, ['GET']);
  const found = resolveRecord(ctx.org.store, def, id);
  const csv = found.ok ? ctx.org.logFiles.get(String(found.row.Id)) : undefined;
  if (csv === undefined) throw HttpError.of(404, 'NOT_FOUND', 'The requested resource does not exist');
  const bytes = Buffer.from(csv, 'utf8');
  ctx.res.writeHead(200, { 'content-type': 'text/csv', 'content-length': bytes.length, ...ctx.headers });
  const chunk = 64 * 1024;
  function* chunks(): Generator<Buffer> {
    for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
  }
  Readable.from(chunks()).pipe(ctx.res);
}
