import { runQuery, type JsonRecord } from '../soql/evaluate';
import { SoqlError } from '../soql/errors';
import type { RequestContext } from './context';
import { HttpError, sendJson } from './respond';

const DEFAULT_BATCH = 2000;
const MAX_CURSORS = 200;

interface Cursor {
  readonly records: readonly JsonRecord[];
  readonly batch: number;
}

/** Open query cursors (`01g…`), oldest first, capped like Salesforce caps open cursors per user. */
export class CursorStore {
  private readonly cursors = new Map<string, Cursor>();

  open(id: string, cursor: Cursor): void {
    this.cursors.set(id, cursor);
    if (this.cursors.size > MAX_CURSORS) {
      const oldest = this.cursors.keys().next().value;
      if (oldest !== undefined) this.cursors.delete(oldest);
    }
  }

  get(id: string): Cursor | undefined {
    return this.cursors.get(id);
  }

  close(id: string): void {
    this.cursors.delete(id);
  }
}

/** `Sforce-Query-Options: batchSize=N`, clamped to Salesforce's 200–2000. */
function batchSize(ctx: RequestContext): number {
  const header = ctx.req.headers['sforce-query-options'];
  const m = /batchSize\s*=\s*(\d+)/i.exec(Array.isArray(header) ? header.join(',') : (header ?? ''));
  if (!m) return DEFAULT_BATCH;
  return Math.min(2000, Math.max(200, Number(m[1])));
}

function page(ctx: RequestContext, cursors: CursorStore, id: string, cursor: Cursor, offset: number): void {
  const end = offset + cursor.batch;
  const done = end >= cursor.records.length;
  if (done) cursors.close(id);
  sendJson(
    ctx.res,
    200,
    {
      totalSize: cursor.records.length,
      done,
      ...(done ? {} : { nextRecordsUrl: `/services/data/v${ctx.apiVersion}/query/${id}-${end}` }),
      records: cursor.records.slice(offset, end),
    },
    ctx.headers,
  );
}

/** GET /query?q=… and /queryAll?q=…: runs the SOQL and answers the first batch. */
export function handleQuery(ctx: RequestContext, cursors: CursorStore): void {
  const soql = ctx.url.searchParams.get('q');
  if (soql === null || soql.trim() === '')
    throw HttpError.of(400, 'MALFORMED_QUERY', 'A query string has to be specified');
  let outcome;
  try {
    outcome = runQuery(soql, ctx.org.store, ctx.org.clock(), ctx.apiVersion);
  } catch (e) {
    if (e instanceof SoqlError) throw HttpError.of(400, e.errorCode, e.message);
    throw e;
  }
  if (outcome.kind === 'count') {
    sendJson(ctx.res, 200, { totalSize: outcome.totalSize, done: true, records: [] }, ctx.headers);
    return;
  }
  const batch = batchSize(ctx);
  const cursor = { records: outcome.records, batch };
  const id = ctx.org.store.ids.next('01g');
  if (outcome.records.length > batch) cursors.open(id, cursor);
  page(ctx, cursors, id, cursor, 0);
}

/** GET /query/01g…-N: the next batch of an open cursor. */
export function handleQueryMore(ctx: RequestContext, cursors: CursorStore, locator: string): void {
  const m = /^(01g[0-9A-Za-z]{15})-(\d+)$/.exec(locator);
  const cursor = m ? cursors.get(m[1]) : undefined;
  if (!m || !cursor) throw HttpError.of(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
  page(ctx, cursors, m[1], cursor, Number(m[2]));
}
