import { TourniquetError } from '../domain/errors';

/** One problem found in a scenario file, located by line and column (1-based) and field path. */
export interface ScenarioIssue {
  /** Field path as written in YAML, e.g. `users[3].username`. */
  readonly field: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** A scenario file is unreadable or invalid; the message names `file:line:column`, the field and the fix. */
export class ScenarioError extends TourniquetError {
  constructor(
    /** Path of the scenario file (or `<inline>`). */
    public readonly file: string,
    /** Every problem found, in document order. */
    public readonly issues: readonly ScenarioIssue[],
  ) {
    super(
      'SCENARIO_INVALID',
      `Invalid simulator scenario ${file}:\n` +
        issues.map((i) => `  ${file}:${i.line}:${i.column}: ${i.field}: ${i.message}`).join('\n'),
    );
  }
}

/** The simulator could not start or was used incorrectly (e.g. port in use, closed twice). */
export class SimulatorError extends TourniquetError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SIMULATOR_ERROR', message, options);
  }
}
