import { IdFactory, keyPrefix, toId18 } from './ids';
import { OBJECTS, objectByName, objectByPrefix } from './objects/registry';
import type { FieldValue, ObjectDef, Row } from './objects/types';

function indexKey(value: FieldValue): string {
  return typeof value === 'string' ? value.toLowerCase() : String(value);
}

/** One object's rows plus equality indexes on its indexed fields. */
class Table {
  readonly rows = new Map<string, Row>();
  readonly deleted = new Set<string>();
  private readonly indexes = new Map<string, Map<string, Set<string>>>();

  constructor(readonly def: ObjectDef) {
    for (const name of def.indexed) this.indexes.set(name, new Map());
  }

  isIndexed(fieldName: string): boolean {
    return this.indexes.has(fieldName);
  }

  add(row: Row): void {
    const id = String(row.Id);
    this.rows.set(id, row);
    this.deleted.delete(id);
    for (const [name, index] of this.indexes) this.indexAdd(index, row[name] ?? null, id);
  }

  remove(id: string): Row | undefined {
    const row = this.rows.get(id);
    if (!row) return undefined;
    this.rows.delete(id);
    this.deleted.add(id);
    for (const [name, index] of this.indexes) index.get(indexKey(row[name] ?? null))?.delete(id);
    return row;
  }

  /** Applies `changes` in place, keeping indexes current; returns the previous values of changed fields. */
  patch(row: Row, changes: Row): Row {
    const previous: Row = {};
    const id = String(row.Id);
    for (const [name, value] of Object.entries(changes)) {
      previous[name] = row[name] ?? null;
      const index = this.indexes.get(name);
      if (index) {
        index.get(indexKey(row[name] ?? null))?.delete(id);
        this.indexAdd(index, value, id);
      }
      row[name] = value;
    }
    return previous;
  }

  lookup(fieldName: string, value: FieldValue): Row[] {
    const ids = this.indexes.get(fieldName)?.get(indexKey(value));
    if (!ids) return [];
    const out: Row[] = [];
    for (const id of ids) {
      const row = this.rows.get(id);
      if (row) out.push(row);
    }
    return out;
  }

  private indexAdd(index: Map<string, Set<string>>, value: FieldValue, id: string): void {
    const key = indexKey(value);
    let set = index.get(key);
    if (!set) index.set(key, (set = new Set()));
    set.add(id);
  }
}

/** Undo log of one DML call, so `allOrNone` can roll everything back. */
export class Transaction {
  private readonly undo: Array<() => void> = [];

  /** Records how to reverse a change just made. */
  push(step: () => void): void {
    this.undo.push(step);
  }

  /** Reverses every change in this transaction, newest first. */
  rollback(): void {
    for (let i = this.undo.length - 1; i >= 0; i--) this.undo[i]?.();
    this.undo.length = 0;
  }
}

/**
 * The org's data: one {@link Table} per object, IDs from a deterministic factory. All lookups by ID are
 * map lookups; reference fields the objects declare as indexed have equality indexes.
 */
export class Store {
  readonly ids: IdFactory;
  private readonly tables = new Map<string, Table>();

  constructor(ids = new IdFactory()) {
    this.ids = ids;
    for (const def of OBJECTS) this.tables.set(def.name, new Table(def));
  }

  private table(type: string): Table {
    const t = this.tables.get(type) ?? this.tables.get(objectByName(type)?.name ?? '');
    if (!t) throw new Error(`Unknown sObject ${type}`);
    return t;
  }

  /** The row with this 15- or 18-character ID of object `type`, if it exists. */
  get(type: string, id: string): Row | undefined {
    const id18 = toId18(id);
    return id18 ? this.table(type).rows.get(id18) : undefined;
  }

  /** The row with this ID whatever its object, found by key prefix, plus its object. */
  getAny(id: string): { def: ObjectDef; row: Row } | undefined {
    const id18 = toId18(id);
    const def = id18 ? objectByPrefix(keyPrefix(id18)) : undefined;
    const row = def && id18 ? this.table(def.name).rows.get(id18) : undefined;
    return def && row ? { def, row } : undefined;
  }

  /** True when a row with this ID existed and was deleted. */
  wasDeleted(type: string, id: string): boolean {
    const id18 = toId18(id);
    return id18 ? this.table(type).deleted.has(id18) : false;
  }

  /** All rows of `type` (live view; do not mutate while iterating). */
  all(type: string): IterableIterator<Row> {
    return this.table(type).rows.values();
  }

  /** Number of rows of `type`. */
  count(type: string): number {
    return this.table(type).rows.size;
  }

  /** True when `fieldName` of `type` has an equality index. */
  isIndexed(type: string, fieldName: string): boolean {
    return fieldName === 'Id' || this.table(type).isIndexed(fieldName);
  }

  /** Rows whose `fieldName` equals `value` (case-insensitive for text, exact for IDs). */
  findBy(type: string, fieldName: string, value: FieldValue): Row[] {
    const table = this.table(type);
    if (fieldName === 'Id') {
      const row = typeof value === 'string' ? this.get(type, value) : undefined;
      return row ? [row] : [];
    }
    if (table.isIndexed(fieldName)) {
      const def = table.def.fieldMap.get(fieldName.toLowerCase());
      const exact = def?.type === 'reference' || def?.type === 'id';
      const wanted = exact && typeof value === 'string' ? (toId18(value) ?? value) : value;
      return table.lookup(fieldName, wanted).filter((r) => (exact ? r[fieldName] === wanted : true));
    }
    const wanted = typeof value === 'string' ? value.toLowerCase() : value;
    const out: Row[] = [];
    for (const row of table.rows.values()) {
      const v = row[fieldName];
      if ((typeof v === 'string' ? v.toLowerCase() : v) === wanted) out.push(row);
    }
    return out;
  }

  /** Inserts a row (it must carry its `Id`); journaled in `tx` when given. */
  insert(type: string, row: Row, tx?: Transaction): void {
    const table = this.table(type);
    table.add(row);
    tx?.push(() => {
      table.remove(String(row.Id));
      table.deleted.delete(String(row.Id));
    });
  }

  /** Applies field changes to an existing row; journaled in `tx` when given. */
  update(type: string, row: Row, changes: Row, tx?: Transaction): void {
    const table = this.table(type);
    const previous = table.patch(row, changes);
    tx?.push(() => table.patch(row, previous));
  }

  /** Deletes a row by 18-character ID; journaled in `tx` when given. */
  delete(type: string, id18: string, tx?: Transaction): Row | undefined {
    const table = this.table(type);
    const row = table.remove(id18);
    if (row) tx?.push(() => table.add(row));
    return row;
  }
}
