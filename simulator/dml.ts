import { keyPrefix, toId18 } from './ids';
import type { AuditEntry, ObjectDef, RecordError, Row, RuleContext } from './objects/types';
import { objectByName, objectByPrefix } from './objects/registry';
import type { Store, Transaction } from './store';
import { fromJsonValue } from './values';

/** Outcome of one record operation. */
export type DmlOutcome = { ok: true; id: string } | { ok: false; id?: string; error: RecordError };

/** Who acts, when, inside which transaction, and whether a fault should fail this record. */
export interface DmlContext {
  readonly actorId: string;
  readonly now: number;
  readonly tx?: Transaction;
  /** Returns true to fail this record with UNABLE_TO_LOCK_ROW (fault injection). */
  readonly lockFault?: () => boolean;
  /** Skip the object's REST operation check (the simulator's own side effects, e.g. revoke). */
  readonly internal?: boolean;
}

/** Salesforce's wording when an object does not support an operation through the API. */
export function unsupported(def: ObjectDef, op: 'insert' | 'update' | 'delete'): RecordError {
  const verb = op === 'insert' ? 'inserted' : op === 'update' ? 'updated' : 'deleted';
  return {
    statusCode: 'INVALID_TYPE_FOR_OPERATION',
    message: `entity type cannot be ${verb}: ${def.name}`,
    fields: [],
  };
}

function err(statusCode: string, message: string, fields: string[] = []): RecordError {
  return { statusCode, message, fields };
}

const LOCK_ERROR = err('UNABLE_TO_LOCK_ROW', 'unable to obtain exclusive access to this record or 1 records');

/** Resolves a record ID for `def` (or any object when `def` is undefined), with Salesforce's error when not. */
export function resolveRecord(
  store: Store,
  def: ObjectDef | undefined,
  rawId: unknown,
): { ok: true; def: ObjectDef; row: Row } | { ok: false; error: RecordError } {
  const id18 = typeof rawId === 'string' ? toId18(rawId) : undefined;
  const owner = id18 ? objectByPrefix(keyPrefix(id18)) : undefined;
  if (!id18 || !owner || (def && owner !== def)) {
    const label = def ? `${def.name} ID` : 'Record ID';
    return {
      ok: false,
      error: err('MALFORMED_ID', `${label}: id value of incorrect type: ${String(rawId)}`, ['Id']),
    };
  }
  const row = store.get(owner.name, id18);
  if (row) return { ok: true, def: owner, row };
  if (store.wasDeleted(owner.name, id18))
    return { ok: false, error: err('ENTITY_IS_DELETED', 'entity is deleted') };
  return { ok: false, error: err('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id') };
}

/**
 * Inserts, updates and deletes records with Salesforce's field checks and each object's business rules,
 * and writes the SetupAuditTrail entry a real org would for every accepted Setup change.
 */
export class Dml {
  constructor(
    private readonly store: Store,
    private readonly blockers: ReadonlyMap<string, string>,
  ) {}

  private ruleContext(ctx: DmlContext): RuleContext {
    return {
      get: (type, id) => this.store.get(type, id),
      findBy: (type, field, value) => this.store.findBy(type, field, value),
      deactivationBlocker: (userId) => this.blockers.get(userId),
      actorId: ctx.actorId,
      now: ctx.now,
    };
  }

