import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Faults } from '../faults';
import type { Org } from '../org';
import type { StatsRecorder } from '../stats';
import { handleAdmin } from './admin';
import { handleCollectionRetrieve, handleCollections } from './composite';
import type { RequestContext } from './context';
import { handleIdentity, handleLimits, handleResources, handleVersions } from './misc';
import { handleRevoke, handleToken } from './oauth';
import { CursorStore, handleQuery, handleQueryMore } from './query';
import { HttpError, readBody, sendJson } from './respond';
import { handleBlob, handleDescribe, handleDescribeGlobal, handleObject, handleRecord } from './sobjects';

const NOT_FOUND = (): HttpError => HttpError.of(404, 'NOT_FOUND', 'The requested resource does not exist');

/** Normalises a path for statistics: IDs and locators become placeholders. */
function endpointKey(method: string, path: string): string {
  const data = /^\/services\/data\/v\d+\.\d+(\/.*)?$/.exec(path);
  if (!data) return `${method} ${path.startsWith('/id/') ? '/id/:org/:user' : path}`;
  const rest = (data[1] ?? '/').replace(/\/+$/, '') || '/';
  const parts = rest.split('/').filter(Boolean);
  if (parts[0] === 'query' || parts[0] === 'queryAll')
    return `${method} /${parts[0]}${parts.length > 1 ? '/:locator' : ''}`;
  if (parts[0] === 'sobjects' && parts.length >= 3 && parts[2] !== 'describe')
    return `${method} /sobjects/${parts[1]}/:id${parts.length > 3 ? `/${parts[3]}` : ''}`;
  return `${method} /${parts.join('/')}`;
}

/** Routes an authenticated `/services/data/vXX.X/…` request. */
function routeData(ctx: RequestContext, parts: string[], cursors: CursorStore): void {
  const [head, a, b, c] = parts;
  const only = (...methods: string[]): void => {
    if (!methods.includes(ctx.method))
      throw HttpError.of(
        405,
        'METHOD_NOT_ALLOWED',
        `HTTP Method '${ctx.method}' not allowed. Allowed are ${methods.join(',')}`,
      );
  };
  switch (head) {
    case undefined:
      return handleResources(ctx);
    case 'query':
    case 'queryAll':
      only('GET');
      return a === undefined ? handleQuery(ctx, cursors) : handleQueryMore(ctx, cursors, a);
    case 'limits':
      only('GET');
      return handleLimits(ctx);
    case 'sobjects':
      if (a === undefined) {
        only('GET');
        return handleDescribeGlobal(ctx);
      }
      if (b === undefined) return handleObject(ctx, a);
      if (b === 'describe' && c === undefined) {
        only('GET');
        return handleDescribe(ctx, a);
      }
      if (c === undefined) return handleRecord(ctx, a, b);
      if (parts.length === 4) return handleBlob(ctx, a, b, c);
      throw NOT_FOUND();
    case 'composite':
      if (a === 'sobjects' && b === undefined) return handleCollections(ctx);
      if (a === 'sobjects' && c === undefined && b !== undefined) return handleCollectionRetrieve(ctx, b);
      throw NOT_FOUND();
    default:
      throw NOT_FOUND();
  }
}

/** Options of {@link createSimulatorServer}. */
export interface ServerDeps {
  readonly org: Org;
  readonly faults: Faults;
  readonly stats: StatsRecorder;
  /** Resolved once listening (`http://127.0.0.1:PORT`). */
  readonly baseUrl: () => string;
}

/**
 * The simulator's HTTP server: OAuth endpoints, the REST data API with bearer auth, API usage accounting
 * (`Sforce-Limit-Info`), fault injection (latency, error rates, concurrency cap) and statistics.
 */
