import type { CompareOp, Condition, FieldRef, Literal, OrderItem, Query, SelectItem } from './ast';
import { DATE_LITERALS, PARAM_DATE_LITERALS } from './date-literals';
import { SoqlError } from './errors';
import { tokenize, type Token } from './lexer';

const RESERVED = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'AND',
  'OR',
  'NOT',
  'IN',
  'LIKE',
  'ORDER',
  'BY',
  'LIMIT',
  'OFFSET',
  'ASC',
  'DESC',
  'NULLS',
  'NULL',
  'TRUE',
  'FALSE',
  'GROUP',
  'HAVING',
  'INCLUDES',
  'EXCLUDES',
]);

/** Recursive-descent parser over the token list; one instance per query. */
class Parser {
  private i = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  private get tok(): Token {
    return this.tokens[this.i];
  }

  private fail(token: Token = this.tok): never {
    throw new SoqlError(
      'MALFORMED_QUERY',
      `unexpected token: ${token.kind === 'eof' ? '<EOF>' : `'${token.text}'`}`,
      this.source,
      token.pos,
    );
  }

  private isKeyword(word: string, offset = 0): boolean {
    const t = this.tokens[this.i + offset];
    return t !== undefined && t.kind === 'ident' && t.text.toUpperCase() === word;
  }

