import type { z } from 'zod';

/**
 * Renders zod issues as one line each, `field.path: message`, so an error names the field and what it expected.
 * `prefix` turns a path segment list into how the user spells the field (an env var, a YAML path, a flag).
 */
export function formatZodIssues(
  error: z.ZodError,
  spellPath: (path: ReadonlyArray<PropertyKey>) => string = (path) => path.map(String).join('.') || '(root)',
): string {
  return error.issues.map((issue) => `${spellPath(issue.path)}: ${issue.message}`).join('\n');
}