  private coerce(def: ObjectDef, input: Record<string, unknown>, op: 'insert' | 'update'): Row | RecordError {
    const out: Row = {};
    const unknown: string[] = [];
    const readOnly: string[] = [];
    for (const [name, raw] of Object.entries(input)) {
      if (name === 'attributes' || (name === 'Id' && op === 'update') || name.toLowerCase() === 'id')
        continue;
      const fd = def.fieldMap.get(name.toLowerCase());
      if (!fd) {
        unknown.push(name);
        continue;
      }
      if (op === 'insert' ? !fd.createable : !fd.updateable) {
        readOnly.push(fd.name);
        continue;
      }
      const c = fromJsonValue(fd, raw);
      if (!c.ok)
        return err(
          'INVALID_TYPE_ON_FIELD_IN_RECORD',
          `${fd.label}: value not of required type: ${JSON.stringify(raw)}`,
          [fd.name],
        );
      if (c.value === null && !fd.nillable)
        return err('REQUIRED_FIELD_MISSING', `Required fields are missing: [${fd.name}]`, [fd.name]);
      out[fd.name] = c.value;
    }
    if (unknown.length > 0)
      return err('INVALID_FIELD', `No such column '${unknown[0]}' on sobject of type ${def.name}`, unknown);
    if (readOnly.length > 0)
      return err(
        'INVALID_FIELD_FOR_INSERT_UPDATE',
        `Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
        readOnly,
      );
    return out;
  }

  private writeAudit(entry: AuditEntry | undefined, ctx: DmlContext): void {
    if (!entry) return;
    const row: Row = {
      Id: this.store.ids.next('0Ym'),
      Action: entry.action,
      Section: entry.section,
      Display: entry.display,
      CreatedDate: ctx.now,
      CreatedById: ctx.actorId,
      DelegateUser: null,
      ResponsibleNamespacePrefix: null,
    };
    this.store.insert('SetupAuditTrail', row, ctx.tx);
  }

  private stamp(def: ObjectDef, row: Row, ctx: DmlContext, created: boolean): void {
    const has = (name: string): boolean => def.fieldMap.has(name.toLowerCase());
    if (created && has('CreatedDate')) row.CreatedDate = ctx.now;
    if (created && has('CreatedById')) row.CreatedById = ctx.actorId;
    if (has('LastModifiedDate')) row.LastModifiedDate = ctx.now;
    if (has('LastModifiedById')) row.LastModifiedById = ctx.actorId;
    if (has('SystemModstamp')) row.SystemModstamp = ctx.now;
  }

  /** Creates a record of `typeName` from JSON fields. */
  insert(typeName: string, input: Record<string, unknown>, ctx: DmlContext): DmlOutcome {
    const def = objectByName(typeName);
    if (!def)
      return { ok: false, error: err('INVALID_TYPE', `sObject type '${typeName}' is not supported.`) };
    if (!ctx.internal && !def.operations.create) return { ok: false, error: unsupported(def, 'insert') };
    const coerced = this.coerce(def, input, 'insert');
    if ('statusCode' in coerced) return { ok: false, error: coerced as RecordError };
    const row = coerced;
    const missing = def.fields.filter(
      (f) => f.required && (row[f.name] === undefined || row[f.name] === null),
    );
    if (missing.length > 0)
      return {
        ok: false,
        error: err(
          'REQUIRED_FIELD_MISSING',
          `Required fields are missing: [${missing.map((f) => f.name).join(', ')}]`,
          missing.map((f) => f.name),
        ),
      };
    for (const f of def.fields)
      if (row[f.name] === undefined) row[f.name] = f.type === 'boolean' ? false : null;
    const rc = this.ruleContext(ctx);
    const refused = def.rules.beforeInsert?.(row, rc);
    if (refused) return { ok: false, error: refused };
    if (ctx.lockFault?.()) return { ok: false, error: LOCK_ERROR };
    row.Id = this.store.ids.next(def.keyPrefix);
    this.stamp(def, row, ctx, true);
    this.store.insert(def.name, row, ctx.tx);
    this.writeAudit(def.rules.audit?.('insert', undefined, row, rc), ctx);
    return { ok: true, id: String(row.Id) };
  }

  /** Updates record `rawId` (of `typeName`, or any type when undefined) with JSON fields. */
  update(
    typeName: string | undefined,
    rawId: unknown,
    input: Record<string, unknown>,
    ctx: DmlContext,
  ): DmlOutcome {
    const typed = typeName === undefined ? undefined : objectByName(typeName);
    if (typeName !== undefined && !typed)
      return { ok: false, error: err('INVALID_TYPE', `sObject type '${typeName}' is not supported.`) };
    const found = resolveRecord(this.store, typed, rawId);
    if (!found.ok)
      return { ok: false, ...(typeof rawId === 'string' ? { id: rawId } : {}), error: found.error };
    const { def, row } = found;
    const id = String(row.Id);
    if (!ctx.internal && !def.operations.update) return { ok: false, id, error: unsupported(def, 'update') };
    const coerced = this.coerce(def, input, 'update');
    if ('statusCode' in coerced) return { ok: false, id, error: coerced as RecordError };
    const changes = coerced;
    const rc = this.ruleContext(ctx);
    const refused = def.rules.beforeUpdate?.(row, changes, rc);
    if (refused) return { ok: false, id, error: refused };
    if (ctx.lockFault?.()) return { ok: false, id, error: LOCK_ERROR };
    const before: Row = { ...row };
    this.stamp(def, changes, ctx, false);
    this.store.update(def.name, row, changes, ctx.tx);
    this.writeAudit(def.rules.audit?.('update', before, row, rc), ctx);
    return { ok: true, id };
  }

  /** Deletes record `rawId` (of `typeName`, or any type when undefined). */
  delete(typeName: string | undefined, rawId: unknown, ctx: DmlContext): DmlOutcome {
    const typed = typeName === undefined ? undefined : objectByName(typeName);
    const found = resolveRecord(this.store, typed, rawId);
    if (!found.ok)
      return { ok: false, ...(typeof rawId === 'string' ? { id: rawId } : {}), error: found.error };
    const { def, row } = found;
    const id = String(row.Id);
    if (!ctx.internal && !def.operations.delete) return { ok: false, id, error: unsupported(def, 'delete') };
    const rc = this.ruleContext(ctx);
    const refused = def.rules.beforeDelete?.(row, rc);
    if (refused) return { ok: false, id, error: refused };
    if (ctx.lockFault?.()) return { ok: false, id, error: LOCK_ERROR };
    this.store.delete(def.name, id, ctx.tx);
    this.writeAudit(def.rules.audit?.('delete', row, undefined, rc), ctx);
    return { ok: true, id };
  }
}
