/**
 * Base class of every error Tourniquet raises on purpose. `code` is stable (safe to match on, log, and show
 * in Slack); `message` says what went wrong and how to fix it.
 */
export class TourniquetError extends Error {
  constructor(
    /** Stable machine-readable code, e.g. `CONFIG_INVALID`. */
    public readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A configuration value (environment, file, flag) is missing or malformed. */
export class ConfigError extends TourniquetError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONFIG_INVALID', message, options);
  }
}
