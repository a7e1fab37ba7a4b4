import fc from 'fast-check';
import type { Condition, Literal, Query } from '../../simulator/soql/ast';
import { runQuery } from '../../simulator/soql/evaluate';
import { SoqlError } from '../../simulator/soql/errors';
import { tokenize } from '../../simulator/soql/lexer';
import { parseSoql } from '../../simulator/soql/parser';
import { printSoql } from '../../simulator/soql/print';
import { Store } from '../../simulator/store';
import type { Row } from '../../simulator/objects/types';

const NOW = Date.parse('2026-03-10T19:00:00Z');
const WORDS = ['ann', 'Ann', "o'neil", 'back\\slash', 'a_b', '50%', '', 'Ünïcode', 'zed'];
const TIMES = [
  '2026-03-09T10:00:00Z',
  '2026-03-10T19:00:01Z',
  '2026-03-10T20:00:00+01:00',
  '2025-12-31T23:59:59Z',
];

type StrField = 'FirstName' | 'Department' | 'Title';

const strField = fc.constantFrom<StrField>('FirstName', 'Department', 'Title');
const strLit = fc.constantFrom(...WORDS).map((value): Literal => ({ kind: 'string', value }));
const dtLit = fc.oneof(
  fc.constantFrom(...TIMES).map((text): Literal => ({ kind: 'datetime', text })),
  fc
    .constantFrom('TODAY', 'YESTERDAY', 'THIS_WEEK', 'LAST_MONTH')
    .map((name): Literal => ({ kind: 'dateLiteral', name })),
  fc.integer({ min: 0, max: 40 }).map((n): Literal => ({ kind: 'dateLiteral', name: 'LAST_N_DAYS', n })),
);
const op = fc.constantFrom('=', '!=', '<', '>', '<=', '>=' as const);
const likePattern = fc
  .array(fc.constantFrom('a', 'n', '%', '_', 'o', "'", 'Ü'), { minLength: 0, maxLength: 5 })
  .map((p) => p.join(''));

const leaf: fc.Arbitrary<Condition> = fc.oneof(
  fc
    .record({ f: strField, op, v: fc.oneof(strLit, fc.constant<Literal>({ kind: 'null' })) })
    .map(({ f, op: o, v }): Condition => ({
      kind: 'compare',
      field: { path: [f], pos: 0 },
      op: o,
      value: v,
      valuePos: 0,
    })),
  fc.record({ eq: fc.boolean(), v: fc.boolean() }).map(({ eq, v }): Condition => ({
    kind: 'compare',
    field: { path: ['IsActive'], pos: 0 },
    op: eq ? '=' : '!=',
    value: { kind: 'boolean', value: v },
    valuePos: 0,
  })),
  fc.record({ op, v: dtLit }).map(({ op: o, v }): Condition => ({
    kind: 'compare',
    field: { path: ['LastLoginDate'], pos: 0 },
    op: o,
    value: v,
    valuePos: 0,
  })),
  fc
    .record({ f: strField, p: likePattern })
    .map(({ f, p }): Condition => ({ kind: 'like', field: { path: [f], pos: 0 }, pattern: p, valuePos: 0 })),
  fc
    .record({ f: strField, neg: fc.boolean(), vs: fc.array(strLit, { minLength: 1, maxLength: 3 }) })
    .map(({ f, neg, vs }): Condition => ({
      kind: 'in',
      field: { path: [f], pos: 0 },
      negated: neg,
      values: vs,
      valuePos: 0,
    })),
);

const condition: fc.Arbitrary<Condition> = fc.letrec<{ c: Condition }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({
      kind: fc.constantFrom('and' as const, 'or' as const),
      operands: fc.array(tie('c'), { minLength: 2, maxLength: 3 }),
    }),
    tie('c').map((operand): Condition => ({ kind: 'not', operand })),
  ),
})).c;

const query: fc.Arbitrary<Query> = fc
  .record({
    where: fc.option(condition, { nil: undefined }),
    order: fc.array(
      fc.record({
        f: fc.constantFrom('FirstName', 'Department', 'LastLoginDate', 'IsActive'),
        d: fc.constantFrom('ASC' as const, 'DESC' as const),
        n: fc.option(fc.constantFrom('FIRST' as const, 'LAST' as const), { nil: undefined }),
      }),
      { maxLength: 2 },
    ),
    limit: fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }),
  })
  .map(({ where, order, limit }) => ({
    select: [
      { kind: 'field', field: { path: ['Id'], pos: 0 } },
      { kind: 'field', field: { path: ['Username'], pos: 0 } },
    ],
    from: { name: 'User', pos: 0 },
    ...(where ? { where } : {}),
    orderBy: order.map((o) => ({
      field: { path: [o.f], pos: 0 },
      direction: o.d,
      ...(o.n ? { nulls: o.n } : {}),
    })),
    ...(limit !== undefined ? { limit } : {}),
  }));

