/** The SOQL abstract syntax tree the parser produces. */

/** A field reference, possibly through parent relationships (`Assignee.Username`). */
export interface FieldRef {
  readonly path: readonly string[];
  readonly pos: number;
}

/** Names of the relative date literals the simulator understands. */
export type DateLiteralName = string;

/** A literal value in a filter. */
export type Literal =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number; readonly text: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'date'; readonly value: string }
  | { readonly kind: 'datetime'; readonly text: string }
  | { readonly kind: 'dateLiteral'; readonly name: DateLiteralName; readonly n?: number };

/** Comparison operators (`<>` is read as `!=`). */
export type CompareOp = '=' | '!=' | '<' | '>' | '<=' | '>=';

/** A WHERE condition. */
export type Condition =
  | { readonly kind: 'and' | 'or'; readonly operands: readonly Condition[] }
  | { readonly kind: 'not'; readonly operand: Condition }
  | {
      readonly kind: 'compare';
      readonly field: FieldRef;
      readonly op: CompareOp;
      readonly value: Literal;
      readonly valuePos: number;
    }
  | { readonly kind: 'like'; readonly field: FieldRef; readonly pattern: string; readonly valuePos: number }
  | {
      readonly kind: 'in';
      readonly field: FieldRef;
      readonly negated: boolean;
      readonly values: readonly Literal[];
      readonly valuePos: number;
    };

/** One item of the SELECT list. */
export type SelectItem =
  | { readonly kind: 'field'; readonly field: FieldRef }
  | { readonly kind: 'count'; readonly field?: FieldRef; readonly pos: number };

/** One ORDER BY key. */
export interface OrderItem {
  readonly field: FieldRef;
  readonly direction: 'ASC' | 'DESC';
  readonly nulls?: 'FIRST' | 'LAST';
}

/** A parsed SOQL query. */
export interface Query {
  readonly select: readonly SelectItem[];
  readonly from: { readonly name: string; readonly pos: number };
  readonly where?: Condition;
  readonly orderBy: readonly OrderItem[];
  readonly limit?: number;
  readonly offset?: number;
}
