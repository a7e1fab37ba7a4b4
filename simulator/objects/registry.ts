import { AuthSession } from './auth-session';
import { Account, Case } from './business';
import { OauthToken } from './oauth-token';
import { PermissionSet, PermissionSetAssignment } from './permission-set';
import { ConnectedApplication, EventLogFile, LoginHistory, Profile, SetupAuditTrail } from './read-only';
import type { ObjectDef } from './types';
import { User } from './user';
import { UserLogin } from './user-login';

/** Every sObject the simulator serves, in describe order. */
export const OBJECTS: readonly ObjectDef[] = [
  Account,
  AuthSession,
  Case,
  ConnectedApplication,
  EventLogFile,
  LoginHistory,
  OauthToken,
  PermissionSet,
  PermissionSetAssignment,
  Profile,
  SetupAuditTrail,
  User,
  UserLogin,
];

const byLowerName = new Map(OBJECTS.map((o) => [o.name.toLowerCase(), o]));
const byPrefix = new Map(OBJECTS.map((o) => [o.keyPrefix, o]));

/** The object named `name` (case-insensitive), if the simulator serves it. */
export function objectByName(name: string): ObjectDef | undefined {
  return byLowerName.get(name.toLowerCase());
}

/** The object whose records have this 3-character key prefix. */
export function objectByPrefix(prefix: string): ObjectDef | undefined {
  return byPrefix.get(prefix);
}
