import { TourniquetError } from '../errors';

/** Error code of an invalid rule pack (schema or cross-reference problem). */
export const RULE_PACK_INVALID = 'RULE_PACK_INVALID';
/** Error code of invalid evaluator input (facts or events). */
export const DEADLINE_INPUT_INVALID = 'DEADLINE_INPUT_INVALID';
/** Error code of a time-zone name the runtime does not know. */
export const TIME_ZONE_UNKNOWN = 'TIME_ZONE_UNKNOWN';

/** One problem in a rule pack: which pack (index in the list given), which field, what is wrong. */
export interface RulePackIssue {
  /** Index of the pack in the list passed to the rule-set builder. */
  pack: number;
  /** The pack's name when it could be read, for messages. */
  packName?: string;
  /** Path of the field inside that pack, as zod spells it. */
  path: ReadonlyArray<string | number>;
  message: string;
}

/** Spells a field path as people read it: `rules[3].deadline.days`. */
export function spellFieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${String(seg)}` : String(seg);
  return out || '(root)';
}

/** Rule packs failed validation; `issues` lists every problem with its pack and field. */
export class RulePackInvalidError extends TourniquetError {
  constructor(public readonly issues: readonly RulePackIssue[]) {
    super(
      RULE_PACK_INVALID,
      'the regulation rule packs are invalid:\n' +
        issues
          .map((i) => `  pack ${i.packName ?? `#${i.pack + 1}`} ${spellFieldPath(i.path)}: ${i.message}`)
          .join('\n'),
    );
  }
}

/** The facts given to the evaluator are invalid; the message names every field and what it expects. */
export class DeadlineInputError extends TourniquetError {
  constructor(public readonly issues: ReadonlyArray<{ field: string; message: string }>) {
    super(
      DEADLINE_INPUT_INVALID,
      'the deadline facts are invalid:\n' + issues.map((i) => `  ${i.field}: ${i.message}`).join('\n'),
    );
  }
}

/** A time-zone name the runtime's time-zone database does not know. */
export class UnknownTimeZoneError extends TourniquetError {
  constructor(public readonly zone: string) {
    super(
      TIME_ZONE_UNKNOWN,
      `"${zone}" is not a known IANA time zone; use a name such as America/New_York, America/Chicago or UTC`,
    );
  }
}
