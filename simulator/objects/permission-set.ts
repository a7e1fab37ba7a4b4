import {
  defineObject,
  field,
  OPS,
  reference,
  systemFields,
  type RecordError,
  type Row,
  type RuleContext,
} from './types';

/** PermissionSet (0PS): read-only here (assignments are what containment changes). */
export const PermissionSet = defineObject({
  name: 'PermissionSet',
  label: 'Permission Set',
  keyPrefix: '0PS',
  setup: true,
  operations: OPS.readOnly,
  indexed: ['Name'],
  fields: [
    field('Name', 'string'),
    field('Label', 'string'),
    field('Description', 'textarea'),
    field('IsOwnedByProfile', 'boolean'),
    field('IsCustom', 'boolean'),
    reference('ProfileId', 'Profile'),
    field('PermissionsViewAllData', 'boolean'),
    field('PermissionsModifyAllData', 'boolean'),
    field('PermissionsExportReport', 'boolean'),
    field('PermissionsApiEnabled', 'boolean'),
    ...systemFields(),
  ],
});

function profileOwned(ps: Row | undefined): RecordError | undefined {
  return ps?.IsOwnedByProfile === true
    ? {
        statusCode: 'INVALID_CROSS_REFERENCE_KEY',
        message: "You can't assign or unassign this permission set because it's associated with a profile.",
        fields: ['PermissionSetId'],
      }
    : undefined;
}

function names(row: Row, ctx: RuleContext): { user: string; label: string } {
  return {
    user: String(ctx.get('User', String(row.AssigneeId))?.Username ?? row.AssigneeId),
    label: String(ctx.get('PermissionSet', String(row.PermissionSetId))?.Label ?? row.PermissionSetId),
  };
}

/** PermissionSetAssignment (0Pa): create, delete and (for `ExpirationDate`) update. */
export const PermissionSetAssignment = defineObject({
  name: 'PermissionSetAssignment',
  label: 'Permission Set Assignment',
  keyPrefix: '0Pa',
  setup: true,
  operations: OPS.all,
  indexed: ['AssigneeId', 'PermissionSetId'],
  fields: [
    reference('AssigneeId', 'User', 'cr', 'Assignee'),
    reference('PermissionSetId', 'PermissionSet', 'cr'),
    field('ExpirationDate', 'datetime', 'cu'),
    field('IsActive', 'boolean'),
    field('SystemModstamp', 'datetime'),
  ],
  rules: {
    beforeInsert(row, ctx) {
      const user = ctx.get('User', String(row.AssigneeId));
      if (!user)
        return {
          statusCode: 'INVALID_CROSS_REFERENCE_KEY',
          message: 'invalid cross reference id',
          fields: ['AssigneeId'],
        };
      const ps = ctx.get('PermissionSet', String(row.PermissionSetId));
      if (!ps)
        return {
          statusCode: 'INVALID_CROSS_REFERENCE_KEY',
          message: 'invalid cross reference id',
          fields: ['PermissionSetId'],
        };
      const refused = profileOwned(ps);
      if (refused) return refused;
      const duplicate = ctx
        .findBy('PermissionSetAssignment', 'AssigneeId', String(row.AssigneeId))
        .some((a) => a.PermissionSetId === row.PermissionSetId);
      if (duplicate)
        return {
          statusCode: 'DUPLICATE_VALUE',
          message: `Duplicate PermissionSetAssignment. Assignee: ${String(row.AssigneeId)}, PermissionSet: ${String(row.PermissionSetId)}`,
          fields: [],
        };
      row.IsActive = true;
      return undefined;
    },
    beforeDelete(row, ctx) {
      return profileOwned(ctx.get('PermissionSet', String(row.PermissionSetId)));
    },
    audit(op, before, after, ctx) {
      const row = after ?? before;
      if (!row) return undefined;
      const { user, label } = names(row, ctx);
      if (op === 'insert')
        return {
          action: 'PermSetAssign',
          section: 'Manage Users',
          display: `Permission set ${label}: assigned to ${user}`,
        };
      if (op === 'delete')
        return {
          action: 'PermSetUnassign',
          section: 'Manage Users',
          display: `Permission set ${label}: unassigned from ${user}`,
        };
      return {
        action: 'PermSetAssignmentChanged',
        section: 'Manage Users',
        display: `Permission set ${label}: assignment expiration changed for ${user}`,
      };
    },
  },
});
