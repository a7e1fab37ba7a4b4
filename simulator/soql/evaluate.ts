import { toId18 } from '../ids';
import { objectByName } from '../objects/registry';
import type { FieldDef, FieldValue, ObjectDef, Row } from '../objects/types';
import type { Store } from '../store';
import { parseDatetime, toJsonValue } from '../values';
import type { Condition, FieldRef, Literal, OrderItem, Query } from './ast';
import { resolveDateLiteral, type TimeRange } from './date-literals';
import { SoqlError } from './errors';
import { parseSoql } from './parser';

/** A JSON record as the REST API returns it. */
export interface JsonRecord {
  attributes: { type: string; url?: string };
  [field: string]: unknown;
}

/** What a query produced: records (maybe many, paged later by the caller) or a bare count. */
export type QueryOutcome =
  | { readonly kind: 'records'; readonly records: readonly JsonRecord[] }
  | { readonly kind: 'count'; readonly totalSize: number };

/** A field path resolved against the schema. */
interface ResolvedPath {
  /** Reference fields to follow, in order. */
  readonly hops: readonly FieldDef[];
  /** Relationship names along the way (canonical case). */
  readonly relNames: readonly string[];
  readonly leaf: FieldDef;
  readonly leafOwner: ObjectDef;
  readonly get: (row: Row) => FieldValue;
}

type Predicate = (row: Row) => boolean;

const STRINGY = new Set(['string', 'textarea', 'email', 'url', 'picklist']);

function dateToMs(value: string): number {
  return Date.parse(`${value}T00:00:00Z`);
}

/** Compiles and runs queries against one store. */
class Compiler {
  constructor(
    private readonly source: string,
    private readonly store: Store,
    private readonly now: number,
  ) {}

  private invalidField(reason: string, pos: number): never {
    throw new SoqlError('INVALID_FIELD', reason, this.source, pos);
  }

