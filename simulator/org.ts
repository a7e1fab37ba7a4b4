import { OrgAuth, publicKeyFromPem, type AppCredentials } from './auth';
import type { Clock } from './clock';
import { Dml } from './dml';
import { csvHeader, generateEventLog } from './event-log';
import { IdFactory } from './ids';
import { Prng } from './prng';
import type { Scenario } from './scenario-schema';
import { Store } from './store';
import { parseDatetime } from './values';
import type { Row } from './objects/types';

const DAY = 86_400_000;
const DEFAULT_PROFILES = ['System Administrator', 'Standard User', 'Minimum Access - Salesforce'];

/** A seeded org: its data, its authentication state, and its settings. */
export interface Org {
  readonly orgId: string;
  readonly name: string;
  readonly apiVersion: string;
  readonly dailyApiRequests: number;
  readonly store: Store;
  readonly dml: Dml;
  readonly auth: OrgAuth;
  readonly clock: Clock;
  /** 18-character ID of the admin user the scenario's credentials log in as. */
  readonly adminUserId: string;
  /** The admin's connected app (consumer key/secret for the password flow). */
  readonly adminApp: AppCredentials;
  /** EventLogFile CSV blobs by record ID. */
  readonly logFiles: Map<string, string>;
}

function ms(iso: string | undefined, fallback: number): number {
  return (iso === undefined ? undefined : parseDatetime(iso)) ?? fallback;
}

function opaque(prng: Prng, length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[prng.int(alphabet.length)];
  return out;
}

