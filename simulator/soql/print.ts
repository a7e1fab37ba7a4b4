import type { Condition, FieldRef, Literal, OrderItem, Query, SelectItem } from './ast';

/** Quotes a string literal with SOQL escapes (LIKE's `\%` and `\_` are kept as written). */
export function quote(value: string): string {
  let out = "'";
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\' && (value[i + 1] === '%' || value[i + 1] === '_')) {
      out += c + value[i + 1];
      i++;
    } else if (c === "'") out += "\\'";
    else if (c === '\\') out += '\\\\';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else out += c;
  }
  return `${out}'`;
}

function field(f: FieldRef): string {
  return f.path.join('.');
}

/** Prints a literal in SOQL syntax. */
export function printLiteral(lit: Literal): string {
  switch (lit.kind) {
    case 'string':
      return quote(lit.value);
    case 'number':
      return lit.text;
    case 'boolean':
      return lit.value ? 'TRUE' : 'FALSE';
    case 'null':
      return 'NULL';
    case 'date':
      return lit.value;
    case 'datetime':
      return lit.text;
    case 'dateLiteral':
      return lit.n === undefined ? lit.name : `${lit.name}:${lit.n}`;
  }
}

/** Prints a condition; nested AND/OR groups are parenthesised as SOQL requires. */
export function printCondition(c: Condition): string {
  const wrap = (inner: Condition): string =>
    inner.kind === 'and' || inner.kind === 'or' ? `(${printCondition(inner)})` : printCondition(inner);
  switch (c.kind) {
    case 'and':
    case 'or':
      return c.operands.map(wrap).join(c.kind === 'and' ? ' AND ' : ' OR ');
    case 'not':
      return `NOT ${c.operand.kind === 'not' ? printCondition(c.operand) : `(${printCondition(c.operand)})`}`;
    case 'compare':
      return `${field(c.field)} ${c.op} ${printLiteral(c.value)}`;
    case 'like':
      return `${field(c.field)} LIKE ${quote(c.pattern)}`;
    case 'in':
      return `${field(c.field)} ${c.negated ? 'NOT IN' : 'IN'} (${c.values.map(printLiteral).join(', ')})`;
  }
}

function printSelect(s: SelectItem): string {
  return s.kind === 'field' ? field(s.field) : `COUNT(${s.field ? field(s.field) : ''})`;
}

function printOrder(o: OrderItem): string {
  return `${field(o.field)} ${o.direction}${o.nulls ? ` NULLS ${o.nulls}` : ''}`;
}

/** Prints a query in canonical form: parse(print(q)) is structurally equal to q. */
export function printSoql(q: Query): string {
  let out = `SELECT ${q.select.map(printSelect).join(', ')} FROM ${q.from.name}`;
  if (q.where) out += ` WHERE ${printCondition(q.where)}`;
  if (q.orderBy.length > 0) out += ` ORDER BY ${q.orderBy.map(printOrder).join(', ')}`;
  if (q.limit !== undefined) out += ` LIMIT ${q.limit}`;
  if (q.offset !== undefined) out += ` OFFSET ${q.offset}`;
  return out;
}
