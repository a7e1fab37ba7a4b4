import { ipInCidr, type UserTargets } from '../../domain/salesforce/targets';
import { soqlDateTime, soqlIdList, soqlString } from '../../domain/salesforce/soql';
import { toId18 } from '../../domain/salesforce/ids';
import { chunk, mapWithConcurrency } from './concurrency';
import type { SalesforceApi } from './api';

/** IDs per `IN (…)` list: 300 quoted, URL-encoded IDs keep a GET query near 7.5 kB, well under URL limits. */
export const IDS_PER_QUERY = 300;
/** Records per query page (Salesforce's default and maximum batch size). */
const PAGE_SIZE = 2000;

/** A record as read: field name → value (relationship fields flattened by the caller). */
export type Row = Record<string, unknown> & { Id: string };

/**
 * Resolves user targets to a sorted list of 18-character user IDs: the explicit IDs plus each selector's
 * matches, found by read-only queries. Selector values were validated by zod and are quoted with soqlString.
 */
export async function resolveUserIds(api: SalesforceApi, targets: UserTargets): Promise<string[]> {
  const ids = new Set(targets.userIds);
  for (const selector of targets.selectors) {
    switch (selector.kind) {
      case 'usernames':
        for (const names of chunk(selector.usernames, IDS_PER_QUERY)) {
          const rows = await api.query<Row>(
            `SELECT Id FROM User WHERE Username IN (${names.map(soqlString).join(',')})`,
          );
          rows.forEach((r) => ids.add(toId18(r.Id)!));
        }
        break;
      case 'permissionSet': {
        const rows = await api.query<{ AssigneeId: string }>(
          `SELECT AssigneeId FROM PermissionSetAssignment WHERE PermissionSet.Name = ${soqlString(selector.name)}`,
        );
        rows.forEach((r) => ids.add(toId18(r.AssigneeId)!));
        break;
      }
      case 'loginFromIpRange': {
        // SOQL has no CIDR match: narrow by whole leading octets with LIKE, then match the range exactly here.
        const [base, bits] = selector.cidr.split('/') as [string, string];
        const octets = Math.floor(Number(bits) / 8);
        const prefix = base.split('.').slice(0, octets).join('.');
        const like = octets > 0 && octets < 4 ? ` AND SourceIp LIKE ${soqlString(`${prefix}.%`)}` : '';
        const rows = await api.query<{ UserId: string; SourceIp: string | null }>(
          `SELECT UserId, SourceIp FROM LoginHistory WHERE LoginTime >= ${soqlDateTime(selector.since)}${like}`,
        );
        rows
          .filter((r) => r.SourceIp && ipInCidr(r.SourceIp, selector.cidr))
          .forEach((r) => ids.add(toId18(r.UserId)!));
        break;
      }
    }
  }
  return [...ids].sort();
}

/**
 * Reads `fields` of every `object` record whose `userField` is one of `userIds`. Chooses the cheaper plan in
 * API calls: `IN (…)` queries of {@link IDS_PER_QUERY} IDs, or — when the targets are a large share of the
 * org — one paged scan of the whole object filtered here (10,000 of 10,000 users: 5 calls instead of 34).
 */
export async function readByUserIds(
  api: SalesforceApi,
  object: string,
  fields: readonly string[],
  userField: string,
  userIds: readonly string[],
  extraWhere = '',
): Promise<Row[]> {
  if (userIds.length === 0) return [];
  const select = `SELECT ${fields.join(', ')} FROM ${object}`;
  const inQueries = Math.ceil(userIds.length / IDS_PER_QUERY);
  if (inQueries > 2) {
    const total = await api.count(`SELECT COUNT() FROM ${object}${extraWhere ? ` WHERE ${extraWhere}` : ''}`);
    if (Math.ceil(total / PAGE_SIZE) < inQueries) {
      const wanted = new Set(userIds);
      const rows = await api.query<Row>(`${select}${extraWhere ? ` WHERE ${extraWhere}` : ''}`);
      return rows.filter((r) => wanted.has(toId18(String(r[userField]))!));
    }
  }
  const pages = await mapWithConcurrency(chunk(userIds, IDS_PER_QUERY), api.maxConcurrency, (ids) =>
    api.query<Row>(
      `${select} WHERE ${userField} IN ${soqlIdList(ids)}${extraWhere ? ` AND ${extraWhere}` : ''}`,
    ),
  );
  return pages.flat();
}
