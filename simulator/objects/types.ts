/** Types describing the sObjects the simulator serves: fields, operations, and per-object business rules. */

/** Salesforce field types the simulator models (the names `describe` reports). */
export type FieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'email'
  | 'url'
  | 'picklist'
  | 'boolean'
  | 'int'
  | 'double'
  | 'datetime'
  | 'date'
  | 'reference'
  | 'base64';

/** A stored field value. Datetimes are epoch milliseconds, dates `YYYY-MM-DD`, IDs 18 characters. */
export type FieldValue = string | number | boolean | null;

/** One stored record, keyed by canonical field name. */
export type Row = Record<string, FieldValue>;

/** One field of an sObject, as `describe` reports it. */
export interface FieldDef {
  readonly name: string;
  readonly type: FieldType;
  readonly label: string;
  readonly createable: boolean;
  readonly updateable: boolean;
  readonly nillable: boolean;
  /** Required on insert (and not nillable). */
  readonly required: boolean;
  readonly referenceTo?: string;
  readonly relationshipName?: string;
  readonly picklistValues?: readonly string[];
  readonly length: number;
}

/** Which DML/query operations an object supports through the REST API. */
export interface ObjectOperations {
  readonly query: boolean;
  readonly create: boolean;
  readonly update: boolean;
  readonly delete: boolean;
}

/** A record-level error as Salesforce reports it in save results. */
export interface RecordError {
  readonly statusCode: string;
  readonly message: string;
  readonly fields: readonly string[];
}

/** A SetupAuditTrail entry an object's rules ask to write for an accepted mutation. */
export interface AuditEntry {
  readonly action: string;
  readonly section: string;
  readonly display: string;
}

/** What rules can see: read access to the org and who is acting, when. */
export interface RuleContext {
  get(type: string, id: string): Row | undefined;
  findBy(type: string, field: string, value: FieldValue): Row[];
  /** Simulator-only facts about a user (seeded), e.g. why deactivation is blocked. */
  deactivationBlocker(userId: string): string | undefined;
  readonly actorId: string;
  readonly now: number;
}

/** Business rules Salesforce enforces for one object; each hook returns an error to refuse the change. */
export interface ObjectRules {
  beforeInsert?(row: Row, ctx: RuleContext): RecordError | undefined;
  beforeUpdate?(before: Row, changes: Row, ctx: RuleContext): RecordError | undefined;
  beforeDelete?(row: Row, ctx: RuleContext): RecordError | undefined;
  /** The audit entry a real org writes for this accepted change, if any. */
  audit?(
    op: 'insert' | 'update' | 'delete',
    before: Row | undefined,
    after: Row | undefined,
    ctx: RuleContext,
  ): AuditEntry | undefined;
}

/** An sObject definition. */
export interface ObjectDef {
  readonly name: string;
  readonly label: string;
  readonly labelPlural: string;
  readonly keyPrefix: string;
  /** A Setup object: DML on it may not be mixed with non-Setup objects in one call. */
  readonly setup: boolean;
  readonly operations: ObjectOperations;
  readonly fields: readonly FieldDef[];
  /** Fields by lower-case name. */
  readonly fieldMap: ReadonlyMap<string, FieldDef>;
  /** Reference fields by lower-case relationship name. */
  readonly relationshipMap: ReadonlyMap<string, FieldDef>;
  /** Fields kept in an index for fast equality lookups (IDs are always indexed). */
  readonly indexed: readonly string[];
  readonly rules: ObjectRules;
}

/** Shorthand for a field; `flags` is a string of letters: c = createable, u = updateable, r = required. */
export function field(
  name: string,
  type: FieldType,
  flags = '',
  extra: {
    referenceTo?: string;
    relationshipName?: string;
    picklistValues?: readonly string[];
    label?: string;
  } = {},
): FieldDef {
  const required = flags.includes('r');
  return {
    name,
    type,
    label: extra.label ?? name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/ Id$/, ' ID'),
    createable: flags.includes('c'),
    updateable: flags.includes('u'),
    nillable: !required && type !== 'boolean' && type !== 'id',
    required,
    length: type === 'string' || type === 'email' || type === 'url' || type === 'picklist' ? 255 : 0,
    ...(extra.referenceTo ? { referenceTo: extra.referenceTo } : {}),
    ...(extra.relationshipName ? { relationshipName: extra.relationshipName } : {}),
    ...(extra.picklistValues ? { picklistValues: extra.picklistValues } : {}),
  };
}

/** A reference field with its relationship name (e.g. `UserId` → `User`). */
export function reference(name: string, to: string, flags = '', relationshipName?: string): FieldDef {
  return field(name, 'reference', flags, {
    referenceTo: to,
    relationshipName: relationshipName ?? name.replace(/Id$/, ''),
  });
}

/** The standard system audit fields most objects have. */
export function systemFields(): FieldDef[] {
  return [
    field('CreatedDate', 'datetime'),
    reference('CreatedById', 'User'),
    field('LastModifiedDate', 'datetime'),
    reference('LastModifiedById', 'User'),
    field('SystemModstamp', 'datetime'),
  ];
}

/** Builds an {@link ObjectDef}, adding `Id` and the lookup maps. */
export function defineObject(spec: {
  name: string;
  label?: string;
  labelPlural?: string;
  keyPrefix: string;
  setup: boolean;
  operations: ObjectOperations;
  fields: FieldDef[];
  indexed?: string[];
  rules?: ObjectRules;
}): ObjectDef {
  const fields = [field('Id', 'id'), ...spec.fields];
  const fieldMap = new Map(fields.map((f) => [f.name.toLowerCase(), f]));
  const relationshipMap = new Map(
    fields.filter((f) => f.relationshipName).map((f) => [(f.relationshipName ?? '').toLowerCase(), f]),
  );
  const label = spec.label ?? spec.name.replace(/([a-z])([A-Z])/g, '$1 $2');
  return {
    name: spec.name,
    label,
    labelPlural: spec.labelPlural ?? `${label}s`,
    keyPrefix: spec.keyPrefix,
    setup: spec.setup,
    operations: spec.operations,
    fields,
    fieldMap,
    relationshipMap,
    indexed: spec.indexed ?? [],
    rules: spec.rules ?? {},
  };
}

/** Operation sets used by several objects. */
export const OPS = {
  readOnly: { query: true, create: false, update: false, delete: false },
  all: { query: true, create: true, update: true, delete: true },
} as const;