export function createSimulatorServer(deps: ServerDeps): Server {
  const { org, faults, stats } = deps;
  const cursors = new CursorStore();
  let inFlight = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', deps.baseUrl());
    const path = url.pathname;
    const body = await readBody(req);
    if (path.startsWith('/__sim/')) {
      try {
        return handleAdmin({ res, method, body, url }, faults, stats);
      } catch (e) {
        if (!(e instanceof HttpError)) throw e;
        return sendJson(res, e.status, e.errors);
      }
    }

    const key = endpointKey(method, path);
    stats.request(key);
    const endpoint = stats.endpoint(key);
    const isData = path.startsWith('/services/data');
    const ctx: RequestContext = {
      req,
      res,
      url,
      method,
      org,
      faults,
      stats,
      endpoint,
      baseUrl: deps.baseUrl(),
      headers: {},
      apiVersion: org.apiVersion,
      body,
    };
    inFlight++;
    stats.inFlight(inFlight);
    try {
      const settings = faults.settings;
      if (isData && settings.maxConcurrent !== undefined && inFlight > settings.maxConcurrent) {
        stats.fault('concurrencyLimit');
        throw HttpError.of(403, 'REQUEST_LIMIT_EXCEEDED', 'ConcurrentPerOrgLongTxn Limit exceeded.');
      }
      if (settings.latencyMs > 0) await sleep(settings.latencyMs);
      const started = performance.now();
      try {
        if (path === '/services/oauth2/token') return handleToken(ctx);
        if (path === '/services/oauth2/revoke') return handleRevoke(ctx);
        const identity = /^\/id\/(00D\w+)\/(005\w+)$/.exec(path);
        if (!isData && !identity) throw NOT_FOUND();
        authenticate(ctx);
        if (identity) return handleIdentity(ctx, identity[1], identity[2]);
        const version = /^\/services\/data(?:\/v(\d+\.\d)(\/.*)?)?\/?$/.exec(path);
        if (!version) throw NOT_FOUND();
        if (version[1] === undefined) return handleVersions(ctx);
        const v = Number(version[1]);
        if (v < 20 || v > 66) throw NOT_FOUND();
        ctx.apiVersion = version[1];
        const used = stats.apiCall();
        ctx.headers['Sforce-Limit-Info'] = `api-usage=${used}/${org.dailyApiRequests}`;
        if (used > org.dailyApiRequests)
          throw HttpError.of(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
        if (faults.roll(settings.serviceUnavailableRate)) {
          stats.fault('serviceUnavailable');
          throw HttpError.of(
            503,
            'SERVER_UNAVAILABLE',
            'Service Unavailable: the server is temporarily unable to handle the request.',
          );
        }
        if (faults.roll(settings.requestLimitExceededRate)) {
          stats.fault('requestLimitExceeded');
          throw HttpError.of(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
        }
        routeData(ctx, (version[2] ?? '').split('/').filter(Boolean), cursors);
      } finally {
        endpoint.handlerMs += performance.now() - started;
      }
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      endpoint.errors++;
      if (!res.headersSent) sendJson(res, e.status, e.errors, ctx.headers);
    } finally {
      inFlight--;
    }
  }

  function authenticate(ctx: RequestContext): void {
    const m = /^Bearer\s+(.+)$/i.exec(ctx.req.headers.authorization ?? '');
    const grant = m ? org.auth.grant(m[1].trim()) : undefined;
    const alive =
      grant &&
      (!grant.sessionId || org.store.get('AuthSession', grant.sessionId) !== undefined) &&
      (!grant.oauthTokenId || org.store.get('OauthToken', grant.oauthTokenId) !== undefined);
    if (!grant || !alive) {
      if (grant) org.auth.removeGrant(grant.token);
      throw HttpError.of(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
    }
    ctx.grant = grant;
  }

  return createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent)
        sendJson(res, 500, [
          { message: `Simulator error: ${(e as Error).message}`, errorCode: 'UNKNOWN_EXCEPTION' },
        ]);
      else res.destroy();
    });
  });
}
