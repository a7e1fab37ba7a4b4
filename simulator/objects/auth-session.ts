import { defineObject, field, reference } from './types';

/** AuthSession (0Ak): live sessions; query and delete (deleting ends the session and its access token). */
export const AuthSession = defineObject({
  name: 'AuthSession',
  keyPrefix: '0Ak',
  setup: false,
  operations: { query: true, create: false, update: false, delete: true },
  indexed: ['UsersId'],
  fields: [
    reference('UsersId', 'User', '', 'Users'),
    field('SessionType', 'picklist', '', {
      picklistValues: ['UI', 'API', 'Oauth2', 'Content', 'SubstituteUser', 'Visualforce', 'ChatterNetworks'],
    }),
    field('SourceIp', 'string'),
    field('LoginType', 'string'),
    reference('LoginHistoryId', 'LoginHistory'),
    field('IsCurrent', 'boolean'),
    field('NumSecondsValid', 'int'),
    field('SessionSecurityLevel', 'picklist', '', { picklistValues: ['STANDARD', 'HIGH_ASSURANCE'] }),
    field('UserType', 'string'),
    field('CreatedDate', 'datetime'),
    field('LastModifiedDate', 'datetime'),
  ],
  rules: {
    audit(op, before, _after, ctx) {
      if (op !== 'delete' || !before) return undefined;
      const username = String(ctx.get('User', String(before.UsersId))?.Username ?? before.UsersId);
      return {
        action: 'removedsession',
        section: 'Session Management',
        display: `Removed ${String(before.SessionType)} session ${String(before.Id)} of user ${username}`,
      };
    },
  },
});