  resolve(base: ObjectDef, ref: FieldRef): ResolvedPath {
    const hops: FieldDef[] = [];
    const relNames: string[] = [];
    let def = base;
    for (let k = 0; k < ref.path.length - 1; k++) {
      const name = ref.path[k];
      const rel = def.relationshipMap.get(name.toLowerCase());
      const target = rel?.referenceTo ? objectByName(rel.referenceTo) : undefined;
      if (!rel || !target)
        this.invalidField(
          `Didn't understand relationship '${name}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
          ref.pos,
        );
      hops.push(rel);
      relNames.push(rel.relationshipName ?? name);
      def = target;
    }
    const leafName = ref.path[ref.path.length - 1];
    const leaf = def.fieldMap.get(leafName.toLowerCase());
    if (!leaf)
      this.invalidField(
        `No such column '${leafName}' on entity '${def.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
        ref.pos,
      );
    const store = this.store;
    const leafKey = leaf.name;
    const get =
      hops.length === 0
        ? (row: Row): FieldValue => row[leafKey] ?? null
        : (row: Row): FieldValue => {
            let current: Row | undefined = row;
            for (const hop of hops) {
              const id: FieldValue | undefined = current[hop.name];
              current = typeof id === 'string' ? store.get(hop.referenceTo as string, id) : undefined;
              if (!current) return null;
            }
            return current[leafKey] ?? null;
          };
    return { hops, relNames, leaf, leafOwner: def, get };
  }

  /** A literal converted to the stored form of `field`, or a time range for relative date literals. */
  private literalValue(field: FieldDef, lit: Literal, pos: number): FieldValue | TimeRange {
    if (lit.kind === 'null') return null;
    const t = field.type;
    const mismatch = (typeName: string, quoted: boolean): never =>
      this.invalidField(
        `value of filter criterion for field '${field.name}' must be of type ${typeName} and should ${quoted ? '' : 'not '}be enclosed in quotes`,
        pos,
      );
    if (t === 'id' || t === 'reference') {
      if (lit.kind !== 'string') return mismatch('id', true);
      const id18 = toId18(lit.value);
      if (!id18)
        throw new SoqlError(
          'INVALID_QUERY_FILTER_OPERATOR',
          `invalid ID field: ${lit.value}`,
          this.source,
          pos,
        );
      return id18;
    }
    if (STRINGY.has(t)) {
      if (lit.kind !== 'string') return mismatch('string', true);
      return lit.value.toLowerCase();
    }
    if (t === 'boolean') {
      if (lit.kind !== 'boolean') return mismatch('boolean', false);
      return lit.value;
    }
    if (t === 'int' || t === 'double') {
      if (lit.kind !== 'number') return mismatch(t === 'int' ? 'int' : 'double', false);
      return lit.value;
    }
    if (t === 'datetime') {
      if (lit.kind === 'dateLiteral') return resolveDateLiteral(lit.name, lit.n, this.now);
      if (lit.kind !== 'datetime') return mismatch('dateTime', false);
      const ms = parseDatetime(lit.text);
      if (ms === undefined) return mismatch('dateTime', false);
      return ms;
    }
    if (t === 'date') {
      if (lit.kind === 'dateLiteral') return resolveDateLiteral(lit.name, lit.n, this.now);
      if (lit.kind !== 'date') return mismatch('date', false);
      return dateToMs(lit.value);
    }
    return this.invalidField(`field '${field.name}' can not be filtered in a query call`, pos);
  }

  /** Normalises a stored value for comparison with a literal of the same field. */
  private static normalise(field: FieldDef, v: FieldValue): FieldValue {
    if (v === null) return null;
    if (STRINGY.has(field.type) && typeof v === 'string') return v.toLowerCase();
    if (field.type === 'date' && typeof v === 'string') return dateToMs(v);
    return v;
  }

  condition(base: ObjectDef, cond: Condition): Predicate {
    switch (cond.kind) {
      case 'and': {
        const parts = cond.operands.map((c) => this.condition(base, c));
        return (row) => parts.every((p) => p(row));
      }
      case 'or': {
        const parts = cond.operands.map((c) => this.condition(base, c));
        return (row) => parts.some((p) => p(row));
      }
      case 'not': {
        const inner = this.condition(base, cond.operand);
        return (row) => !inner(row);
      }
      case 'like': {
        const path = this.resolve(base, cond.field);
        if (!STRINGY.has(path.leaf.type) && path.leaf.type !== 'id' && path.leaf.type !== 'reference')
          this.invalidField(`invalid operator on ${path.leaf.type} field: LIKE`, cond.valuePos);
        const matcher = likeMatcher(cond.pattern);
        return (row) => {
          const v = path.get(row);
          return typeof v === 'string' && matcher(v);
        };
      }
      case 'in': {
        const path = this.resolve(base, cond.field);
        if (path.leaf.type === 'boolean')
          this.invalidField(
            `invalid operator on boolean field: ${cond.negated ? 'NOT IN' : 'IN'}`,
            cond.valuePos,
          );
        const values = new Set<FieldValue>();
        for (const lit of cond.values) {
          const v = this.literalValue(path.leaf, lit, cond.valuePos);
          if (v !== null && typeof v === 'object')
            this.invalidField('date literals are not supported in IN', cond.valuePos);
          values.add(v);
        }
        const leaf = path.leaf;
        return (row) => values.has(Compiler.normalise(leaf, path.get(row))) !== cond.negated;
      }
      case 'compare': {
        const path = this.resolve(base, cond.field);
        const leaf = path.leaf;
        const lit = this.literalValue(leaf, cond.value, cond.valuePos);
        const op = cond.op;
        if (leaf.type === 'boolean' && op !== '=' && op !== '!=')
          this.invalidField(`invalid operator on boolean field: ${op}`, cond.valuePos);
        if (lit === null) {
          if (op === '=') return (row) => path.get(row) === null;
          if (op === '!=') return (row) => path.get(row) !== null;
          return () => false;
        }
        if (typeof lit === 'object') {
          const { start, end } = lit;
          return (row) => {
            const v = Compiler.normalise(leaf, path.get(row));
            if (typeof v !== 'number') return op === '!=';
            switch (op) {
              case '=':
                return v >= start && v < end;
              case '!=':
                return v < start || v >= end;
              case '<':
                return v < start;
              case '<=':
                return v < end;
              case '>':
                return v >= end;
              case '>=':
                return v >= start;
            }
          };
        }
        return (row) => {
          const v = Compiler.normalise(leaf, path.get(row));
          if (v === null) return op === '!=';
          switch (op) {
            case '=':
              return v === lit;
            case '!=':
              return v !== lit;
            case '<':
              return v < lit;
            case '<=':
              return v <= lit;
            case '>':
              return v > lit;
            case '>=':
              return v >= lit;
          }
        };
      }
    }
  }

  /** Rows worth testing: narrowed through an index when the filter pins an indexed field. */
  candidates(base: ObjectDef, where: Condition | undefined): Iterable<Row> {
    const conjuncts = where === undefined ? [] : where.kind === 'and' ? where.operands : [where];
    for (const c of conjuncts) {
      if ((c.kind !== 'compare' || c.op !== '=') && (c.kind !== 'in' || c.negated)) continue;
      if (c.field.path.length !== 1) continue;
      const fd = base.fieldMap.get(c.field.path[0].toLowerCase());
      if (!fd || !this.store.isIndexed(base.name, fd.name)) continue;
      const lits = c.kind === 'in' ? c.values : [c.value];
      if (lits.some((l) => l.kind !== 'string')) continue;
      const out = new Map<string, Row>();
      for (const lit of lits)
        for (const row of this.store.findBy(base.name, fd.name, (lit as { value: string }).value))
          out.set(String(row.Id), row);
      return out.values();
    }
    return this.store.all(base.name);
  }

  comparator(base: ObjectDef, items: readonly OrderItem[]): ((a: Row, b: Row) => number) | undefined {
    if (items.length === 0) return undefined;
    const keys = items.map((item) => {
      const path = this.resolve(base, item.field);
      if (path.leaf.type === 'base64' || path.leaf.type === 'textarea')
        this.invalidField(`field '${path.leaf.name}' can not be sorted in a query call`, item.field.pos);
      const desc = item.direction === 'DESC';
      const nullsFirst = item.nulls ? item.nulls === 'FIRST' : !desc;
      return { path, desc, nullsFirst };
    });
    return (a, b) => {
      for (const { path, desc, nullsFirst } of keys) {
        const va = Compiler.normalise(path.leaf, path.get(a));
        const vb = Compiler.normalise(path.leaf, path.get(b));
        if (va === vb) continue;
        if (va === null) return nullsFirst ? -1 : 1;
        if (vb === null) return nullsFirst ? 1 : -1;
        const c = va < vb ? -1 : 1;
        return desc ? -c : c;
      }
      return 0;
    };
  }
}

/** A LIKE pattern matcher: `%` any run, `_` one character, `\%` `\_` literal; case-insensitive. */
export function likeMatcher(pattern: string): (value: string) => boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && (pattern[i + 1] === '%' || pattern[i + 1] === '_')) {
      re += pattern[i + 1];
      i++;
    } else if (c === '%') re += '[\\s\\S]*';
    else if (c === '_') re += '[\\s\\S]';
    else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  const compiled = new RegExp(`^${re}$`, 'i');
  return (value) => compiled.test(value);
}

