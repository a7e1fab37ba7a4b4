import { defineObject, field, reference, systemFields, type RecordError, type Row } from './types';

/**
 * Why Salesforce refuses to deactivate a user, by seeded blocker (Salesforce Help 000384761, 000384586,
 * 000386275): the user is still referenced by org configuration and must be replaced there (or frozen).
 */
export const DEACTIVATION_BLOCKERS = {
  defaultLeadOwner:
    'You cannot deactivate this user because they are the default lead owner in Lead Settings.',
  defaultCaseOwner:
    'You cannot deactivate a user who is the default owner of cases. Change the Default Case Owner in Support Settings first.',
  automatedCaseUser: 'You cannot deactivate the Automated Case User. Change it in Support Settings first.',
  webToLeadCreator: 'You cannot disable the Web to Lead Default Creator.',
  defaultWorkflowUser: 'You cannot deactivate the Default Workflow User.',
  soleEmailAlertRecipient:
    'You cannot deactivate this user because they are the only recipient of an email alert.',
  hierarchyField: 'Cannot inactivate user that is the value of a hierarchy field: Manager__c',
  portalAdmin: 'You cannot deactivate a portal administrator.',
} as const;

/** A seeded reason deactivation is refused. */
export type DeactivationBlocker = keyof typeof DEACTIVATION_BLOCKERS;

function deactivationError(blocker: string): RecordError {
  const message =
    (DEACTIVATION_BLOCKERS as Record<string, string>)[blocker] ??
    `You cannot deactivate this user: ${blocker}.`;
  // Unverified: the API status code for these configuration blockers; FIELD_INTEGRITY_EXCEPTION is the code
  // Salesforce uses for cross-setting integrity failures.
  return { statusCode: 'FIELD_INTEGRITY_EXCEPTION', message, fields: ['IsActive'] };
}

function fullName(first: unknown, last: unknown): string {
  return [first, last].filter((p) => typeof p === 'string' && p.length > 0).join(' ');
}

/** User (005): query and update; deactivation follows the org's configuration blockers. */
export const User = defineObject({
  name: 'User',
  keyPrefix: '005',
  setup: true,
  operations: { query: true, create: false, update: true, delete: false },
  indexed: ['Username'],
  fields: [
    field('Username', 'string', 'cur'),
    field('FirstName', 'string', 'cu'),
    field('LastName', 'string', 'cur'),
    field('Name', 'string'),
    field('Alias', 'string', 'cu'),
    field('Email', 'email', 'cur'),
    field('IsActive', 'boolean', 'cu'),
    reference('ProfileId', 'Profile', 'cur'),
    field('UserType', 'picklist', '', {
      picklistValues: [
        'Standard',
        'PowerPartner',
        'CspLitePortal',
        'CustomerSuccess',
        'CsnOnly',
        'AutomatedProcess',
      ],
    }),
    field('Department', 'string', 'cu'),
    field('Title', 'string', 'cu'),
    field('FederationIdentifier', 'string', 'cu'),
    field('LastLoginDate', 'datetime'),
    ...systemFields(),
  ],
  rules: {
    beforeUpdate(before: Row, changes: Row, ctx) {
      if (changes.IsActive === false && before.IsActive === true) {
        const blocker = ctx.deactivationBlocker(String(before.Id));
        if (blocker) return deactivationError(blocker);
      }
      if (typeof changes.Username === 'string') {
        const clash = ctx.findBy('User', 'Username', changes.Username).find((u) => u.Id !== before.Id);
        if (clash)
          return { statusCode: 'DUPLICATE_USERNAME', message: 'Duplicate Username.', fields: ['Username'] };
      }
      if ('FirstName' in changes || 'LastName' in changes) {
        changes.Name = fullName(changes.FirstName ?? before.FirstName, changes.LastName ?? before.LastName);
      }
      return undefined;
    },
    audit(_op, before, after) {
      if (!before || !after) return undefined;
      if (before.IsActive === true && after.IsActive === false)
        return {
          action: 'deactivateduser',
          section: 'Manage Users',
          display: `Deactivated user ${after.Username}`,
        };
      if (before.IsActive === false && after.IsActive === true)
        return {
          action: 'activateduser',
          section: 'Manage Users',
          display: `Activated user ${after.Username}`,
        };
      return { action: 'changeduser', section: 'Manage Users', display: `Changed user ${after.Username}` };
    },
  },
});
