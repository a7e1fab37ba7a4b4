import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { formatParamText } from '../../../domain/runbook/param-text';
import {
  collectParamFlags,
  parseParamFlag,
  resolveParams,
  RunbookParamsError,
} from '../../../domain/runbook/params';
import type { Runbook } from '../../../domain/runbook/schema';
import { parseRunbook, validateRunbookObject } from '../../../domain/runbook/validate';
import { idChecksum, toId18 } from '../../../domain/salesforce/ids';
import type { UserTargetsInput } from '../../../domain/salesforce/targets';

/** A runbook with a parameter of every type, each used by a step. */
const RUNBOOK: Runbook = validateRunbookObject(
  {
    name: 'all-types',
    version: 1,
    description: 'Every parameter type.',
    parameters: {
      org: { type: 'org', description: 'The org.', default: 'production' },
      users: { type: 'userTargets', description: 'Users to freeze.' },
      integrationUser: { type: 'userId', description: 'The integration user.' },
      apps: { type: 'connectedAppNames', description: 'Apps.', required: false },
      permissionSets: { type: 'permissionSetNames', description: 'Sets.', default: ['PHI_Full_Access'] },
      message: { type: 'text', description: 'What to tell people.', required: false },
    },
    phases: [
      {
        id: 'contain',
        title: 'Contain',
        steps: [
          {
            id: 'freeze',
            title: 'Freeze',
            action: 'salesforce.freezeUsers',
            inputs: { org: { param: 'org' }, targets: { param: 'users' } },
            approval: { policy: 'one', role: 'approver' },
            reversible: true,
          },
          {
            id: 'lock',
            title: 'Lock',
            action: 'salesforce.lockIntegrationUser',
            inputs: {
              org: { param: 'org' },
              userId: { param: 'integrationUser' },
              appNames: { param: 'apps' },
              permissionSets: { param: 'permissionSets' },
            },
            approval: { policy: 'two-person', role: 'approver' },
            reversible: false,
          },
          {
            id: 'tell',
            title: 'Tell',
            action: 'notify',
            inputs: { message: { value: 'Incident {{incidentId}}' } },
            reversible: false,
          },
          {
            id: 'note',
            title: 'Note',
            action: 'timeline.build',
            inputs: { note: { param: 'message' } },
            reversible: false,
          },
        ],
      },
    ],
  },
  'test runbook',
);

const ID15 = '0058d000001AbCd';
const ID18 = toId18(ID15)!;

function paramsError(fn: () => unknown): RunbookParamsError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(RunbookParamsError);
    expect((err as RunbookParamsError).code).toBe('RUNBOOK_PARAMS_INVALID');
    return err as RunbookParamsError;
  }
  throw new Error('expected RunbookParamsError');
}

