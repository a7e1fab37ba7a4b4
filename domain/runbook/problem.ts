/** A problem found after schema validation: the field path (zod-style), whether to point at the key, and why. */
export interface RunbookProblem {
  path: Array<string | number>;
  /** Point at the key rather than its value (e.g. an unknown or unused name). */
  atKey?: boolean;
  message: string;
}
