import { keyPrefix, toId18 } from '../ids';
import { objectByName, objectByPrefix } from '../objects/registry';
import type { ObjectDef, RecordError } from '../objects/types';
import { Transaction } from '../store';
import type { DmlOutcome } from '../dml';
import type { RequestContext } from './context';
import { rowToJson } from './records';
import { HttpError, isObject, parseJsonBody, sendJson } from './respond';
import { dmlContext } from './sobjects';

const MAX_RECORDS = 200;

/** One entry of an sObject Collections response. */
interface SaveResult {
  id?: string;
  success: boolean;
  errors: RecordError[];
}

const ROLLED_BACK: RecordError = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

function tooMany(): HttpError {
  return HttpError.of(
    400,
    'EXCEEDED_ID_LIMIT',
    `record limit reached. cannot submit more than ${MAX_RECORDS} records into this call`,
  );
}

function typeOfRecord(record: unknown, method: string): ObjectDef | undefined {
  if (!isObject(record)) return undefined;
  const attrs = record.attributes;
  const named = isObject(attrs) && typeof attrs.type === 'string' ? objectByName(attrs.type) : undefined;
  if (named || method === 'POST') return named;
  const id =
    typeof record.id === 'string' ? record.id : typeof record.Id === 'string' ? record.Id : undefined;
  const id18 = id ? toId18(id) : undefined;
  return id18 ? objectByPrefix(keyPrefix(id18)) : undefined;
}

/** The MIXED_DML_OPERATION error when a call mixes Setup and non-Setup objects, else undefined. */
function mixedDml(types: readonly (ObjectDef | undefined)[]): RecordError | undefined {
  const setup = types.find((t) => t?.setup);
  const other = types.find((t) => t && !t.setup);
  if (!setup || !other) return undefined;
  return {
    statusCode: 'MIXED_DML_OPERATION',
    message: `DML operation on setup object is not permitted after you have updated a non-setup object (or vice versa): ${other.name}, original object: ${setup.name}`,
    fields: [],
  };
}

function toResult(outcome: DmlOutcome): SaveResult {
  return outcome.ok
    ? { id: outcome.id, success: true, errors: [] }
    : { ...(outcome.id ? { id: outcome.id } : {}), success: false, errors: [outcome.error] };
}

/** Runs the per-record operations with allOrNone semantics; answers the save results. */
function run(
  ctx: RequestContext,
  count: number,
  allOrNone: boolean,
  op: (i: number, tx: Transaction) => DmlOutcome,
): void {
  const tx = new Transaction();
  const results: SaveResult[] = [];
  let failed = false;
  for (let i = 0; i < count; i++) {
    const r = toResult(op(i, tx));
    failed ||= !r.success;
    results.push(r);
  }
  if (allOrNone && failed) {
    tx.rollback();
    for (const r of results)
      if (r.success) {
        r.success = false;
        r.errors = [ROLLED_BACK];
      }
  } else {
    ctx.endpoint.records += results.filter((r) => r.success).length;
  }
  sendJson(ctx.res, 200, results, ctx.headers);
}