// ---- An independent reference evaluator (no regexes, no shared code with the simulator). ----
const DAY = 86_400_000;
function range(lit: Literal & { kind: 'dateLiteral' }): [number, number] {
  const today = Math.floor(NOW / DAY) * DAY;
  const dow = new Date(NOW).getUTCDay();
  switch (lit.name) {
    case 'TODAY':
      return [today, today + DAY];
    case 'YESTERDAY':
      return [today - DAY, today];
    case 'THIS_WEEK':
      return [today - dow * DAY, today - dow * DAY + 7 * DAY];
    case 'LAST_MONTH':
      return [Date.UTC(2026, 1, 1), Date.UTC(2026, 2, 1)];
    default:
      return [today - (lit.n ?? 0) * DAY, today + DAY];
  }
}
function likeRef(value: string, pattern: string): boolean {
  const v = value.toLowerCase();
  const p = pattern.toLowerCase();
  const go = (i: number, j: number): boolean => {
    if (j === p.length) return i === v.length;
    if (p[j] === '%') return go(i, j + 1) || (i < v.length && go(i + 1, j));
    if (i === v.length) return false;
    return (p[j] === '_' || p[j] === v[i]) && go(i + 1, j + 1);
  };
  return go(0, 0);
}
function norm(v: unknown): unknown {
  return typeof v === 'string' ? v.toLowerCase() : v;
}
function cmp(a: unknown, b: unknown, o: string): boolean {
  const x = a as number;
  const y = b as number;
  return o === '='
    ? a === b
    : o === '!='
      ? a !== b
      : o === '<'
        ? x < y
        : o === '>'
          ? x > y
          : o === '<='
            ? x <= y
            : x >= y;
}
function evalRef(c: Condition, row: Row): boolean {
  switch (c.kind) {
    case 'and':
      return c.operands.every((o) => evalRef(o, row));
    case 'or':
      return c.operands.some((o) => evalRef(o, row));
    case 'not':
      return !evalRef(c.operand, row);
    case 'like': {
      const v = row[c.field.path[0]];
      return typeof v === 'string' && likeRef(v, c.pattern);
    }
    case 'in': {
      const v = norm(row[c.field.path[0]] ?? null);
      const hit = c.values.some((l) => l.kind === 'string' && l.value.toLowerCase() === v);
      return c.negated ? !hit : hit;
    }
    case 'compare': {
      const v = norm(row[c.field.path[0]] ?? null);
      const lit = c.value;
      if (lit.kind === 'null') return c.op === '=' ? v === null : c.op === '!=' ? v !== null : false;
      if (v === null) return c.op === '!=';
      if (lit.kind === 'dateLiteral') {
        const [s, e] = range(lit);
        const t = v as number;
        return {
          '=': t >= s && t < e,
          '!=': t < s || t >= e,
          '<': t < s,
          '<=': t < e,
          '>': t >= e,
          '>=': t >= s,
        }[c.op];
      }
      const l =
        lit.kind === 'datetime'
          ? Date.parse(lit.text)
          : lit.kind === 'string'
            ? lit.value.toLowerCase()
            : (lit as { value: unknown }).value;
      return cmp(v, l, c.op);
    }
  }
}

const users = fc.array(
  fc.record({
    FirstName: fc.option(fc.constantFrom(...WORDS), { nil: null }),
    Department: fc.option(fc.constantFrom(...WORDS), { nil: null }),
    Title: fc.option(fc.constantFrom(...WORDS), { nil: null }),
    IsActive: fc.boolean(),
    LastLoginDate: fc.option(fc.integer({ min: NOW - 60 * DAY, max: NOW + 2 * DAY }), { nil: null }),
  }),
  { maxLength: 25 },
);

function storeWith(rows: Array<Partial<Row>>): Store {
  const store = new Store();
  rows.forEach((r, i) =>
    store.insert('User', { Id: store.ids.next('005'), Username: `u${i}@x.example`, LastName: 'L', ...r }),
  );
  return store;
}

