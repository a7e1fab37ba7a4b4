import type { Faults } from '../faults';
import type { StatsRecorder } from '../stats';
import type { RequestContext } from './context';
import { HttpError, isObject, parseJsonBody, sendJson } from './respond';

/**
 * `/__sim/…` admin endpoints (unauthenticated; the simulator binds to loopback): `GET|PUT /__sim/faults`,
 * `GET /__sim/stats`, `POST /__sim/stats/reset`. Not counted in statistics or API usage.
 */
export function handleAdmin(
  ctx: Pick<RequestContext, 'res' | 'method' | 'body' | 'url'>,
  faults: Faults,
  stats: StatsRecorder,
): void {
  const path = ctx.url.pathname.replace(/\/+$/, '');
  if (path === '/__sim/faults') {
    if (ctx.method === 'PUT' || ctx.method === 'PATCH' || ctx.method === 'POST') {
      const body = parseJsonBody(ctx.body);
      if (!isObject(body))
        throw HttpError.of(400, 'JSON_PARSER_ERROR', 'expected a JSON object of fault settings');
      try {
        return sendJson(ctx.res, 200, faults.set(body));
      } catch (e) {
        throw HttpError.of(400, 'INVALID_FAULTS', (e as Error).message);
      }
    }
    return sendJson(ctx.res, 200, faults.settings);
  }
  if (path === '/__sim/stats' && ctx.method === 'GET') return sendJson(ctx.res, 200, stats.snapshot());
  if (path === '/__sim/stats/reset' && ctx.method === 'POST') {
    stats.reset(true);
    return sendJson(ctx.res, 200, stats.snapshot());
  }
  throw HttpError.of(404, 'NOT_FOUND', 'The requested resource does not exist');
}
