import { Prng } from './prng';
import type { ScenarioInput } from './scenario-schema';

/** Options of {@link generateLargeOrg}. */
export interface GenerateOptions {
  /** Number of users besides the admin and the integration user (default 10,000). */
  readonly users?: number;
  /** Seed of the deterministic generator (default 1). */
  readonly seed?: number;
  /** AuthSession rows per user (default 2). */
  readonly sessionsPerUser?: number;
  /** OauthToken rows per user (default 1). */
  readonly tokensPerUser?: number;
  /** LoginHistory rows per user (default 1). */
  readonly loginsPerUser?: number;
  /** The simulated "now" (default 2026-03-10T19:00:00Z). */
  readonly now?: string;
}

const FIRST = [
  'Ana',
  'Ben',
  'Chloe',
  'Dev',
  'Elena',
  'Farid',
  'Grace',
  'Hiro',
  'Ines',
  'Jamal',
  'Kara',
  'Liam',
  'Mei',
  'Nora',
  'Omar',
  'Priya',
];
const LAST = [
  'Alvarez',
  'Brown',
  'Chen',
  'Diaz',
  'Evans',
  'Fischer',
  'Garcia',
  'Haddad',
  'Ito',
  'Jones',
  'Kim',
  'Lopez',
  'Müller',
  'Nguyen',
  'Okafor',
  'Patel',
];
const DEPARTMENTS = [
  'Cardiology',
  'Oncology',
  'Radiology',
  'Billing',
  'Emergency',
  'Pediatrics',
  'Pharmacy',
  'IT',
];
const APPS = ['Salesforce Mobile', 'Tableau Connector', 'DocuSign', 'MedSync Analytics'];

/**
 * Generates a large org for benchmarks: `users` users (plus an admin and an integration user), each with a
 * UserLogin, sessions, connected-app tokens and login history. Deterministic for a given seed.
 */
export function generateLargeOrg(options: GenerateOptions = {}): ScenarioInput {
  const n = options.users ?? 10_000;
  const prng = new Prng(options.seed ?? 1);
  const now = Date.parse(options.now ?? '2026-03-10T19:00:00Z');
  const iso = (ms: number): string => new Date(ms).toISOString();
  const admin = 'admin@bench.example.org';
  const users: NonNullable<ScenarioInput['users']> = [
    {
      username: admin,
      firstName: 'Bench',
      lastName: 'Admin',
      profile: 'System Administrator',
      password: 'bench-admin-pw',
    },
    { username: 'integration@bench.example.org', lastName: 'Integration', profile: 'Integration User' },
  ];
  const sessions: NonNullable<ScenarioInput['sessions']> = [];
  const tokens: NonNullable<ScenarioInput['tokens']> = [];
  const loginHistory: NonNullable<ScenarioInput['loginHistory']> = [];
  for (let i = 0; i < n; i++) {
    const username = `user${String(i).padStart(5, '0')}@bench.example.org`;
    users.push({
      username,
      firstName: prng.pick(FIRST),
      lastName: prng.pick(LAST),
      department: prng.pick(DEPARTMENTS),
      profile: 'Standard User',
      ...(prng.chance(0.02) ? { frozen: true } : {}),
    });
    const ip = `10.${prng.int(256)}.${prng.int(256)}.${1 + prng.int(254)}`;
    for (let s = 0; s < (options.sessionsPerUser ?? 2); s++)
      sessions.push({
        user: username,
        type: s === 0 ? 'UI' : 'API',
        sourceIp: ip,
        createdDate: iso(now - prng.int(7_200_000)),
      });
    for (let t = 0; t < (options.tokensPerUser ?? 1); t++)
      tokens.push({
        user: username,
        app: prng.pick(APPS),
        createdDate: iso(now - 86_400_000 * (1 + prng.int(300))),
        lastUsedDate: iso(now - prng.int(86_400_000)),
        useCount: prng.int(5000),
      });
    for (let l = 0; l < (options.loginsPerUser ?? 1); l++)
      loginHistory.push({ user: username, loginTime: iso(now - prng.int(86_400_000)), sourceIp: ip });
  }
  return {
    org: { name: `Benchmark Health (${n} users)`, now: iso(now), dailyApiRequests: 5_000_000 },
    admin: { username: admin, password: 'bench-admin-pw', connectedApp: 'Tourniquet' },
    users,
    connectedApps: [
      { name: 'Tourniquet', consumerKey: 'bench-consumer-key', consumerSecret: 'bench-consumer-secret' },
      ...APPS.map((name) => ({ name })),
    ],
    permissionSets: [
      {
        name: 'PHI_Access',
        label: 'PHI Access',
        permissions: { viewAllData: false, modifyAllData: false, exportReport: true, apiEnabled: true },
        assignments: users.filter((_, i) => i % 10 === 2).map((u) => u.username),
      },
    ],
    sessions,
    tokens,
    loginHistory,
  };
}
