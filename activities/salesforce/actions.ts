import { toId18 } from '../../domain/salesforce/ids';
import { soqlString } from '../../domain/salesforce/soql';
import type {
  ActionResult,
  ContainmentActionName,
  FieldValue,
  TargetResult,
} from '../../domain/salesforce/results';
import type { RemovedAssignment } from '../../domain/salesforce/action-inputs';
import type { UserTargets } from '../../domain/salesforce/targets';
import type { ActionRun } from './run';
import { writeInChunks, type WriteOutcome } from './apply';
import { mapWithConcurrency } from './concurrency';
import { readByUserIds, resolveUserIds, type Row } from './read';
import { SalesforceApiError } from './errors';

type AnyRun = ActionRun<{ org: string; mode: 'live' | 'dry-run' }>;

const id18 = (value: unknown): string => toId18(String(value)) ?? String(value);

function applyOutcome(
  target: TargetResult,
  outcome: WriteOutcome | undefined,
  after: Record<string, FieldValue> | null,
): void {
  if (outcome?.ok) {
    target.outcome = 'changed';
    target.after = after;
  } else {
    target.outcome = 'failed';
    target.after = target.before;
    target.error = outcome
      ? { code: outcome.code, message: outcome.message, attempts: outcome.attempts }
      : { code: 'NOT_ATTEMPTED', message: 'the write was not attempted', attempts: 0 };
  }
}

/** Users named by the targets that no row belongs to. */
function unmatchedUsers(
  userIds: readonly string[],
  rows: readonly TargetResult[],
  reason: string,
): ActionResult['unmatched'] {
  const seen = new Set(rows.map((r) => r.userId));
  return userIds.filter((u) => !seen.has(u)).map((userId) => ({ userId, reason }));
}

/** A boolean field change on one row per user (UserLogin.IsFrozen, User.IsActive). */
export interface FieldChangeSpec {
  action: ContainmentActionName;
  object: 'UserLogin' | 'User';
  userField: 'UserId' | 'Id';
  field: 'IsFrozen' | 'IsActive';
  value: boolean;
  unmatchedReason: string;
  notes: string[];
}

/**
 * Sets a boolean field for the targeted users. Reads first; rows already at the value are `already` (so a second
 * run changes nothing); the rest are written in chunks of 200. A retried attempt recognises rows its earlier
 * attempt changed (from the plan it recorded in its heartbeat) and reports them as changed, not `already`.
 */
export async function changeField(
  run: AnyRun,
  spec: FieldChangeSpec,
  targets: UserTargets,
): Promise<ActionResult> {
  const userIds = await resolveUserIds(run.api, targets);
  const rows = await readByUserIds(
    run.api,
    spec.object,
    ['Id', ...(spec.userField === 'Id' ? [] : [spec.userField]), spec.field],
    spec.userField,
    userIds,
  );
  const prior = new Set(run.priorPlan<string[]>(spec.action) ?? []);
  const results: TargetResult[] = rows.map((row) => {
    const id = id18(row.Id);
    const current = row[spec.field] as boolean;
    const base = { object: spec.object, id, userId: id18(row[spec.userField]) };
    if (current !== spec.value)
      return {
        ...base,
        before: { [spec.field]: current },
        after: { [spec.field]: spec.value },
        outcome: 'planned',
      };
    if (prior.has(id))
      return {
        ...base,
        before: { [spec.field]: !spec.value },
        after: { [spec.field]: spec.value },
        outcome: 'changed',
      };
    return {
      ...base,
      before: { [spec.field]: current },
      after: { [spec.field]: current },
      outcome: 'already',
    };
  });
  const unmatched = unmatchedUsers(userIds, results, spec.unmatchedReason);

  if (run.mode === 'live') {
    const todo = results.filter((t) => t.outcome === 'planned');
    run.recordPlan(spec.action, [...prior, ...todo.map((t) => t.id)]);
    const outcomes = await writeInChunks({
      items: todo,
      keyOf: (t) => t.id,
      send: (batch) =>
        run.api.updateRecords(
          spec.object,
          batch.map((t) => ({ Id: t.id, [spec.field]: spec.value })),
        ),
      concurrency: run.api.maxConcurrency,
      policy: run.policy,
      onProgress: (done, total) => run.progress(spec.action, done, total),
    });
    for (const t of todo) applyOutcome(t, outcomes.get(t.id), { [spec.field]: spec.value });
  }
  return run.finish(spec.action, results, { notes: spec.notes, unmatched });
}

/**
 * Deletes rows (AuthSession, PermissionSetAssignment). The plan (with each row's before state) is recorded
 * before deleting, so a retried attempt reports rows its earlier attempt deleted as changed.
 */
