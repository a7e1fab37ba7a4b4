import { z } from 'zod';
import { toId18 } from './ids';
import { DEACTIVATION_BLOCKERS } from './objects/user';
import { parseDatetime } from './values';

const datetime = z
  .string()
  .refine(
    (s) => parseDatetime(s) !== undefined,
    'expected an ISO 8601 datetime such as 2026-03-10T19:00:01Z',
  );
const username = z
  .string()
  .regex(/^[^\s@]+@[^\s@]+$/, 'expected a Salesforce username in email form (name@org.example)');
const userRef = z.string().min(1, 'expected the username of a user listed under users');
const ipAddress = z
  .string()
  .regex(/^(\d{1,3}\.){3}\d{1,3}$|^[0-9a-fA-F:]+$/, 'expected an IPv4 or IPv6 address such as 203.0.113.7');
const orgId = z
  .string()
  .refine(
    (s) => s.startsWith('00D') && toId18(s) !== undefined,
    'expected a 15- or 18-character org ID starting 00D',
  );
const rate = z
  .number()
  .min(0, 'expected a probability between 0 and 1')
  .max(1, 'expected a probability between 0 and 1');

/** Fault settings: latency, error rates (0–1) and a concurrency cap; `seed` makes them reproducible. */
export const FaultsSchema = z
  .object({
    latencyMs: z.number().int().min(0).default(0),
    unableToLockRowRate: rate.default(0),
    requestLimitExceededRate: rate.default(0),
    serviceUnavailableRate: rate.default(0),
    maxConcurrent: z.number().int().positive().optional(),
    seed: z.number().int().default(1),
  })
  .strict();

const UserSchema = z
  .object({
    username,
    firstName: z.string().optional(),
    lastName: z.string().min(1),
    email: z
      .string()
      .regex(/^[^\s@]+@[^\s@]+$/, 'expected an email address')
      .optional(),
    alias: z.string().max(8).optional(),
    profile: z.string().default('Standard User'),
    userType: z
      .enum(['Standard', 'PowerPartner', 'CspLitePortal', 'CustomerSuccess', 'CsnOnly', 'AutomatedProcess'])
      .default('Standard'),
    active: z.boolean().default(true),
    frozen: z.boolean().default(false),
    passwordLocked: z.boolean().default(false),
    password: z.string().min(1).optional(),
    department: z.string().optional(),
    title: z.string().optional(),
    createdDate: datetime.optional(),
    lastLoginDate: datetime.optional(),
    deactivationBlockedBy: z
      .enum(Object.keys(DEACTIVATION_BLOCKERS) as [keyof typeof DEACTIVATION_BLOCKERS])
      .optional(),
  })
  .strict();

const AppSchema = z
  .object({
    name: z.string().min(1),
    consumerKey: z.string().min(1).optional(),
    consumerSecret: z.string().min(1).optional(),
    /** PEM certificate or public key; when present, JWT bearer assertions must be signed by its key. */
    jwtCertificate: z
      .string()
      .includes('-----BEGIN', { message: 'expected a PEM certificate or public key' })
      .optional(),
    clientCredentialsUser: userRef.optional(),
    adminApprovedOnly: z.boolean().default(false),
    createdDate: datetime.optional(),
  })
  .strict();

const AssignmentSchema = z.union([
  userRef,
  z.object({ user: userRef, expirationDate: datetime.optional() }).strict(),
]);

const PermissionSetSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'expected an API name (letters, digits, underscores)'),
    label: z.string().optional(),
    description: z.string().optional(),
    ownedByProfile: z.boolean().default(false),
    permissions: z
      .object({
        viewAllData: z.boolean().default(false),
        modifyAllData: z.boolean().default(false),
        exportReport: z.boolean().default(false),
        apiEnabled: z.boolean().default(false),
      })
      .strict()
      .default({ viewAllData: false, modifyAllData: false, exportReport: false, apiEnabled: false }),
    assignments: z.array(AssignmentSchema).default([]),
  })
  .strict();

const SessionSchema = z
  .object({
    user: userRef,
    type: z
      .enum(['UI', 'API', 'Oauth2', 'Content', 'SubstituteUser', 'Visualforce', 'ChatterNetworks'])
      .default('UI'),
    sourceIp: ipAddress,
    loginType: z.string().default('Application'),
    createdDate: datetime,
    numSecondsValid: z.number().int().positive().default(7200),
    current: z.boolean().default(false),
    securityLevel: z.enum(['STANDARD', 'HIGH_ASSURANCE']).default('STANDARD'),
    /** A bearer token that works against the simulator while this session exists. */
    accessToken: z.string().min(8).optional(),
  })
  .strict();

const TokenSchema = z
  .object({
    user: userRef,
    app: z.string().min(1),
    deleteToken: z.string().min(8).optional(),
    /** A bearer token that works against the simulator until this OauthToken is revoked. */
    accessToken: z.string().min(8).optional(),
    createdDate: datetime.optional(),
    lastUsedDate: datetime.optional(),
    useCount: z.number().int().min(0).default(0),
  })
  .strict();

const LoginHistorySchema = z
  .object({
    user: userRef,
    loginTime: datetime,
    sourceIp: ipAddress,
    status: z.string().default('Success'),
    loginType: z.string().default('Application'),
    application: z.string().default('Browser'),
    browser: z.string().optional(),
    platform: z.string().optional(),
    loginUrl: z.string().optional(),
    apiType: z.string().optional(),
    countryIso: z.string().length(2).optional(),
  })
  .strict();

const AuditSchema = z
  .object({
    action: z.string().min(1),
    section: z.string().min(1),
    createdDate: datetime,
    createdBy: userRef,
    display: z.string(),
    delegateUser: z.string().optional(),
  })
  .strict();

