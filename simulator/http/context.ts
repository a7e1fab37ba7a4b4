import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessGrant } from '../auth';
import type { Faults } from '../faults';
import type { Org } from '../org';
import type { StatsRecorder } from '../stats';
import type { EndpointStats } from '../stats';
import type { ExtraHeaders } from './respond';

/** Everything a handler needs for one request. */
export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly method: string;
  readonly org: Org;
  readonly faults: Faults;
  readonly stats: StatsRecorder;
  readonly endpoint: EndpointStats;
  /** The simulator's base URL (`http://127.0.0.1:PORT`). */
  readonly baseUrl: string;
  /** Headers every response to this request carries. */
  readonly headers: ExtraHeaders;
  /** Set for authenticated `/services/data` requests. */
  grant?: AccessGrant;
  /** `62.0` from `/services/data/v62.0/…`. */
  apiVersion: string;
  /** The raw request body (read before dispatch). */
  body: string;
}

/** The grant of an authenticated request (handlers behind the auth check only). */
export function actor(ctx: RequestContext): string {
  if (!ctx.grant) throw new Error('unauthenticated request reached an authenticated handler');
  return ctx.grant.userId;
}
