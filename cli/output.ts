import { TourniquetError } from '../domain/errors';

/** Prints an error for a person: the message (which says how to fix it) and its stable code. */
export function reportError(err: unknown): number {
  if (err instanceof TourniquetError) {
    process.stderr.write(`tourniquet: ${err.message}\n(code ${err.code})\n`);
    return 1;
  }
  const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`tourniquet: unexpected error: ${message}\n`);
  return 70;
}
