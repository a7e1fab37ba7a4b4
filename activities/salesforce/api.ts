import type { Connection } from 'jsforce';
import { errorCodeOf, RETRYABLE_CODES, SalesforceApiError } from './errors';
import { backoffDelay, sleep, type RetryPolicy } from './retry';

/** A logged-in connection to one named org, with the org's concurrency budget. */
export interface OrgConnection {
  name: string;
  connection: Connection;
  /** How many requests Tourniquet may have in flight against this org (below the org's concurrent-request limit). */
  maxConcurrency: number;
}

/** One record's outcome in an sObject Collections call, as Salesforce returns it. */
export interface SaveResult {
  id?: string | null;
  success: boolean;
  errors: Array<{ statusCode: string; message: string; fields?: string[] }>;
}

interface QueryPage<T> {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: T[];
}

/** The sObject Collections maximum per call. */
export const COLLECTION_LIMIT = 200;

/**
 * The REST calls containment needs, over a jsforce connection, with Tourniquet's own retry policy (jsforce's
 * transport retries are switched off so that no POST or PATCH is ever sent twice behind our back) and a count
 * of every HTTP call made.
 */
export class SalesforceApi {
  /** HTTP calls made through this instance, retries included. */
  calls = 0;
  private readonly base: string;

  constructor(
    private readonly org: OrgConnection,
    private readonly policy: RetryPolicy,
  ) {
    this.base = `/services/data/v${org.connection.version}`;
  }

  /** The org's name. */
  get orgName(): string {
    return this.org.name;
  }

  /** The org's concurrency budget. */
  get maxConcurrency(): number {
    return this.org.maxConcurrency;
  }

  private async send<T>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      this.calls++;
      try {
        return await this.org.connection.request<T>(
          {
            method,
            url,
            ...(body === undefined
              ? {}
              : {
                  body: typeof body === 'string' ? body : JSON.stringify(body),
                  headers: { 'content-type': contentType },
                }),
          },
          { retry: { maxRetries: 0 } },
        );
      } catch (err) {
        const code = errorCodeOf(err);
        if (!RETRYABLE_CODES.has(code) || attempt >= this.policy.maxAttempts) {
          throw new SalesforceApiError(code, (err as Error).message ?? String(err), attempt, { cause: err });
        }
        await sleep(backoffDelay(this.policy, attempt));
      }
    }
  }

  /** Runs a SOQL query and follows `nextRecordsUrl` until every record is read. */
  async query<T>(soql: string): Promise<T[]> {
    const records: T[] = [];
    let page = await this.send<QueryPage<T>>('GET', `${this.base}/query?q=${encodeURIComponent(soql)}`);
    records.push(...page.records);
    while (!page.done && page.nextRecordsUrl) {
      page = await this.send<QueryPage<T>>('GET', page.nextRecordsUrl);
      records.push(...page.records);
    }
    return records;
  }

  /** Runs a SOQL query and yields its records page by page (≤ 2,000 each), following `nextRecordsUrl`. */
  async *queryPages<T>(soql: string): AsyncGenerator<T[]> {
    let page = await this.send<QueryPage<T>>('GET', `${this.base}/query?q=${encodeURIComponent(soql)}`);
    yield page.records;
    while (!page.done && page.nextRecordsUrl) {
      page = await this.send<QueryPage<T>>('GET', page.nextRecordsUrl);
      yield page.records;
    }
  }

  /** Runs a `SELECT COUNT() …` query. */
  async count(soql: string): Promise<number> {
    return (await this.send<QueryPage<never>>('GET', `${this.base}/query?q=${encodeURIComponent(soql)}`))
      .totalSize;
  }

  /** Updates up to 200 records of one type in one call; per-record results in input order. */
  updateRecords(
    type: string,
    records: ReadonlyArray<{ Id: string } & Record<string, unknown>>,
  ): Promise<SaveResult[]> {
    return this.send<SaveResult[]>('PATCH', `${this.base}/composite/sobjects`, {
      allOrNone: false,
      records: records.map((r) => ({ attributes: { type }, ...r })),
    });
  }

  /** Creates up to 200 records of one type in one call; per-record results in input order. */
  createRecords(type: string, records: ReadonlyArray<Record<string, unknown>>): Promise<SaveResult[]> {
    return this.send<SaveResult[]>('POST', `${this.base}/composite/sobjects`, {
      allOrNone: false,
      records: records.map((r) => ({ attributes: { type }, ...r })),
    });
  }

  /** Deletes up to 200 records in one call; per-record results in input order. */
  deleteRecords(ids: readonly string[]): Promise<SaveResult[]> {
    return this.send<SaveResult[]>(
      'DELETE',
      `${this.base}/composite/sobjects?ids=${ids.join(',')}&allOrNone=false`,
    );
  }

  /**
   * Revokes an OAuth token (a connected-app refresh token, via OauthToken.DeleteToken) at the org's
   * `/services/oauth2/revoke`. Returns 'revoked', or 'already-invalid' when Salesforce no longer knows it.
   */
  async revokeToken(token: string): Promise<'revoked' | 'already-invalid'> {
    try {
      await this.send<unknown>(
        'POST',
        '/services/oauth2/revoke',
        new URLSearchParams({ token }).toString(),
        'application/x-www-form-urlencoded',
      );
      return 'revoked';
    } catch (err) {
      if (
        err instanceof SalesforceApiError &&
        err.sfCode === 'ERROR_HTTP_400' &&
        /invalid_token/.test(err.message)
      )
        return 'already-invalid';
      throw err;
    }
  }
}
