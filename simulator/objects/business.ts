import { defineObject, field, OPS, reference, systemFields } from './types';

/** Account (001): a non-Setup object (for mixed-DML behaviour and PHI-bearing records). */
export const Account = defineObject({
  name: 'Account',
  keyPrefix: '001',
  setup: false,
  operations: OPS.all,
  fields: [
    field('Name', 'string', 'cur'),
    field('Type', 'picklist', 'cu'),
    field('Industry', 'picklist', 'cu'),
    reference('OwnerId', 'User', 'cu', 'Owner'),
    ...systemFields(),
  ],
});

/** Case (500): a non-Setup object holding patient-related work. */
export const Case = defineObject({
  name: 'Case',
  keyPrefix: '500',
  setup: false,
  operations: OPS.all,
  fields: [
    field('Subject', 'string', 'cu'),
    field('Status', 'picklist', 'cu', { picklistValues: ['New', 'Working', 'Escalated', 'Closed'] }),
    field('Priority', 'picklist', 'cu'),
    reference('AccountId', 'Account', 'cu'),
    reference('OwnerId', 'User', 'cu', 'Owner'),
    ...systemFields(),
  ],
});