function recordUrl(apiVersion: string, type: string, id: FieldValue): string {
  return `/services/data/v${apiVersion}/sobjects/${type}/${String(id)}`;
}

/**
 * Parses and runs `soql` against `store` at time `now`. Returns JSON records shaped as the REST API shapes
 * them (attributes, nested parent relationships), or a count for `SELECT COUNT()`.
 */
export function runQuery(soql: string, store: Store, now: number, apiVersion: string): QueryOutcome {
  const query: Query = parseSoql(soql);
  const base = objectByName(query.from.name);
  if (!base || !base.operations.query)
    throw new SoqlError(
      'INVALID_TYPE',
      `sObject type '${query.from.name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
      soql,
      query.from.pos,
    );
  const compiler = new Compiler(soql, store, now);
  const counts = query.select.filter((s) => s.kind === 'count');
  if (counts.length > 0 && query.select.length > 1) {
    const pos = counts[0]?.pos ?? 0;
    throw new SoqlError(
      'MALFORMED_QUERY',
      'COUNT() and COUNT(field) must be the only item in the SELECT list',
      soql,
      pos,
    );
  }
  const fields = query.select.flatMap((s) => (s.kind === 'field' ? [compiler.resolve(base, s.field)] : []));
  const seen = new Set<string>();
  for (const [k, s] of query.select.entries()) {
    const p = fields[k];
    if (s.kind !== 'field' || !p) continue;
    const key = [...p.relNames, p.leaf.name].join('.').toLowerCase();
    if (seen.has(key))
      throw new SoqlError(
        'MALFORMED_QUERY',
        `duplicate field selected: ${s.field.path.join('.')}`,
        soql,
        s.field.pos,
      );
    seen.add(key);
  }
  const predicate = query.where ? compiler.condition(base, query.where) : undefined;
  const compare = compiler.comparator(base, query.orderBy);
  let rows: Row[] = [];
  for (const row of compiler.candidates(base, query.where)) if (!predicate || predicate(row)) rows.push(row);
  const countItem = counts[0];
  if (countItem?.kind === 'count' && !countItem.field) return { kind: 'count', totalSize: rows.length };
  if (compare) rows.sort(compare);
  if (query.offset) rows = rows.slice(query.offset);
  if (query.limit !== undefined) rows = rows.slice(0, query.limit);
  if (countItem?.kind === 'count' && countItem.field) {
    const path = compiler.resolve(base, countItem.field);
    const n = rows.filter((r) => path.get(r) !== null).length;
    return { kind: 'records', records: [{ attributes: { type: 'AggregateResult' }, expr0: n }] };
  }
  return { kind: 'records', records: rows.map((row) => project(row, base, fields, store, apiVersion)) };
}

function project(
  row: Row,
  base: ObjectDef,
  fields: readonly ResolvedPath[],
  store: Store,
  apiVersion: string,
): JsonRecord {
  const out: JsonRecord = { attributes: { type: base.name, url: recordUrl(apiVersion, base.name, row.Id) } };
  for (const path of fields) {
    let target: JsonRecord = out;
    let current: Row | undefined = row;
    let broken = false;
    for (const [k, hop] of path.hops.entries()) {
      const rel = path.relNames[k];
      const id: FieldValue | undefined = current[hop.name];
      const next: Row | undefined =
        typeof id === 'string' ? store.get(hop.referenceTo as string, id) : undefined;
      if (!next) {
        if (!(rel in target)) target[rel] = null;
        broken = true;
        break;
      }
      const type = hop.referenceTo as string;
      let child = target[rel] as JsonRecord | null | undefined;
      if (!child) {
        child = { attributes: { type, url: recordUrl(apiVersion, type, next.Id) } };
        target[rel] = child;
      }
      target = child;
      current = next;
    }
    if (broken) continue;
    const leaf = path.leaf;
    target[leaf.name] =
      leaf.type === 'base64'
        ? `${recordUrl(apiVersion, path.leafOwner.name, current.Id)}/${leaf.name}`
        : toJsonValue(leaf, current[leaf.name]);
  }
  return out;
}
