import type { ObjectDef, Row } from '../objects/types';
import type { JsonRecord } from '../soql/evaluate';
import { toJsonValue } from '../values';

/** A stored row as the REST API returns it from `GET /sobjects/X/ID` (all fields, or `fields` only). */
export function rowToJson(def: ObjectDef, row: Row, version: string, fields?: readonly string[]): JsonRecord {
  const url = `/services/data/v${version}/sobjects/${def.name}/${String(row.Id)}`;
  const out: JsonRecord = { attributes: { type: def.name, url } };
  const wanted =
    fields?.map((f) => def.fieldMap.get(f.toLowerCase())).filter((f) => f !== undefined) ?? def.fields;
  for (const f of wanted)
    out[f.name] = f.type === 'base64' ? `${url}/${f.name}` : toJsonValue(f, row[f.name]);
  return out;
}
