import { defineObject, field, OPS, reference, systemFields } from './types';

/** Profile (00e): read-only here. */
export const Profile = defineObject({
  name: 'Profile',
  keyPrefix: '00e',
  setup: true,
  operations: OPS.readOnly,
  fields: [field('Name', 'string'), field('UserType', 'string'), ...systemFields()],
});

/** ConnectedApplication (0H4): read-only through the REST API. */
export const ConnectedApplication = defineObject({
  name: 'ConnectedApplication',
  label: 'Connected App',
  keyPrefix: '0H4',
  setup: true,
  operations: OPS.readOnly,
  fields: [
    field('Name', 'string'),
    field('OptionsAllowAdminApprovedUsersOnly', 'boolean'),
    field('OptionsRefreshTokenValidityMetric', 'boolean'),
    field('RefreshTokenValidityPeriod', 'int'),
    field('StartUrl', 'url'),
    ...systemFields(),
  ],
});

/** SetupAuditTrail (0Ym): read-only; the simulator appends to it for every accepted Setup change. */
export const SetupAuditTrail = defineObject({
  name: 'SetupAuditTrail',
  label: 'Setup Audit Trail',
  labelPlural: 'Setup Audit Trail',
  keyPrefix: '0Ym',
  setup: false,
  operations: OPS.readOnly,
  indexed: ['CreatedById'],
  fields: [
    field('Action', 'string'),
    field('Section', 'string'),
    field('CreatedDate', 'datetime'),
    reference('CreatedById', 'User'),
    field('Display', 'string'),
    field('DelegateUser', 'string'),
    field('ResponsibleNamespacePrefix', 'string'),
  ],
});

/** LoginHistory (0Ya): read-only; logins through the simulator's token endpoint add rows. */
export const LoginHistory = defineObject({
  name: 'LoginHistory',
  label: 'Login History',
  labelPlural: 'Login History',
  keyPrefix: '0Ya',
  setup: false,
  operations: OPS.readOnly,
  indexed: ['UserId'],
  fields: [
    reference('UserId', 'User'),
    field('LoginTime', 'datetime'),
    field('SourceIp', 'string'),
    field('Status', 'string'),
    field('LoginType', 'picklist'),
    field('Application', 'string'),
    field('Browser', 'string'),
    field('Platform', 'string'),
    field('LoginUrl', 'string'),
    field('ApiType', 'string'),
    field('ApiVersion', 'string'),
    field('CountryIso', 'string'),
    field('TlsProtocol', 'string'),
    field('CipherSuite', 'string'),
    field('AuthenticationServiceId', 'reference'),
    field('LoginGeoId', 'reference'),
  ],
});

/** EventLogFile (0AT): read-only; `LogFile` is a CSV blob served at `/sobjects/EventLogFile/{id}/LogFile`. */
export const EventLogFile = defineObject({
  name: 'EventLogFile',
  label: 'Event Log File',
  keyPrefix: '0AT',
  setup: false,
  operations: OPS.readOnly,
  fields: [
    field('EventType', 'picklist'),
    field('LogDate', 'datetime'),
    field('LogFileLength', 'double'),
    field('LogFileFieldNames', 'textarea'),
    field('LogFileFieldTypes', 'textarea'),
    field('LogFileContentType', 'string'),
    field('Interval', 'picklist', '', { picklistValues: ['Daily', 'Hourly'] }),
    field('Sequence', 'int'),
    field('ApiVersion', 'double'),
    field('LogFile', 'base64'),
    ...systemFields(),
  ],
});