describe('SOQL: lexer and parser', () => {
  it('tokenizes datetime literals with zones, date literals and escaped strings', () => {
    const kinds = tokenize(
      "x >= 2026-03-10T19:00:01Z AND y < 2026-03-10T19:00:01.250-08:00 AND d = 2026-03-10 AND s = 'o\\'neil'",
    ).map((t) => `${t.kind}:${t.value}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'datetime:2026-03-10T19:00:01Z',
        'datetime:2026-03-10T19:00:01.250-08:00',
        'date:2026-03-10',
        "string:o'neil",
      ]),
    );
  });

  it('parses relationship fields, IN / NOT IN, NOT, ORDER BY with NULLS, LIMIT and OFFSET', () => {
    const q = parseSoql(
      "select Id, Assignee.Username FROM PermissionSetAssignment where NOT (Assignee.IsActive = false) and PermissionSetId not in ('0PS8d0000000001AAA') ORDER BY Assignee.Username desc nulls last, Id LIMIT 10 OFFSET 5",
    );
    expect(printSoql(q)).toBe(
      "SELECT Id, Assignee.Username FROM PermissionSetAssignment WHERE NOT (Assignee.IsActive = FALSE) AND PermissionSetId NOT IN ('0PS8d0000000001AAA') ORDER BY Assignee.Username DESC NULLS LAST, Id ASC LIMIT 10 OFFSET 5",
    );
  });

  it.each([
    ['SELECT FROM User', "unexpected token: 'FROM'"],
    ["SELECT Id FROM User WHERE Name = 'a' AND Name = 'b' OR Name = 'c'", "unexpected token: 'OR'"],
    ['SELECT Id FROM User WHERE Name LIKE 3', "unexpected token: '3'"],
    ["SELECT Id FROM User WHERE Name = 'unterminated", 'unexpected token: <EOF>'],
    ['SELECT Id FROM User LIMIT', 'unexpected token: <EOF>'],
    ['SELECT Id FROM User WHERE CreatedDate > 2026-03-10T19:00:01', 'no viable alternative'],
  ])('refuses %s as MALFORMED_QUERY', (soql, reason) => {
    expect(() => parseSoql(soql)).toThrow(SoqlError);
    try {
      parseSoql(soql);
    } catch (e) {
      expect((e as SoqlError).errorCode).toBe('MALFORMED_QUERY');
      expect((e as SoqlError).message).toContain(reason);
      expect((e as SoqlError).message).toMatch(/ERROR at Row:1:Column:\d+/);
    }
  });

  it('round-trips: parse(print(q)) prints the same query (property)', () => {
    fc.assert(
      fc.property(query, (q) => {
        const printed = printSoql(q);
        expect(printSoql(parseSoql(printed))).toBe(printed);
      }),
      { numRuns: 300 },
    );
  });
});

describe('SOQL: evaluation', () => {
  it('filters exactly like an independent reference evaluator (property)', () => {
    fc.assert(
      fc.property(users, condition, (rows, where) => {
        const store = storeWith(rows);
        const soql = printSoql({
          select: [{ kind: 'field', field: { path: ['Username'], pos: 0 } }],
          from: { name: 'User', pos: 0 },
          where,
          orderBy: [],
        });
        const outcome = runQuery(soql, store, NOW, '62.0');
        const got = outcome.kind === 'records' ? outcome.records.map((r) => r.Username) : [];
        const expected = [...store.all('User')].filter((r) => evalRef(where, r)).map((r) => r.Username);
        expect(got).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });

  it('orders with ASC NULLS FIRST / DESC NULLS LAST defaults and applies LIMIT/OFFSET', () => {
    const store = storeWith([
      { FirstName: 'bea', LastLoginDate: NOW - DAY },
      { FirstName: null, LastLoginDate: null },
      { FirstName: 'Ann', LastLoginDate: NOW - 2 * DAY },
      { FirstName: 'carl', LastLoginDate: NOW },
    ]);
    const names = (soql: string): unknown[] => {
      const o = runQuery(soql, store, NOW, '62.0');
      return o.kind === 'records' ? o.records.map((r) => r.FirstName) : [];
    };
    expect(names('SELECT FirstName FROM User ORDER BY FirstName')).toEqual([null, 'Ann', 'bea', 'carl']);
    expect(names('SELECT FirstName FROM User ORDER BY FirstName DESC')).toEqual(['carl', 'bea', 'Ann', null]);
    expect(
      names('SELECT FirstName FROM User ORDER BY LastLoginDate ASC NULLS LAST LIMIT 2 OFFSET 1'),
    ).toEqual(['bea', 'carl']);
    const count = runQuery('SELECT COUNT() FROM User WHERE FirstName != null', store, NOW, '62.0');
    expect(count).toEqual({ kind: 'count', totalSize: 3 });
    const agg = runQuery('SELECT COUNT(Id) FROM User', store, NOW, '62.0');
    expect(agg.kind === 'records' && agg.records[0]?.expr0).toBe(4);
  });

  it('compares IDs in 15- and 18-character form', () => {
    const store = storeWith([{ FirstName: 'x' }, { FirstName: 'y' }]);
    const id = String([...store.all('User')][1]?.Id);
    for (const literal of [id, id.slice(0, 15)]) {
      const o = runQuery(`SELECT FirstName FROM User WHERE Id IN ('${literal}')`, store, NOW, '62.0');
      expect(o.kind === 'records' && o.records.map((r) => r.FirstName)).toEqual(['y']);
    }
  });
});
