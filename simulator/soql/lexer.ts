import { SoqlError } from './errors';

/** Kinds of SOQL tokens. Keywords are identifiers; the parser matches them case-insensitively. */
export type TokenKind = 'ident' | 'string' | 'number' | 'date' | 'datetime' | 'punct' | 'eof';

/** One token: its kind, source text, decoded value (strings unescaped) and offset in the query. */
export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly value: string;
  readonly pos: number;
}

const PUNCT2 = ['!=', '<>', '<=', '>='];
const PUNCT1 = '(),.:=<>-+';
const ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  "'": "'",
  '"': '"',
  '\\': '\\',
  _: '\\_',
  '%': '\\%',
};

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function isIdentStart(c: string | undefined): boolean {
  return c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_');
}

function isIdentPart(c: string | undefined): boolean {
  return isIdentStart(c) || isDigit(c);
}

/** Tokenizes SOQL text. Throws {@link SoqlError} (MALFORMED_QUERY) on a character it cannot start a token with. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const digitsAt = (at: number, n: number): boolean => {
    for (let k = 0; k < n; k++) if (!isDigit(source[at + k])) return false;
    return true;
  };
  while (i < source.length) {
    const c = source[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        const ch = source[i];
        if (ch === undefined)
          throw new SoqlError('MALFORMED_QUERY', 'unexpected token: <EOF>', source, start);
        if (ch === '\\') {
          const next = source[i + 1];
          const decoded = next === undefined ? undefined : ESCAPES[next];
          if (decoded === undefined)
            throw new SoqlError(
              'MALFORMED_QUERY',
              'Invalid string literal: illegal escape sequence',
              source,
              i,
            );
          value += decoded;
          i += 2;
          continue;
        }
        i++;
        if (ch === "'") break;
        value += ch;
      }
      tokens.push({ kind: 'string', text: source.slice(start, i), value, pos: start });
      continue;
    }
    if (isDigit(c)) {
      // yyyy-mm-dd, optionally Thh:mm:ss(.sss)(Z|±hh:mm): a date or datetime literal.
      if (
        digitsAt(i, 4) &&
        source[i + 4] === '-' &&
        digitsAt(i + 5, 2) &&
        source[i + 7] === '-' &&
        digitsAt(i + 8, 2)
      ) {
        i += 10;
        let kind: TokenKind = 'date';
        if (source[i] === 'T' && digitsAt(i + 1, 2) && source[i + 3] === ':' && digitsAt(i + 4, 2)) {
          kind = 'datetime';
          i += 6;
          if (source[i] === ':' && digitsAt(i + 1, 2)) i += 3;
          if (source[i] === '.' && isDigit(source[i + 1])) {
            i++;
            while (isDigit(source[i])) i++;
          }
          if (source[i] === 'Z') i++;
          else if ((source[i] === '+' || source[i] === '-') && digitsAt(i + 1, 2)) {
            i += 3;
            if (source[i] === ':' && digitsAt(i + 1, 2)) i += 3;
            else if (digitsAt(i, 2)) i += 2;
          } else
            throw new SoqlError(
              'MALFORMED_QUERY',
              `line 1:${start} no viable alternative at character ' '`,
              source,
              i,
            );
        }
        if (isIdentPart(source[i]))
          throw new SoqlError(
            'MALFORMED_QUERY',
            `unexpected token: '${source.slice(start, i + 1)}'`,
            source,
            start,
          );
        const text = source.slice(start, i);
        tokens.push({ kind, text, value: text, pos: start });
        continue;
      }
      while (isDigit(source[i])) i++;
      if (source[i] === '.' && isDigit(source[i + 1])) {
        i++;
        while (isDigit(source[i])) i++;
      }
      const text = source.slice(start, i);
      tokens.push({ kind: 'number', text, value: text, pos: start });
      continue;
    }
    if (isIdentStart(c)) {
      while (isIdentPart(source[i])) i++;
      const text = source.slice(start, i);
      tokens.push({ kind: 'ident', text, value: text, pos: start });
      continue;
    }
    const two = source.slice(i, i + 2);
    if (PUNCT2.includes(two)) {
      tokens.push({ kind: 'punct', text: two, value: two, pos: start });
      i += 2;
      continue;
    }
    if (PUNCT1.includes(c)) {
      tokens.push({ kind: 'punct', text: c, value: c, pos: start });
      i++;
      continue;
    }
    throw new SoqlError(
      'MALFORMED_QUERY',
      `line 1:${start} no viable alternative at character '${c}'`,
      source,
      start,
    );
  }
  tokens.push({ kind: 'eof', text: '<EOF>', value: '', pos: source.length });
  return tokens;
}
