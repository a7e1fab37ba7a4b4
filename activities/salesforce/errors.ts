import { TourniquetError } from '../../domain/errors';

/** Salesforce error codes worth retrying after a pause: row locks, rate/concurrency limits, outages. */
export const RETRYABLE_CODES = new Set([
  'UNABLE_TO_LOCK_ROW',
  'REQUEST_LIMIT_EXCEEDED',
  'SERVER_UNAVAILABLE',
  'ERROR_HTTP_500',
  'ERROR_HTTP_502',
  'ERROR_HTTP_503',
  'ERROR_HTTP_504',
  'ERROR_HTTP_429',
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'UND_ERR_SOCKET',
]);

/** A Salesforce call failed; `sfCode` is Salesforce's error code (or ERROR_HTTP_nnn / a network code). */
export class SalesforceApiError extends TourniquetError {
  constructor(
    public readonly sfCode: string,
    message: string,
    public readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super('SALESFORCE_API_ERROR', `Salesforce answered ${sfCode}: ${message}`, options);
  }

  /** True when trying again later may succeed. */
  get retryable(): boolean {
    return RETRYABLE_CODES.has(this.sfCode);
  }
}

/** The org named by an action is not configured. */
export class UnknownOrgError extends TourniquetError {
  constructor(org: string, known: string[]) {
    super(
      'SALESFORCE_ORG_UNKNOWN',
      `No Salesforce org named '${org}' is configured (configured: ${known.join(', ') || 'none'}). Add it to the orgs file (TOURNIQUET_SALESFORCE_ORGS).`,
    );
  }
}

/** Login to an org failed. */
export class SalesforceAuthError extends TourniquetError {
  constructor(org: string, detail: string, options?: { cause?: unknown }) {
    super('SALESFORCE_AUTH_FAILED', `Cannot log in to Salesforce org '${org}': ${detail}`, options);
  }
}

/** Extracts Salesforce's error code from whatever jsforce or the network threw. */
export function errorCodeOf(err: unknown): string {
  const e = err as { errorCode?: unknown; code?: unknown; name?: unknown; cause?: { code?: unknown } } | null;
  if (e && typeof e.errorCode === 'string') return e.errorCode;
  if (e && typeof e.code === 'string') return e.code;
  if (e?.cause && typeof e.cause.code === 'string') return e.cause.code;
  if (e && typeof e.name === 'string' && /^[A-Z_0-9]+$/.test(e.name)) return e.name;
  return 'UNKNOWN_ERROR';
}