/** Builds the org a scenario describes (deterministic IDs; `clock` gives "now" for defaults). */
export function seedOrg(scenario: Scenario, clock: Clock): Org {
  const ids = new IdFactory();
  const store = new Store(ids);
  const now = clock();
  const prng = new Prng(20260310);
  const orgId = scenario.org.id ?? ids.next('00D');
  const auth = new OrgAuth(orgId);
  const longAgo = now - 400 * DAY;
  const userIds = new Map<string, string>();
  const userId = (username: string): string => userIds.get(username.toLowerCase()) as string;

  // Profiles, each with the permission set Salesforce keeps for it (IsOwnedByProfile = true).
  const profileNames = [
    ...new Set([
      ...DEFAULT_PROFILES,
      ...scenario.profiles.map((p) => p.name),
      ...scenario.users.map((u) => u.profile),
    ]),
  ];
  const profiles = new Map<string, { id: string; psId: string }>();
  for (const name of profileNames) {
    const id = ids.next('00e');
    const psId = ids.next('0PS');
    const base = {
      CreatedDate: longAgo,
      CreatedById: null,
      LastModifiedDate: longAgo,
      LastModifiedById: null,
      SystemModstamp: longAgo,
    };
    store.insert('Profile', { Id: id, Name: name, UserType: 'Standard', ...base });
    store.insert('PermissionSet', {
      Id: psId,
      Name: `X${psId.slice(0, 15)}`,
      Label: name,
      Description: null,
      IsOwnedByProfile: true,
      IsCustom: false,
      ProfileId: id,
      PermissionsViewAllData: name === 'System Administrator',
      PermissionsModifyAllData: name === 'System Administrator',
      PermissionsExportReport: name !== 'Minimum Access - Salesforce',
      PermissionsApiEnabled: true,
      ...base,
    });
    profiles.set(name, { id, psId });
  }

  // Users and their UserLogin rows.
  for (const u of scenario.users) {
    const id = ids.next('005');
    userIds.set(u.username.toLowerCase(), id);
  }
  const adminUserId = userId(scenario.admin.username);
  for (const u of scenario.users) {
    const id = userId(u.username);
    const created = ms(u.createdDate, longAgo);
    const profile = profiles.get(u.profile) as { id: string; psId: string };
    store.insert('User', {
      Id: id,
      Username: u.username,
      FirstName: u.firstName ?? null,
      LastName: u.lastName,
      Name: [u.firstName, u.lastName].filter(Boolean).join(' '),
      Alias: u.alias ?? (u.firstName?.[0] ?? '') + u.lastName.slice(0, 4).toLowerCase(),
      Email: u.email ?? u.username,
      IsActive: u.active,
      ProfileId: profile.id,
      UserType: u.userType,
      Department: u.department ?? null,
      Title: u.title ?? null,
      FederationIdentifier: null,
      LastLoginDate: u.lastLoginDate ? ms(u.lastLoginDate, now) : null,
      CreatedDate: created,
      CreatedById: adminUserId,
      LastModifiedDate: created,
      LastModifiedById: adminUserId,
      SystemModstamp: created,
    });
    store.insert('UserLogin', {
      Id: ids.next('060'),
      UserId: id,
      IsFrozen: u.frozen,
      IsPasswordLocked: u.passwordLocked,
      LastModifiedDate: created,
      LastModifiedById: adminUserId,
    });
    store.insert('PermissionSetAssignment', {
      Id: ids.next('0Pa'),
      AssigneeId: id,
      PermissionSetId: profile.psId,
      ExpirationDate: null,
      IsActive: true,
      SystemModstamp: created,
    });
    if (u.password) auth.setPassword(id, u.password);
    if (u.deactivationBlockedBy) auth.blockers.set(id, u.deactivationBlockedBy);
  }
  auth.setPassword(adminUserId, scenario.admin.password, scenario.admin.securityToken);

  // Connected apps.
  const apps = new Map<string, AppCredentials & { menuItemId: string }>();
  for (const a of scenario.connectedApps) {
    const id = ids.next('0H4');
    const created = ms(a.createdDate, longAgo);
    store.insert('ConnectedApplication', {
      Id: id,
      Name: a.name,
      OptionsAllowAdminApprovedUsersOnly: a.adminApprovedOnly,
      OptionsRefreshTokenValidityMetric: false,
      RefreshTokenValidityPeriod: null,
      StartUrl: null,
      CreatedDate: created,
      CreatedById: adminUserId,
      LastModifiedDate: created,
      LastModifiedById: adminUserId,
      SystemModstamp: created,
    });
    const creds: AppCredentials & { menuItemId: string } = {
      appId: id,
      name: a.name,
      menuItemId: ids.next('0DS'),
      adminApprovedOnly: a.adminApprovedOnly,
      ...(a.consumerKey ? { consumerKey: a.consumerKey } : {}),
      ...(a.consumerSecret ? { consumerSecret: a.consumerSecret } : {}),
      ...(a.jwtCertificate ? { publicKey: publicKeyFromPem(a.jwtCertificate) } : {}),
      ...(a.clientCredentialsUser ? { clientCredentialsUserId: userId(a.clientCredentialsUser) } : {}),
    };
    apps.set(a.name, creds);
    auth.addApp(creds);
  }
  const adminApp = apps.get(scenario.admin.connectedApp) as AppCredentials;

  // Permission sets and assignments.
  for (const p of scenario.permissionSets) {
    const id = ids.next('0PS');
    store.insert('PermissionSet', {
      Id: id,
      Name: p.name,
      Label: p.label ?? p.name.replace(/_/g, ' '),
      Description: p.description ?? null,
      IsOwnedByProfile: p.ownedByProfile,
      IsCustom: true,
      ProfileId: null,
      PermissionsViewAllData: p.permissions.viewAllData,
      PermissionsModifyAllData: p.permissions.modifyAllData,
      PermissionsExportReport: p.permissions.exportReport,
      PermissionsApiEnabled: p.permissions.apiEnabled,
      CreatedDate: longAgo,
      CreatedById: adminUserId,
      LastModifiedDate: longAgo,
      LastModifiedById: adminUserId,
      SystemModstamp: longAgo,
    });
    for (const a of p.assignments) {
      const who = typeof a === 'string' ? a : a.user;
      const expires = typeof a === 'string' ? undefined : a.expirationDate;
      store.insert('PermissionSetAssignment', {
        Id: ids.next('0Pa'),
        AssigneeId: userId(who),
        PermissionSetId: id,
        ExpirationDate: expires ? ms(expires, now) : null,
        IsActive: true,
        SystemModstamp: longAgo,
      });
    }
  }

  // Login history first: sessions point at it.
  for (const h of scenario.loginHistory) {
    store.insert('LoginHistory', {
      Id: ids.next('0Ya'),
      UserId: userId(h.user),
      LoginTime: ms(h.loginTime, now),
      SourceIp: h.sourceIp,
      Status: h.status,
      LoginType: h.loginType,
      Application: h.application,
      Browser: h.browser ?? null,
      Platform: h.platform ?? null,
      LoginUrl: h.loginUrl ?? null,
      ApiType: h.apiType ?? null,
      ApiVersion: null,
      CountryIso: h.countryIso ?? null,
      TlsProtocol: 'TLS 1.3',
      CipherSuite: 'TLS_AES_256_GCM_SHA384',
      AuthenticationServiceId: null,
      LoginGeoId: null,
    });
  }
  for (const s of scenario.sessions) {
    const id = ids.next('0Ak');
    const uid = userId(s.user);
    const created = ms(s.createdDate, now);
    const history = store
      .findBy('LoginHistory', 'UserId', uid)
      .find(
        (h) =>
          h.SourceIp === s.sourceIp &&
          typeof h.LoginTime === 'number' &&
          Math.abs(h.LoginTime - created) < 60_000,
      );
    store.insert('AuthSession', {
      Id: id,
      UsersId: uid,
      SessionType: s.type,
      SourceIp: s.sourceIp,
      LoginType: s.loginType,
      LoginHistoryId: history ? String(history.Id) : null,
      IsCurrent: s.current,
      NumSecondsValid: s.numSecondsValid,
      SessionSecurityLevel: s.securityLevel,
      UserType: 'Standard',
      CreatedDate: created,
      LastModifiedDate: created,
    });
    if (s.accessToken) auth.addGrant({ token: s.accessToken, userId: uid, sessionId: id, issuedAt: created });
  }

  // OAuth tokens of connected apps.
  for (const t of scenario.tokens) {
    const id = ids.next('0CQ');
    const app = apps.get(t.app) as AppCredentials & { menuItemId: string };
    const created = ms(t.createdDate, now - 30 * DAY);
    store.insert('OauthToken', {
      Id: id,
      AppName: t.app,
      UserId: userId(t.user),
      DeleteToken: t.deleteToken ?? opaque(prng, 44),
      LastUsedDate: ms(t.lastUsedDate, created),
      UseCount: t.useCount,
      CreatedDate: created,
      AppMenuItemId: app.menuItemId,
      RequestToken: null,
    });
    if (t.accessToken)
      auth.addGrant({
        token: t.accessToken,
        userId: userId(t.user),
        appName: t.app,
        oauthTokenId: id,
        issuedAt: created,
      });
  }

  for (const a of scenario.auditTrail) {
    store.insert('SetupAuditTrail', {
      Id: ids.next('0Ym'),
      Action: a.action,
      Section: a.section,
      CreatedDate: ms(a.createdDate, now),
      CreatedById: userId(a.createdBy),
      Display: a.display,
      DelegateUser: a.delegateUser ?? null,
      ResponsibleNamespacePrefix: null,
    });
  }

  const logFiles = new Map<string, string>();
  for (const e of scenario.eventLogFiles) {
    const id = ids.next('0AT');
    const logDate = ms(e.logDate, now);
    let csv: string;
    let names: readonly string[];
    let types: readonly string[];
    if (e.csv !== undefined) {
      csv = e.csv.endsWith('\n') ? e.csv : `${e.csv}\n`;
      names = csvHeader(csv);
      types = e.fieldTypes ?? names.map(() => 'String');
    } else {
      const g = e.generate as { rows: number; users?: string[]; sourceIps?: string[]; seed: number };
      const users = (g.users ?? scenario.users.map((u) => u.username)).map((u) => ({ id18: userId(u) }));
      const content = generateEventLog({
        eventType: e.eventType,
        logDate,
        hourly: e.interval === 'Hourly',
        rows: g.rows,
        orgId,
        users,
        sourceIps: g.sourceIps ?? ['10.20.0.15'],
        seed: g.seed,
      });
      csv = content.csv;
      names = content.fieldNames;
      types = content.fieldTypes;
    }
    const created = ms(
      e.createdDate,
      logDate + (e.interval === 'Hourly' ? 4 * 3_600_000 : DAY + 3 * 3_600_000),
    );
    const row: Row = {
      Id: id,
      EventType: e.eventType,
      LogDate: logDate,
      LogFileLength: Buffer.byteLength(csv),
      LogFileFieldNames: names.join(','),
      LogFileFieldTypes: types.join(','),
      LogFileContentType: 'CSV',
      Interval: e.interval,
      Sequence: e.sequence,
      ApiVersion: Number(scenario.org.apiVersion),
      LogFile: null,
      CreatedDate: created,
      CreatedById: adminUserId,
      LastModifiedDate: created,
      LastModifiedById: adminUserId,
      SystemModstamp: created,
    };
    store.insert('EventLogFile', row);
    logFiles.set(id, csv);
  }

  for (const a of scenario.accounts) {
    const owner = a.owner ? userId(a.owner) : adminUserId;
    store.insert('Account', {
      Id: ids.next('001'),
      Name: a.name,
      Type: null,
      Industry: a.industry ?? null,
      OwnerId: owner,
      CreatedDate: longAgo,
      CreatedById: adminUserId,
      LastModifiedDate: longAgo,
      LastModifiedById: adminUserId,
      SystemModstamp: longAgo,
    });
  }

  return {
    orgId,
    name: scenario.org.name,
    apiVersion: scenario.org.apiVersion,
    dailyApiRequests: scenario.org.dailyApiRequests,
    store,
    dml: new Dml(store, auth.blockers),
    auth,
    clock,
    adminUserId,
    adminApp,
    logFiles,
  };
}
