import { defineObject, field, reference } from './types';

/**
 * OauthToken (0CQ): query only. Salesforce refuses delete through the sObject API; a token is revoked by
 * posting its `DeleteToken` to `/services/oauth2/revoke`, which removes the row.
 */
export const OauthToken = defineObject({
  name: 'OauthToken',
  label: 'Oauth Token',
  keyPrefix: '0CQ',
  setup: false,
  operations: { query: true, create: false, update: false, delete: false },
  indexed: ['UserId', 'DeleteToken'],
  fields: [
    field('AppName', 'string'),
    reference('UserId', 'User'),
    field('DeleteToken', 'string'),
    field('LastUsedDate', 'datetime'),
    field('UseCount', 'int'),
    field('CreatedDate', 'datetime'),
    field('AppMenuItemId', 'reference'),
    field('RequestToken', 'string'),
  ],
  rules: {
    audit(op, before, _after, ctx) {
      if (op !== 'delete' || !before) return undefined;
      const username = String(ctx.get('User', String(before.UserId))?.Username ?? before.UserId);
      return {
        action: 'revokedoauthtoken',
        section: 'Connected Apps',
        display: `Revoked OAuth token of connected app ${String(before.AppName)} for user ${username}`,
      };
    },
  },
});