describe('resolveParams', () => {
  test('applies defaults, leaves out unset optional parameters and returns values in input form', () => {
    const resolved = resolveParams(RUNBOOK, {
      users: {
        userIds: [ID15],
        selectors: [
          { kind: 'loginFromIpRange', cidr: '185.220.101.0/24', since: '2026-03-10T01:00:00+01:00' },
        ],
      },
      integrationUser: ID15,
    });
    expect(resolved).toEqual({
      org: 'production',
      users: {
        userIds: [ID18],
        selectors: [
          { kind: 'loginFromIpRange', cidr: '185.220.101.0/24', since: '2026-03-10T00:00:00.000Z' },
        ],
      },
      integrationUser: ID18,
      permissionSets: ['PHI_Full_Access'],
    });
    // The result is itself valid input (activities re-validate it), and resolving again changes nothing.
    expect(resolveParams(RUNBOOK, resolved)).toEqual(resolved);
  });

  test('lists every unknown, missing and malformed parameter at once, with an example', () => {
    const error = paramsError(() =>
      resolveParams(RUNBOOK, { org: 'prod uction', apps: [], usres: { userIds: [ID15] } }),
    );
    expect(error.problems.map((p) => p.param)).toEqual(['usres', 'org', 'users', 'integrationUser', 'apps']);
    expect(error.message).toMatch(/^parameters for runbook 'all-types' are invalid:\n/);
    expect(error.message).toContain(
      "  - usres: unknown parameter; runbook 'all-types' takes org (org), users (userTargets, required), integrationUser (userId, required), apps (connectedAppNames), permissionSets (permissionSetNames), message (text)",
    );
    expect(error.message).toContain(
      '  - org: not a valid org: must be the name of a configured Salesforce org; e.g. org=production',
    );
    expect(error.message).toContain(
      '  - users: missing (userTargets: Users to freeze.); e.g. users=0058d000001AbCd,0058d000001AbCe (or usernames:',
    );
    expect(error.message).toContain(
      '  - integrationUser: missing (userId: The integration user.); e.g. integrationUser=0058d000001AbCd',
    );
    expect(error.message).toMatch(
      / {2}- apps: not a valid connectedAppNames: .*; e\.g\. apps=MedSync Analytics,Data Loader/,
    );
  });

  test('refuses SOQL-injection-looking values for every type that reaches a query', () => {
    const error = paramsError(() =>
      resolveParams(RUNBOOK, {
        org: "production' OR '1'='1",
        users: {
          userIds: ["005' OR Id != null --"],
          selectors: [
            { kind: 'usernames', usernames: ["x@y.org' OR Username LIKE '%"] },
            { kind: 'permissionSet', name: "PHI' OR Name LIKE '%" },
            { kind: 'loginFromIpRange', cidr: "10.0.0.0/8' OR SourceIp != '", since: '2026-03-10T00:00:00Z' },
          ],
        },
        integrationUser: "0058d000001AbCd' OR Id != null",
        permissionSets: ['PHI_Full_Access) OR (Id != null'],
      }),
    );
    const text = error.message;
    expect(error.problems.map((p) => p.param)).toEqual(['org', 'users', 'integrationUser', 'permissionSets']);
    expect(text).toMatch(
      /users: not a valid userTargets: userIds\[0\]: must be a 15- or 18-character Salesforce ID/,
    );
    expect(text).toMatch(
      /selectors\[0\]\.usernames\[0\]: must be a Salesforce username in email form \(no spaces, quotes/,
    );
    expect(text).toMatch(/selectors\[1\]\.name: must be a permission set API name/);
    expect(text).toMatch(/selectors\[2\]\.cidr: must be an IPv4 CIDR range/);
  });
});

describe('parseParamFlag', () => {
  test('reads each text form', () => {
    expect(parseParamFlag(RUNBOOK, 'org=sandbox')).toEqual({ name: 'org', value: 'sandbox' });
    expect(parseParamFlag(RUNBOOK, `integrationUser= ${ID15} `).value).toBe(ID15);
    expect(parseParamFlag(RUNBOOK, 'apps=MedSync Analytics, Data Loader,').value).toEqual([
      'MedSync Analytics',
      'Data Loader',
    ]);
    expect(parseParamFlag(RUNBOOK, 'message=a=b; c, d').value).toBe('a=b; c, d');
    expect(
      parseParamFlag(
        RUNBOOK,
        `users=${ID15},${ID18};usernames:m.chen@example.org,j.doe@example.org; permissionSet:PHI_Full_Access;ip:185.220.101.0/24@2026-03-10T00:00:00Z`,
      ).value,
    ).toEqual({
      userIds: [ID15, ID18],
      selectors: [
        { kind: 'usernames', usernames: ['m.chen@example.org', 'j.doe@example.org'] },
        { kind: 'permissionSet', name: 'PHI_Full_Access' },
        { kind: 'loginFromIpRange', cidr: '185.220.101.0/24', since: '2026-03-10T00:00:00Z' },
      ],
    });
  });

  test('takes JSON for structured types (a JSON array of IDs for user targets)', () => {
    expect(parseParamFlag(RUNBOOK, 'apps=["Acme, Inc. Sync"]').value).toEqual(['Acme, Inc. Sync']);
    expect(parseParamFlag(RUNBOOK, `users=["${ID15}"]`).value).toEqual({ userIds: [ID15], selectors: [] });
    expect(
      parseParamFlag(RUNBOOK, `users={"selectors":[{"kind":"permissionSet","name":"PHI_Full_Access"}]}`)
        .value,
    ).toEqual({ selectors: [{ kind: 'permissionSet', name: 'PHI_Full_Access' }] });
    expect(() => parseParamFlag(RUNBOOK, 'apps=[oops')).toThrow(
      /apps: looks like JSON but is not valid JSON/,
    );
  });

  test('errors name the parameter, the problem and a good example', () => {
    expect(() => parseParamFlag(RUNBOOK, 'users')).toThrow(/users: write the parameter as name=value/);
    expect(() => parseParamFlag(RUNBOOK, 'user=x')).toThrow(
      /user: unknown parameter; runbook 'all-types' takes org/,
    );
    expect(() => parseParamFlag(RUNBOOK, 'users=ip:185.220.101.0/24')).toThrow(
      /users: 'ip:185\.220\.101\.0\/24' needs a start instant: ip:CIDR@ISO-TIME/,
    );
    expect(() => parseParamFlag(RUNBOOK, 'users=m.chen@example.org')).toThrow(
      /'m\.chen@example\.org' looks like a username: write usernames:m\.chen@example\.org/,
    );
    expect(() => parseParamFlag(RUNBOOK, 'users=perm:PHI')).toThrow(/unknown selector 'perm:'/);
    expect(() => parseParamFlag(RUNBOOK, 'users=;')).toThrow(
      /users: not a valid userTargets: name at least one user id or selector/,
    );
    expect(() => parseParamFlag(RUNBOOK, 'users=ip:185.220.101.0/24@yesterday')).toThrow(
      /selectors\[0\]\.since: must be an ISO 8601 date-time with a time zone/,
    );
  });

  test('refuses SOQL-injection-looking text', () => {
    for (const flag of [
      "integrationUser=005' OR Id != null --",
      "users=usernames:a@b.org' OR '1'='1",
      "users=permissionSet:PHI' OR Name != '",
      "permissionSets=PHI_Full_Access,x' OR Name != '",
      "users=0058d000001AbCd,0058d000001AbCe' OR ''='",
      "org=production' --",
    ])
      expect(() => parseParamFlag(RUNBOOK, flag)).toThrow(RunbookParamsError);
  });
});

describe('collectParamFlags', () => {
  test('repeated user targets and lists merge; the result resolves', () => {
    const raw = collectParamFlags(RUNBOOK, [
      `users=${ID15}`,
      'users=usernames:m.chen@example.org',
      `users=${ID15},${ID18}`,
      'apps=A',
      'apps=B,A',
      `integrationUser=${ID15}`,
    ]);
    expect(raw).toEqual({
      users: { userIds: [ID15, ID18], selectors: [{ kind: 'usernames', usernames: ['m.chen@example.org'] }] },
      apps: ['A', 'B'],
      integrationUser: ID15,
    });
    expect(resolveParams(RUNBOOK, raw).users).toEqual({
      userIds: [ID18],
      selectors: [{ kind: 'usernames', usernames: ['m.chen@example.org'] }],
    });
  });

  test('a single-valued parameter given twice is an error, reported with every other bad flag', () => {
    const error = paramsError(() => collectParamFlags(RUNBOOK, ['org=a', 'org=b', 'nope=1', 'users=bad id']));
    expect(error.problems.map((p) => p.param)).toEqual(['org', 'nope', 'users']);
    expect(error.problems[0].message).toBe('given more than once; org parameters take one value');
  });
});

describe('properties', () => {
  const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'.split('');
  const id15 = fc.string({ unit: fc.constantFrom(...ALNUM), minLength: 15, maxLength: 15 });
  const anyId = fc.oneof(
    id15,
    id15.map((id) => id + idChecksum(id)),
  );

  test('comma-separated ID lists round-trip through parseParamFlag and resolve to 18-character IDs', () => {
    fc.assert(
      fc.property(fc.array(anyId, { minLength: 1, maxLength: 20 }), (ids) => {
        const { value } = parseParamFlag(RUNBOOK, `users=${ids.join(',')}`);
        expect(value).toEqual({ userIds: ids, selectors: [] });
        const resolved = resolveParams(RUNBOOK, { users: value, integrationUser: ids[0] });
        expect(resolved.users).toEqual({ userIds: [...new Set(ids.map((id) => toId18(id)))], selectors: [] });
      }),
    );
  });

  const usernameChars = 'abcdefghijklmnopqrstuvwxyz0123456789._-+,;'.split('');
  const username = fc
    .tuple(
      fc.string({ unit: fc.constantFrom(...usernameChars), minLength: 1, maxLength: 20 }),
      fc.string({ unit: fc.constantFrom(...usernameChars), minLength: 1, maxLength: 20 }),
    )
    .map(([local, domain]) => `${local}@${domain}`);
  const octet = fc.integer({ min: 0, max: 255 });
  const selector = fc.oneof(
    fc
      .array(username, { minLength: 1, maxLength: 3 })
      .map((usernames) => ({ kind: 'usernames' as const, usernames })),
    fc
      .constantFrom('PHI_Full_Access', 'Report_Export', 'X1')
      .map((name) => ({ kind: 'permissionSet' as const, name })),
    fc
      .record({
        ip: fc.tuple(octet, octet, octet, octet),
        bits: fc.integer({ min: 0, max: 32 }),
        since: fc.date({
          min: new Date('2020-01-01T00:00:00Z'),
          max: new Date('2030-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
      })
      .map(({ ip, bits, since }) => ({
        kind: 'loginFromIpRange' as const,
        cidr: `${ip.join('.')}/${bits}`,
        since: since.toISOString(),
      })),
  );
  const targets: fc.Arbitrary<UserTargetsInput> = fc
    .record({ userIds: fc.array(anyId, { maxLength: 5 }), selectors: fc.array(selector, { maxLength: 4 }) })
    .filter((t) => t.userIds.length + t.selectors.length > 0);

  test('formatParamText writes user targets that parseParamFlag reads back to the same value', () => {
    fc.assert(
      fc.property(targets, (value) => {
        const text = formatParamText('userTargets', value);
        expect(parseParamFlag(RUNBOOK, `users=${text}`).value).toEqual(value);
      }),
    );
  });

  test('formatParamText writes any app names so they read back (JSON when commas or spaces need it)', () => {
    const name = fc
      .string({ minLength: 1, maxLength: 30 })
      // eslint-disable-next-line no-control-regex
      .filter((s) => !/[\u0000-\u001f]/.test(s));
    fc.assert(
      fc.property(fc.array(name, { minLength: 1, maxLength: 5 }), (names) => {
        const text = formatParamText('connectedAppNames', names);
        expect(parseParamFlag(RUNBOOK, `apps=${text}`).value).toEqual(names);
      }),
    );
  });
});

test('the shipped runbooks resolve with the parameters an incident commander would give', () => {
  const dir = path.resolve(__dirname, '..', '..', '..', 'templates', 'runbooks');
  const load = (name: string) => parseRunbook(fs.readFileSync(path.join(dir, `${name}.yaml`), 'utf8'), name);
  expect(
    resolveParams(
      load('phi-exfiltration-salesforce'),
      collectParamFlags(load('phi-exfiltration-salesforce'), [
        'compromisedUsers=usernames:m.chen@stelsewhere-health.org,j.alvarez@stelsewhere-health.org',
        'compromisedUsers=ip:185.220.101.0/24@2026-03-10T19:00:00Z',
        'phiPermissionSets=PHI_Full_Access',
        'affected=1500,CA=600,TX=250',
      ]),
    ),
  ).toEqual({
    org: 'production',
    entityType: 'covered-entity',
    timeZone: 'America/New_York',
    affected: '1500,CA=600,TX=250',
    compromisedUsers: {
      userIds: [],
      selectors: [
        {
          kind: 'usernames',
          usernames: ['m.chen@stelsewhere-health.org', 'j.alvarez@stelsewhere-health.org'],
        },
        { kind: 'loginFromIpRange', cidr: '185.220.101.0/24', since: '2026-03-10T19:00:00.000Z' },
      ],
    },
    phiPermissionSets: ['PHI_Full_Access'],
  });
  // The deadline parameters are checked at declaration, with the fix in the message.
  const phi = load('phi-exfiltration-salesforce');
  expect(() =>
    resolveParams(phi, { compromisedUsers: { userIds: ['0058d000001AbCd'] }, affected: 'CA=six' }),
  ).toThrow(/affected: "CA=six" is not a count; write ST=N,ST=N or a total/);
  expect(() =>
    resolveParams(phi, { compromisedUsers: { userIds: ['0058d000001AbCd'] }, timeZone: 'Mars/Olympus' }),
  ).toThrow(/"Mars\/Olympus" is not a known IANA time zone/);
  expect(() =>
    resolveParams(phi, { compromisedUsers: { userIds: ['0058d000001AbCd'] }, entityType: 'hospital' }),
  ).toThrow(/entityType/);
  const app = load('compromised-connected-app');
  expect(() => resolveParams(app, { appNames: ['MedSync Analytics'] })).toThrow(
    /integrationUserId: missing \(userId/,
  );
});