const EventLogSchema = z
  .object({
    eventType: z.string().regex(/^[A-Za-z]+$/, 'expected an event type such as ReportExport'),
    logDate: datetime,
    interval: z.enum(['Daily', 'Hourly']).default('Daily'),
    sequence: z.number().int().min(0).default(1),
    createdDate: datetime.optional(),
    /** CSV content with a header row (Salesforce's column names). */
    csv: z.string().min(1).optional(),
    /** Column types, one per CSV column (default String). */
    fieldTypes: z.array(z.string()).optional(),
    /** Generate rows instead of giving CSV. */
    generate: z
      .object({
        rows: z.number().int().min(1).max(1_000_000),
        users: z.array(userRef).min(1).optional(),
        sourceIps: z.array(ipAddress).min(1).optional(),
        seed: z.number().int().default(7),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((e) => (e.csv === undefined) !== (e.generate === undefined), {
    message: 'give exactly one of csv (inline CSV text) or generate ({ rows: N })',
  });

const AccountSchema = z
  .object({ name: z.string().min(1), owner: userRef.optional(), industry: z.string().optional() })
  .strict();

/** A simulator scenario: the org's data, its admin credentials, and fault settings. */
export const ScenarioSchema = z
  .object({
    org: z
      .object({
        id: orgId.optional(),
        name: z.string().default('Simulated Org'),
        /** The simulated "now" at start-up; time then advances in real time. */
        now: datetime.optional(),
        dailyApiRequests: z.number().int().positive().default(100_000),
        apiVersion: z
          .string()
          .regex(/^\d+\.\d$/, 'expected an API version such as 62.0')
          .default('62.0'),
      })
      .strict()
      .default({ name: 'Simulated Org', dailyApiRequests: 100_000, apiVersion: '62.0' }),
    admin: z
      .object({
        username: userRef,
        password: z.string().min(1),
        securityToken: z.string().optional(),
        connectedApp: z.string().min(1),
      })
      .strict(),
    profiles: z
      .array(z.object({ name: z.string().min(1), userType: z.string().default('Standard') }).strict())
      .default([]),
    users: z.array(UserSchema).min(1, 'a scenario needs at least one user (the admin)'),
    connectedApps: z.array(AppSchema).default([]),
    permissionSets: z.array(PermissionSetSchema).default([]),
    sessions: z.array(SessionSchema).default([]),
    tokens: z.array(TokenSchema).default([]),
    loginHistory: z.array(LoginHistorySchema).default([]),
    auditTrail: z.array(AuditSchema).default([]),
    eventLogFiles: z.array(EventLogSchema).default([]),
    accounts: z.array(AccountSchema).default([]),
    faults: FaultsSchema.optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    const users = new Set<string>();
    s.users.forEach((u, i) => {
      const key = u.username.toLowerCase();
      if (users.has(key))
        ctx.addIssue({
          code: 'custom',
          path: ['users', i, 'username'],
          message: `duplicate username ${u.username}`,
        });
      users.add(key);
    });
    const apps = new Set(s.connectedApps.map((a) => a.name));
    const needUser = (value: string | undefined, path: PropertyKey[]): void => {
      if (value !== undefined && !users.has(value.toLowerCase()))
        ctx.addIssue({ code: 'custom', path, message: `unknown user ${value}: list it under users` });
    };
    const needApp = (value: string, path: PropertyKey[]): void => {
      if (!apps.has(value))
        ctx.addIssue({
          code: 'custom',
          path,
          message: `unknown connected app ${value}: list it under connectedApps`,
        });
    };
    needUser(s.admin.username, ['admin', 'username']);
    needApp(s.admin.connectedApp, ['admin', 'connectedApp']);
    const adminApp = s.connectedApps.find((a) => a.name === s.admin.connectedApp);
    if (adminApp && (!adminApp.consumerKey || !adminApp.consumerSecret))
      ctx.addIssue({
        code: 'custom',
        path: ['admin', 'connectedApp'],
        message: `connected app ${adminApp.name} needs consumerKey and consumerSecret for the admin to log in`,
      });
    s.connectedApps.forEach((a, i) =>
      needUser(a.clientCredentialsUser, ['connectedApps', i, 'clientCredentialsUser']),
    );
    s.permissionSets.forEach((p, i) =>
      p.assignments.forEach((a, j) =>
        needUser(typeof a === 'string' ? a : a.user, ['permissionSets', i, 'assignments', j]),
      ),
    );
    s.sessions.forEach((x, i) => needUser(x.user, ['sessions', i, 'user']));
    s.tokens.forEach((x, i) => {
      needUser(x.user, ['tokens', i, 'user']);
      needApp(x.app, ['tokens', i, 'app']);
    });
    s.loginHistory.forEach((x, i) => needUser(x.user, ['loginHistory', i, 'user']));
    s.auditTrail.forEach((x, i) => needUser(x.createdBy, ['auditTrail', i, 'createdBy']));
    s.accounts.forEach((x, i) => needUser(x.owner, ['accounts', i, 'owner']));
    s.eventLogFiles.forEach((e, i) =>
      e.generate?.users?.forEach((u, j) => needUser(u, ['eventLogFiles', i, 'generate', 'users', j])),
    );
  });

/** A validated scenario (defaults applied). */
export type Scenario = z.output<typeof ScenarioSchema>;
/** A scenario as written (defaults optional). */
export type ScenarioInput = z.input<typeof ScenarioSchema>;
/** Validated fault settings. */
export type FaultSettings = z.output<typeof FaultsSchema>;
