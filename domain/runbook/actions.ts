import type { InputSource, ParameterType, StepAction } from './schema';

/** What a step output holds: user IDs (fits a `userTargets` input) or removed permission set assignments. */
export type StepOutputKind = 'userIds' | 'permissionSetAssignments';
/** An output name a step can expose (`{ step, output }` sources). */
export type StepOutputName = Extract<InputSource, { step: string }>['output'];

/** One input an action takes: its value type (the same vocabulary as parameter types) and whether it is needed. */
export interface ActionInputSpec {
  type: ParameterType;
  required: boolean;
}

/** What the workflow engine expects of a step with a given action. */
export interface ActionSpec {
  /** Inputs by name; any other input name is an error. */
  inputs: Readonly<Record<string, ActionInputSpec>>;
  /** Names of optional inputs of which at least one must be given. */
  atLeastOneOf?: readonly string[];
  /** Outputs later steps may use. */
  outputs: readonly StepOutputName[];
  /** The step must carry `instructions` (a person does it). */
  needsInstructions?: boolean;
  /** Why it cannot be undone, for irreversible actions (shown in errors). */
  irreversibleBecause?: string;
}

const ORG: ActionInputSpec = { type: 'org', required: true };
const TARGETS: ActionInputSpec = { type: 'userTargets', required: true };
const NOTE = { note: { type: 'text', required: false } } as const;
const USER_OUTPUTS = ['userIds', 'changedUserIds'] as const;

/** The inputs and outputs of every action, as the workflow engine interprets them. */
export const ACTION_SPECS: Readonly<Record<StepAction, ActionSpec>> = {
  'salesforce.freezeUsers': { inputs: { org: ORG, targets: TARGETS }, outputs: USER_OUTPUTS },
  'salesforce.endSessions': {
    inputs: { org: ORG, targets: TARGETS },
    outputs: USER_OUTPUTS,
    irreversibleBecause: 'ended sessions cannot be restored',
  },
  'salesforce.deactivateUsers': { inputs: { org: ORG, targets: TARGETS }, outputs: USER_OUTPUTS },
  'salesforce.revokeConnectedAppTokens': {
    inputs: {
      org: ORG,
      appNames: { type: 'connectedAppNames', required: false },
      users: { type: 'userTargets', required: false },
    },
    atLeastOneOf: ['appNames', 'users'],
    outputs: [],
    irreversibleBecause: 'revoked OAuth tokens cannot be restored; users must authorise the app again',
  },
  'salesforce.lockIntegrationUser': {
    inputs: {
      org: ORG,
      userId: { type: 'userId', required: true },
      permissionSets: { type: 'permissionSetNames', required: false },
      appNames: { type: 'connectedAppNames', required: false },
    },
    outputs: ['removedAssignments'],
    irreversibleBecause: 'it ends sessions and revokes OAuth tokens, which cannot be restored',
  },
  'salesforce.removePermissionSetAssignments': {
    inputs: { org: ORG, targets: TARGETS, permissionSets: { type: 'permissionSetNames', required: false } },
    outputs: [...USER_OUTPUTS, 'removedAssignments'],
  },
  'timeline.build': {
    inputs: {
      ...NOTE,
      org: { type: 'org', required: false },
      users: { type: 'userTargets', required: false },
      lookback: { type: 'duration', required: false },
    },
    outputs: [],
  },
  'deadlines.start': {
    inputs: {
      ...NOTE,
      entityType: { type: 'entityType', required: false },
      timeZone: { type: 'timeZone', required: false },
      affected: { type: 'affectedCounts', required: false },
    },
    outputs: [],
  },
  notify: { inputs: { message: { type: 'text', required: true } }, outputs: [] },
  manual: { inputs: {}, outputs: [], needsInstructions: true },
};

/** The kind of value each output name carries. */
export const STEP_OUTPUT_KINDS: Readonly<Record<StepOutputName, StepOutputKind>> = {
  userIds: 'userIds',
  changedUserIds: 'userIds',
  removedAssignments: 'permissionSetAssignments',
};

/** Placeholders the engine fills in `text` inputs (notify messages, notes). */
export const TEXT_PLACEHOLDERS: readonly string[] = ['incidentId', 'runbook', 'mode'];