  private acceptKeyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.i++;
    return true;
  }

  private expectKeyword(word: string): Token {
    if (!this.isKeyword(word)) this.fail();
    return this.tokens[this.i++];
  }

  private isPunct(p: string): boolean {
    return this.tok.kind === 'punct' && this.tok.text === p;
  }

  private expectPunct(p: string): Token {
    if (!this.isPunct(p)) this.fail();
    return this.tokens[this.i++];
  }

  private identifier(): Token {
    const t = this.tok;
    if (t.kind !== 'ident' || RESERVED.has(t.text.toUpperCase())) this.fail();
    this.i++;
    return t;
  }

  parseQuery(): Query {
    this.expectKeyword('SELECT');
    const select = this.selectList();
    this.expectKeyword('FROM');
    const fromTok = this.identifier();
    let where: Condition | undefined;
    if (this.acceptKeyword('WHERE')) where = this.condition();
    const orderBy: OrderItem[] = [];
    if (this.acceptKeyword('ORDER')) {
      this.expectKeyword('BY');
      do orderBy.push(this.orderItem());
      while (this.isPunct(',') && ++this.i);
    }
    let limit: number | undefined;
    let offset: number | undefined;
    if (this.acceptKeyword('LIMIT')) limit = this.integer();
    if (this.acceptKeyword('OFFSET')) offset = this.integer();
    if (this.tok.kind !== 'eof') this.fail();
    return {
      select,
      from: { name: fromTok.text, pos: fromTok.pos },
      ...(where ? { where } : {}),
      orderBy,
      ...(limit !== undefined ? { limit } : {}),
      ...(offset !== undefined ? { offset } : {}),
    };
  }

  private integer(): number {
    const t = this.tok;
    if (t.kind !== 'number' || t.text.includes('.')) this.fail();
    this.i++;
    return Number(t.text);
  }

  private selectList(): SelectItem[] {
    const items: SelectItem[] = [];
    do {
      if (this.isKeyword('COUNT') && this.tokens[this.i + 1]?.text === '(') {
        const pos = this.tok.pos;
        this.i += 2;
        if (this.isPunct(')')) {
          this.i++;
          items.push({ kind: 'count', pos });
        } else {
          const field = this.fieldRef();
          this.expectPunct(')');
          items.push({ kind: 'count', field, pos });
        }
      } else {
        items.push({ kind: 'field', field: this.fieldRef() });
      }
    } while (this.isPunct(',') && ++this.i);
    return items;
  }

  private fieldRef(): FieldRef {
    const first = this.identifier();
    const path = [first.text];
    while (this.isPunct('.')) {
      this.i++;
      path.push(this.identifier().text);
    }
    return { path, pos: first.pos };
  }

  private orderItem(): OrderItem {
    const field = this.fieldRef();
    let direction: 'ASC' | 'DESC' = 'ASC';
    if (this.acceptKeyword('ASC')) direction = 'ASC';
    else if (this.acceptKeyword('DESC')) direction = 'DESC';
    let nulls: 'FIRST' | 'LAST' | undefined;
    if (this.acceptKeyword('NULLS')) {
      if (this.acceptKeyword('FIRST')) nulls = 'FIRST';
      else if (this.acceptKeyword('LAST')) nulls = 'LAST';
      else this.fail();
    }
    return { field, direction, ...(nulls ? { nulls } : {}) };
  }

  /** condition := unary ((AND unary)* | (OR unary)*) — SOQL refuses AND and OR mixed without parentheses. */
  private condition(): Condition {
    const first = this.unary();
    const joiner = this.isKeyword('AND') ? 'AND' : this.isKeyword('OR') ? 'OR' : undefined;
    if (!joiner) return first;
    const operands = [first];
    while (this.acceptKeyword(joiner)) operands.push(this.unary());
    if (this.isKeyword(joiner === 'AND' ? 'OR' : 'AND')) this.fail();
    return { kind: joiner === 'AND' ? 'and' : 'or', operands };
  }

  private unary(): Condition {
    if (this.acceptKeyword('NOT')) return { kind: 'not', operand: this.unary() };
    if (this.isPunct('(')) {
      this.i++;
      const inner = this.condition();
      this.expectPunct(')');
      return inner;
    }
    return this.comparison();
  }

  private comparison(): Condition {
    const field = this.fieldRef();
    const t = this.tok;
    if (this.isKeyword('LIKE')) {
      this.i++;
      const v = this.tok;
      if (v.kind !== 'string') this.fail();
      this.i++;
      return { kind: 'like', field, pattern: v.value, valuePos: v.pos };
    }
    if (this.isKeyword('IN') || (this.isKeyword('NOT') && this.isKeyword('IN', 1))) {
      const negated = this.acceptKeyword('NOT');
      this.expectKeyword('IN');
      const open = this.expectPunct('(');
      const values: Literal[] = [this.literal()];
      while (this.isPunct(',')) {
        this.i++;
        values.push(this.literal());
      }
      this.expectPunct(')');
      return { kind: 'in', field, negated, values, valuePos: open.pos };
    }
    if (t.kind === 'punct' && ['=', '!=', '<>', '<', '>', '<=', '>='].includes(t.text)) {
      this.i++;
      const op = (t.text === '<>' ? '!=' : t.text) as CompareOp;
      const valuePos = this.tok.pos;
      return { kind: 'compare', field, op, value: this.literal(), valuePos };
    }
    return this.fail();
  }

  private literal(): Literal {
    const t = this.tok;
    switch (t.kind) {
      case 'string':
        this.i++;
        return { kind: 'string', value: t.value };
      case 'number':
        this.i++;
        return { kind: 'number', value: Number(t.text), text: t.text };
      case 'date':
        this.i++;
        return { kind: 'date', value: t.text };
      case 'datetime':
        this.i++;
        return { kind: 'datetime', text: t.text };
      case 'punct':
        if (t.text === '-' || t.text === '+') {
          const n = this.tokens[this.i + 1];
          if (n?.kind !== 'number') this.fail(n);
          this.i += 2;
          const text = t.text === '-' ? `-${n.text}` : n.text;
          return { kind: 'number', value: Number(text), text };
        }
        return this.fail();
      case 'ident': {
        const word = t.text.toUpperCase();
        if (word === 'NULL' || word === 'TRUE' || word === 'FALSE') {
          this.i++;
          return word === 'NULL' ? { kind: 'null' } : { kind: 'boolean', value: word === 'TRUE' };
        }
        if (DATE_LITERALS.has(word)) {
          this.i++;
          return { kind: 'dateLiteral', name: word };
        }
        if (PARAM_DATE_LITERALS.has(word)) {
          this.i++;
          this.expectPunct(':');
          const n = this.tok;
          if (n.kind !== 'number' || n.text.includes('.')) this.fail();
          this.i++;
          return { kind: 'dateLiteral', name: word, n: Number(n.text) };
        }
        return this.fail();
      }
      default:
        return this.fail();
    }
  }
}

/** Parses a SOQL query (the subset the simulator serves). Throws {@link SoqlError} with Salesforce's wording. */
export function parseSoql(source: string): Query {
  return new Parser(source, tokenize(source)).parseQuery();
}
