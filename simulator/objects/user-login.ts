import { defineObject, field, reference } from './types';

/** UserLogin (060): query and update only; `IsFrozen` freezes a user without deactivating them. */
export const UserLogin = defineObject({
  name: 'UserLogin',
  keyPrefix: '060',
  setup: true,
  operations: { query: true, create: false, update: true, delete: false },
  indexed: ['UserId'],
  fields: [
    reference('UserId', 'User'),
    field('IsFrozen', 'boolean', 'u'),
    field('IsPasswordLocked', 'boolean', 'u'),
    field('LastModifiedDate', 'datetime'),
    reference('LastModifiedById', 'User'),
  ],
  rules: {
    beforeUpdate(before, changes) {
      if (changes.IsPasswordLocked === true && before.IsPasswordLocked === false)
        return {
          statusCode: 'FIELD_INTEGRITY_EXCEPTION',
          message: 'IsPasswordLocked can only be set to false (unlock the user).',
          fields: ['IsPasswordLocked'],
        };
      return undefined;
    },
    audit(_op, before, after, ctx) {
      if (!before || !after) return undefined;
      const username = String(ctx.get('User', String(after.UserId))?.Username ?? after.UserId);
      if (before.IsFrozen !== after.IsFrozen)
        return after.IsFrozen
          ? { action: 'frozeuser', section: 'Manage Users', display: `Froze user ${username}` }
          : { action: 'unfrozeuser', section: 'Manage Users', display: `Unfroze user ${username}` };
      if (before.IsPasswordLocked === true && after.IsPasswordLocked === false)
        return { action: 'unlockeduser', section: 'Manage Users', display: `Unlocked user ${username}` };
      return undefined;
    },
  },
});
