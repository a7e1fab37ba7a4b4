import type { RequestContext } from './context';
import { HttpError, sendJson } from './respond';

/** GET /limits: the org's limits with the simulator's live API usage. */
export function handleLimits(ctx: RequestContext): void {
  const max = ctx.org.dailyApiRequests;
  sendJson(
    ctx.res,
    200,
    {
      DailyApiRequests: { Max: max, Remaining: Math.max(0, max - ctx.stats.apiCalls) },
      ConcurrentAsyncGetReportInstances: { Max: 200, Remaining: 200 },
      DailyBulkApiBatches: { Max: 15000, Remaining: 15000 },
      DataStorageMB: { Max: 1024, Remaining: 1000 },
      HourlyODataCallout: { Max: 10000, Remaining: 10000 },
    },
    ctx.headers,
  );
}

/** GET /services/data: the API versions the simulator answers. */
export function handleVersions(ctx: RequestContext): void {
  const versions = [];
  for (let v = 31; v <= 64; v++)
    versions.push({ label: `v${v}.0`, url: `/services/data/v${v}.0`, version: `${v}.0` });
  sendJson(ctx.res, 200, versions);
}

/** GET /services/data/vXX.X: the resources of a version. */
export function handleResources(ctx: RequestContext): void {
  const base = `/services/data/v${ctx.apiVersion}`;
  sendJson(
    ctx.res,
    200,
    {
      sobjects: `${base}/sobjects`,
      query: `${base}/query`,
      queryAll: `${base}/queryAll`,
      limits: `${base}/limits`,
      composite: `${base}/composite`,
    },
    ctx.headers,
  );
}

/** GET /id/{orgId}/{userId}: the identity URL the token response points at (bearer-authenticated). */
export function handleIdentity(ctx: RequestContext, orgId: string, userId: string): void {
  const user = ctx.org.store.get('User', userId);
  if (!user || orgId !== ctx.org.orgId)
    throw HttpError.of(404, 'NOT_FOUND', 'The requested resource does not exist');
  const base = `${ctx.baseUrl}/services/data/v{version}`;
  sendJson(ctx.res, 200, {
    id: `${ctx.baseUrl}/id/${ctx.org.orgId}/${String(user.Id)}`,
    user_id: user.Id,
    organization_id: ctx.org.orgId,
    username: user.Username,
    display_name: user.Name,
    email: user.Email,
    active: user.IsActive,
    user_type: user.UserType,
    urls: { rest: `${base}/`, sobjects: `${base}/sobjects/`, query: `${base}/query/` },
  });
}
