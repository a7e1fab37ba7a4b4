import type { FieldDef, ObjectDef } from '../objects/types';
import { OBJECTS } from '../objects/registry';

function urls(def: ObjectDef, version: string): Record<string, string> {
  const base = `/services/data/v${version}/sobjects/${def.name}`;
  return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

function describeField(f: FieldDef): Record<string, unknown> {
  const filterable = f.type !== 'base64' && f.type !== 'textarea';
  return {
    name: f.name,
    label: f.label,
    type: f.type,
    length: f.length,
    nillable: f.nillable,
    createable: f.createable,
    updateable: f.updateable,
    filterable,
    sortable: filterable,
    groupable: filterable && f.type !== 'double',
    custom: false,
    defaultedOnCreate: f.type === 'boolean' || f.type === 'id',
    idLookup: f.type === 'id' || f.name === 'Username',
    unique: f.name === 'Username',
    referenceTo: f.referenceTo ? [f.referenceTo] : [],
    relationshipName: f.relationshipName ?? null,
    picklistValues: (f.picklistValues ?? []).map((v) => ({
      value: v,
      label: v,
      active: true,
      defaultValue: false,
    })),
    soapType:
      f.type === 'id' || f.type === 'reference'
        ? 'tns:ID'
        : `xsd:${f.type === 'datetime' ? 'dateTime' : f.type}`,
  };
}

function summary(def: ObjectDef, version: string): Record<string, unknown> {
  return {
    name: def.name,
    label: def.label,
    labelPlural: def.labelPlural,
    keyPrefix: def.keyPrefix,
    custom: false,
    queryable: def.operations.query,
    retrieveable: def.operations.query,
    searchable: false,
    createable: def.operations.create,
    updateable: def.operations.update,
    deletable: def.operations.delete,
    undeletable: false,
    layoutable: false,
    urls: urls(def, version),
  };
}

/** `GET /sobjects/X/describe`. */
export function describeObject(def: ObjectDef, version: string): Record<string, unknown> {
  const children = OBJECTS.flatMap((o) =>
    o.fields
      .filter((f) => f.referenceTo === def.name)
      .map((f) => ({ childSObject: o.name, field: f.name, relationshipName: null, cascadeDelete: false })),
  );
  return { ...summary(def, version), fields: def.fields.map(describeField), childRelationships: children };
}

/** `GET /sobjects` (describe global). */
export function describeGlobal(version: string): Record<string, unknown> {
  return { encoding: 'UTF-8', maxBatchSize: 200, sobjects: OBJECTS.map((o) => summary(o, version)) };
}

/** `GET /sobjects/X` basic information. */
export function basicInfo(def: ObjectDef, version: string): Record<string, unknown> {
  return { objectDescribe: summary(def, version), recentItems: [] };
}
