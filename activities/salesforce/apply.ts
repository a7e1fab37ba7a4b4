import { RETRYABLE_CODES, SalesforceApiError } from './errors';
import { chunk, mapWithConcurrency } from './concurrency';
import { backoffDelay, sleep, type RetryPolicy } from './retry';
import { COLLECTION_LIMIT, type SaveResult } from './api';

/** The outcome of writing one record. */
export type WriteOutcome =
  { ok: true; id?: string } | { ok: false; code: string; message: string; attempts: number };

/** Progress reported after each chunk (Temporal heartbeats, in activities). */
export type ProgressReporter = (done: number, total: number) => void;

/**
 * Writes `items` in chunks of 200 with at most `concurrency` calls in flight. Records that fail with a
 * retryable per-record error (a row lock) are sent again, alone, after a backoff; validation errors are final.
 * A whole call that fails after the API's own retries marks its chunk failed and the others carry on.
 * Returns one outcome per item, keyed by `keyOf(item)`.
 */
export async function writeInChunks<T>(options: {
  items: readonly T[];
  keyOf: (item: T) => string;
  send: (items: T[]) => Promise<SaveResult[]>;
  concurrency: number;
  policy: RetryPolicy;
  onProgress?: ProgressReporter;
}): Promise<Map<string, WriteOutcome>> {
  const { items, keyOf, send, concurrency, policy, onProgress } = options;
  const outcomes = new Map<string, WriteOutcome>();
  let done = 0;
  await mapWithConcurrency(chunk(items, COLLECTION_LIMIT), concurrency, async (batch) => {
    let pending = batch;
    for (let attempt = 1; pending.length > 0; attempt++) {
      let results: SaveResult[];
      try {
        results = await send(pending);
      } catch (err) {
        const e =
          err instanceof SalesforceApiError
            ? err
            : new SalesforceApiError('UNKNOWN_ERROR', String(err), attempt);
        for (const item of pending)
          outcomes.set(keyOf(item), { ok: false, code: e.sfCode, message: e.message, attempts: e.attempts });
        break;
      }
      const retry: T[] = [];
      pending.forEach((item, i) => {
        const result = results[i];
        if (result?.success) {
          outcomes.set(keyOf(item), { ok: true, id: result.id ?? undefined });
          return;
        }
        const error = result?.errors[0] ?? {
          statusCode: 'UNKNOWN_ERROR',
          message: 'no result for this record',
        };
        if (RETRYABLE_CODES.has(error.statusCode) && attempt < policy.maxAttempts) retry.push(item);
        else
          outcomes.set(keyOf(item), {
            ok: false,
            code: error.statusCode,
            message: error.message,
            attempts: attempt,
          });
      });
      pending = retry;
      if (pending.length > 0) await sleep(backoffDelay(policy, attempt));
    }
    done += batch.length;
    onProgress?.(done, items.length);
  });
  return outcomes;
}