export async function deleteRows(
  run: AnyRun,
  action: ContainmentActionName,
  planned: TargetResult[],
  notes: string[],
  unmatched: ActionResult['unmatched'],
): Promise<ActionResult> {
  const present = new Set(planned.map((t) => t.id));
  const prior = (run.priorPlan<TargetResult[]>(action) ?? []).filter((t) => !present.has(t.id));
  const results = [...planned, ...prior.map((t) => ({ ...t, after: null, outcome: 'changed' as const }))];
  if (run.mode === 'live') {
    run.recordPlan(action, [...prior, ...planned]);
    const outcomes = await writeInChunks({
      items: planned,
      keyOf: (t) => t.id,
      send: (batch) => run.api.deleteRecords(batch.map((t) => t.id)),
      concurrency: run.api.maxConcurrency,
      policy: run.policy,
      onProgress: (done, total) => run.progress(action, done, total),
    });
    for (const t of planned) {
      const outcome = outcomes.get(t.id);
      // Deleting a row that is already gone is the target state, not a failure.
      if (outcome && !outcome.ok && outcome.code === 'ENTITY_IS_DELETED') {
        t.outcome = 'already';
        t.after = null;
      } else applyOutcome(t, outcome, null);
    }
  }
  return run.finish(action, results, { notes, unmatched });
}

/** Ends every session of the targeted users (deletes their AuthSession rows). */
export async function endSessions(run: AnyRun, targets: UserTargets): Promise<ActionResult> {
  const userIds = await resolveUserIds(run.api, targets);
  const rows = await readByUserIds(
    run.api,
    'AuthSession',
    ['Id', 'UsersId', 'SessionType', 'SourceIp', 'LoginType', 'CreatedDate'],
    'UsersId',
    userIds,
  );
  const planned: TargetResult[] = rows.map((r) => ({
    object: 'AuthSession',
    id: id18(r.Id),
    userId: id18(r.UsersId),
    before: {
      SessionType: str(r.SessionType),
      SourceIp: str(r.SourceIp),
      LoginType: str(r.LoginType),
      CreatedDate: str(r.CreatedDate),
    },
    after: null,
    outcome: 'planned',
  }));
  return deleteRows(
    run,
    'endSessions',
    planned,
    ['A user whose sessions end can log in again unless frozen or deactivated.'],
    unmatchedUsers(userIds, planned, 'no active sessions'),
  );
}

function str(value: unknown): FieldValue {
  return value === undefined ? null : (value as FieldValue);
}

function flattenAssignment(r: Row): RemovedAssignment & { Id: string } {
  const ps = r.PermissionSet as { Name?: string } | null | undefined;
  return {
    Id: id18(r.Id),
    AssigneeId: id18(r.AssigneeId),
    PermissionSetId: id18(r.PermissionSetId),
    PermissionSetName: ps?.Name,
    ExpirationDate: (r.ExpirationDate as string | null | undefined) ?? null,
  };
}

/** Removes permission set assignments (the named sets, or every one not owned by a profile), recording each. */
export async function removeAssignments(
  run: AnyRun,
  targets: UserTargets,
  permissionSets?: readonly string[],
): Promise<ActionResult> {
  const userIds = await resolveUserIds(run.api, targets);
  const filter = permissionSets
    ? `PermissionSet.Name IN (${permissionSets.map(soqlString).join(',')})`
    : 'PermissionSet.IsOwnedByProfile = false';
  const rows = await readByUserIds(
    run.api,
    'PermissionSetAssignment',
    ['Id', 'AssigneeId', 'PermissionSetId', 'PermissionSet.Name', 'ExpirationDate'],
    'AssigneeId',
    userIds,
    filter,
  );
  const planned: TargetResult[] = rows.map((r) => {
    const a = flattenAssignment(r);
    return {
      object: 'PermissionSetAssignment',
      id: a.Id,
      userId: a.AssigneeId,
      before: {
        PermissionSetId: a.PermissionSetId,
        PermissionSetName: a.PermissionSetName ?? null,
        ExpirationDate: a.ExpirationDate ?? null,
      },
      after: null,
      outcome: 'planned',
    };
  });
  return deleteRows(
    run,
    'removePermissionSetAssignments',
    planned,
    [
      'Removed assignments are listed with their permission set and expiration so they can be restored exactly.',
    ],
    unmatchedUsers(userIds, planned, 'no matching permission set assignment'),
  );
}