/** PATCH/POST/DELETE /composite/sobjects (sObject Collections), ≤ 200 records. */
export function handleCollections(ctx: RequestContext): void {
  const { dml } = ctx.org;
  if (ctx.method === 'DELETE') {
    const ids = (ctx.url.searchParams.get('ids') ?? '').split(',').filter((s) => s !== '');
    if (ids.length === 0) throw HttpError.of(400, 'MISSING_ARGUMENT', 'ids parameter is required');
    if (ids.length > MAX_RECORDS) throw tooMany();
    const allOrNone = ctx.url.searchParams.get('allOrNone') === 'true';
    const mixed = mixedDml(ids.map((id) => typeOfRecord({ id }, 'DELETE')));
    if (mixed)
      return sendJson(
        ctx.res,
        200,
        ids.map((id) => ({ id, success: false, errors: [mixed] })),
        ctx.headers,
      );
    return run(ctx, ids.length, allOrNone, (i, tx) => dml.delete(undefined, ids[i], dmlContext(ctx, { tx })));
  }
  if (ctx.method !== 'PATCH' && ctx.method !== 'POST')
    throw HttpError.of(
      405,
      'METHOD_NOT_ALLOWED',
      `HTTP Method '${ctx.method}' not allowed. Allowed are PATCH,POST,DELETE`,
    );
  const body = parseJsonBody(ctx.body);
  if (!isObject(body) || !Array.isArray(body.records))
    throw HttpError.of(
      400,
      'JSON_PARSER_ERROR',
      'The request body must be {"allOrNone": boolean, "records": [...]}',
    );
  const records = body.records as unknown[];
  if (records.length > MAX_RECORDS) throw tooMany();
  const allOrNone = body.allOrNone === true;
  const types = records.map((r) => typeOfRecord(r, ctx.method));
  const mixed = mixedDml(types);
  if (mixed)
    return sendJson(
      ctx.res,
      200,
      records.map((r) => {
        const id = isObject(r) && typeof r.id === 'string' ? r.id : undefined;
        return { ...(id ? { id } : {}), success: false, errors: [mixed] };
      }),
      ctx.headers,
    );
  run(ctx, records.length, allOrNone, (i, tx) => {
    const record = records[i];
    const attrs = isObject(record) ? record.attributes : undefined;
    const typeName = isObject(attrs) && typeof attrs.type === 'string' ? attrs.type : undefined;
    if (!isObject(record) || typeName === undefined)
      return {
        ok: false,
        error: {
          statusCode: 'INVALID_TYPE',
          message: 'sObject type must be specified in attributes',
          fields: [],
        },
      };
    const c = dmlContext(ctx, { tx });
    if (ctx.method === 'POST') return dml.insert(typeName, record, c);
    const id = typeof record.id === 'string' ? record.id : record.Id;
    if (typeof id !== 'string')
      return {
        ok: false,
        error: { statusCode: 'MISSING_ARGUMENT', message: 'Id not specified in an update call', fields: [] },
      };
    const { id: _lower, Id: _upper, ...fields } = record;
    return dml.update(typeName, id, fields, c);
  });
}

/** POST /composite/sobjects/X `{ids, fields}` and GET `?ids=&fields=`: retrieve up to 2000 records. */
export function handleCollectionRetrieve(ctx: RequestContext, type: string): void {
  const def = objectByName(type);
  if (!def) throw HttpError.of(404, 'NOT_FOUND', 'The requested resource does not exist');
  let ids: string[];
  let fields: string[];
  if (ctx.method === 'GET') {
    ids = (ctx.url.searchParams.get('ids') ?? '').split(',').filter(Boolean);
    fields = (ctx.url.searchParams.get('fields') ?? '').split(',').filter(Boolean);
  } else if (ctx.method === 'POST') {
    const body = parseJsonBody(ctx.body);
    if (!isObject(body) || !Array.isArray(body.ids) || !Array.isArray(body.fields))
      throw HttpError.of(
        400,
        'JSON_PARSER_ERROR',
        'The request body must be {"ids": [...], "fields": [...]}',
      );
    ids = body.ids.map(String);
    fields = body.fields.map(String);
  } else
    throw HttpError.of(
      405,
      'METHOD_NOT_ALLOWED',
      `HTTP Method '${ctx.method}' not allowed. Allowed are GET,POST`,
    );
  if (ids.length > 2000) throw tooMany();
  const bad = fields.find((f) => !def.fieldMap.has(f.toLowerCase()));
  if (bad) throw HttpError.of(400, 'INVALID_FIELD', `No such column '${bad}' on sobject of type ${def.name}`);
  const out = ids.map((id) => {
    const row = ctx.org.store.get(def.name, id);
    return row ? rowToJson(def, row, ctx.apiVersion, fields) : null;
  });
  sendJson(ctx.res, 200, out, ctx.headers);
}