/** Re-inserts permission set assignments; ones that exist already are left alone. */
export async function restoreAssignments(
  run: AnyRun,
  assignments: readonly RemovedAssignment[],
): Promise<ActionResult> {
  const assignees = [...new Set(assignments.map((a) => a.AssigneeId))];
  const existing = await readByUserIds(
    run.api,
    'PermissionSetAssignment',
    ['Id', 'AssigneeId', 'PermissionSetId'],
    'AssigneeId',
    assignees,
  );
  const have = new Map(existing.map((r) => [`${id18(r.AssigneeId)}:${id18(r.PermissionSetId)}`, id18(r.Id)]));
  const results: TargetResult[] = assignments.map((a) => {
    const existingId = have.get(`${a.AssigneeId}:${a.PermissionSetId}`);
    const state = {
      PermissionSetId: a.PermissionSetId,
      PermissionSetName: a.PermissionSetName ?? null,
      ExpirationDate: a.ExpirationDate ?? null,
    };
    return existingId
      ? {
          object: 'PermissionSetAssignment',
          id: existingId,
          userId: a.AssigneeId,
          before: state,
          after: state,
          outcome: 'already',
        }
      : {
          object: 'PermissionSetAssignment',
          id: `${a.AssigneeId}:${a.PermissionSetId}`,
          userId: a.AssigneeId,
          before: null,
          after: state,
          outcome: 'planned',
        };
  });
  if (run.mode === 'live') {
    const todo = results.filter((t) => t.outcome === 'planned');
    const byKey = new Map(assignments.map((a) => [`${a.AssigneeId}:${a.PermissionSetId}`, a]));
    const outcomes = await writeInChunks({
      items: todo,
      keyOf: (t) => t.id,
      send: (batch) =>
        run.api.createRecords(
          'PermissionSetAssignment',
          batch.map((t) => {
            const a = byKey.get(t.id)!;
            return {
              AssigneeId: a.AssigneeId,
              PermissionSetId: a.PermissionSetId,
              ...(a.ExpirationDate ? { ExpirationDate: a.ExpirationDate } : {}),
            };
          }),
        ),
      concurrency: run.api.maxConcurrency,
      policy: run.policy,
      onProgress: (done, total) => run.progress('restorePermissionSetAssignments', done, total),
    });
    for (const t of todo) {
      const outcome = outcomes.get(t.id);
      // A duplicate means an earlier attempt (or someone else) restored it already: the target state.
      if (outcome && !outcome.ok && outcome.code === 'DUPLICATE_VALUE') t.outcome = 'already';
      else applyOutcome(t, outcome, t.after);
      if (outcome?.ok && outcome.id) t.id = id18(outcome.id);
    }
  }
  return run.finish('restorePermissionSetAssignments', results);
}

/**
 * Revokes connected-app OAuth tokens (OauthToken rows by app and/or user) through `/services/oauth2/revoke`
 * with each row's DeleteToken. The token value never leaves this function: results carry the row id, app and
 * user only. Irreversible: the app must be re-authorised.
 */
export async function revokeTokens(
  run: AnyRun,
  appNames: readonly string[],
  users: UserTargets | undefined,
): Promise<ActionResult> {
  const appFilter = appNames.length ? `AppName IN (${appNames.map(soqlString).join(',')})` : '';
  const fields = ['Id', 'AppName', 'UserId', 'DeleteToken', 'LastUsedDate', 'UseCount'];
  let userIds: string[] = [];
  let rows: Row[];
  if (users) {
    userIds = await resolveUserIds(run.api, users);
    rows = await readByUserIds(run.api, 'OauthToken', fields, 'UserId', userIds, appFilter);
  } else {
    rows = await run.api.query<Row>(`SELECT ${fields.join(', ')} FROM OauthToken WHERE ${appFilter}`);
  }
  const secrets = new Map(rows.map((r) => [id18(r.Id), String(r.DeleteToken)]));
  const planned: TargetResult[] = rows.map((r) => ({
    object: 'OauthToken',
    id: id18(r.Id),
    userId: id18(r.UserId),
    before: { AppName: str(r.AppName), LastUsedDate: str(r.LastUsedDate), UseCount: str(r.UseCount) },
    after: null,
    outcome: 'planned',
  }));
  const present = new Set(planned.map((t) => t.id));
  const prior = (run.priorPlan<TargetResult[]>('revokeConnectedAppTokens') ?? []).filter(
    (t) => !present.has(t.id),
  );
  const results = [...planned, ...prior.map((t) => ({ ...t, outcome: 'changed' as const }))];

  if (run.mode === 'live') {
    run.recordPlan('revokeConnectedAppTokens', [...prior, ...planned]);
    let done = 0;
    await mapWithConcurrency(planned, run.api.maxConcurrency, async (t) => {
      try {
        const outcome = await run.api.revokeToken(secrets.get(t.id)!);
        t.outcome = outcome === 'revoked' ? 'changed' : 'already';
      } catch (err) {
        const e =
          err instanceof SalesforceApiError ? err : new SalesforceApiError('UNKNOWN_ERROR', String(err), 1);
        t.outcome = 'failed';
        t.after = t.before;
        t.error = { code: e.sfCode, message: e.message, attempts: e.attempts };
      }
      run.progress('revokeConnectedAppTokens', ++done, planned.length);
    });
  }
  return run.finish('revokeConnectedAppTokens', results, {
    irreversible: true,
    notes: [
      'Revocation cannot be undone: the connected app must be re-authorised. Revoking a refresh token also revokes its access tokens.',
    ],
    unmatched: users
      ? unmatchedUsers(
          userIds,
          planned,
          appNames.length ? `no tokens of ${appNames.join(', ')}` : 'no connected-app tokens',
        )
      : [],
  });
}
